"""Conversions between core pixels (numpy RGBA, straight alpha) and QImage."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def rgba_to_qimage(pixels: np.ndarray) -> QImage:
    """Copy an (H, W, 4) uint8 straight-alpha array into a premultiplied QImage.

    Premultiplied ARGB32 is the format QPainter blits fastest, so tiles are converted once here.
    """
    if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
        raise ValueError(f"expected (H, W, 4) uint8 RGBA pixels, got {pixels.shape} {pixels.dtype}")
    data = np.ascontiguousarray(pixels)
    h, w = data.shape[:2]
    image = QImage(data.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
    # convertToFormat copies, so the result no longer refers to the numpy buffer.
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def qimage_to_rgba(image: QImage) -> np.ndarray:
    """Copy a QImage into an (H, W, 4) uint8 straight-alpha array."""
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = converted.width(), converted.height()
    stride = converted.bytesPerLine()
    buffer = np.frombuffer(converted.constBits(), dtype=np.uint8, count=stride * h)
    return buffer.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def pil_to_rgba(image: object) -> np.ndarray:
    """Turn a PIL image into an (H, W, 4) uint8 array (the API boundary type)."""
    from PIL import Image

    if not isinstance(image, Image.Image):
        raise TypeError(f"expected a PIL image, got {type(image).__name__}")
    return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()
