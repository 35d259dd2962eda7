"""numpy RGBA (straight alpha) <-> QImage, and clipboard/drop payloads to pixels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

from studio.core.fileio import FileFormatError, image_from_clipboard


def rgba_to_qimage(pixels: np.ndarray) -> QImage:
    """A QImage copy of (H, W, 4) uint8 straight-alpha pixels."""
    data = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w = data.shape[:2]
    return QImage(data.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def qimage_to_rgba(image: QImage) -> np.ndarray:
    """(H, W, 4) uint8 straight-alpha copy of any QImage."""
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h, stride = converted.width(), converted.height(), converted.bytesPerLine()
    raw = np.frombuffer(converted.constBits(), dtype=np.uint8, count=stride * h)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def thumbnail_icon(pixels: np.ndarray, size: int) -> QIcon:
    """A nearest-neighbour thumbnail fitting ``size`` x ``size``."""
    image = rgba_to_qimage(pixels).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation)
    return QIcon(QPixmap.fromImage(image))


def pixels_from_mime(mime: QMimeData) -> np.ndarray:
    """Pixels of clipboard / drop data: PNG bytes first (exact alpha), then any image.

    Raises FileFormatError when there is no image or it is unusable (empty, too large, corrupt).
    """
    if mime.hasFormat("image/png"):
        return image_from_clipboard(bytes(mime.data("image/png").data()))
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QPixmap):
            image = image.toImage()
        if isinstance(image, QImage) and not image.isNull():
            return image_from_clipboard(qimage_to_rgba(image))
    raise FileFormatError("the clipboard holds no image")
