"""Image conversions for the generation panels (numpy RGBA <-> QImage/QPixmap, PIL, files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

MAX_INPUT_PIXELS = 1024 * 1024


class ImageInputError(ValueError):
    """An input image (file, canvas, selection) could not be used."""


def rgba_to_qimage(pixels: np.ndarray) -> QImage:
    """Copy an (H, W, 4) uint8 straight-alpha array into a QImage."""
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        raise ImageInputError(f"expected (H, W, 4) uint8 pixels, got {pixels.dtype} {pixels.shape}")
    data = np.ascontiguousarray(pixels)
    h, w = data.shape[:2]
    return QImage(data.data, w, h, w * 4, QImage.Format.Format_RGBA8888).copy()


def pil_to_rgba(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()


def rgba_to_pil(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(pixels), "RGBA")


def png_to_pixmap(data: bytes) -> QPixmap:
    pix = QPixmap()
    pix.loadFromData(data, "PNG")
    return pix


def scaled_icon(pixels: np.ndarray, size: int) -> QIcon:
    """A crisp (nearest-neighbour) icon of ``size`` px for a thumbnail list."""
    image = rgba_to_qimage(pixels)
    scaled = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.FastTransformation)
    return QIcon(QPixmap.fromImage(scaled))


def load_image_file(path: str | Path) -> np.ndarray:
    """Open a PNG/GIF/WebP/JPEG file safely as RGBA pixels (pixel cap, clear errors)."""
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_INPUT_PIXELS:
                raise ImageInputError(f"{Path(path).name} is too large ({img.width}x{img.height})")
            return pil_to_rgba(img)
    except (OSError, Image.DecompressionBombError) as exc:
        raise ImageInputError(f"cannot open {Path(path).name}: {exc}") from exc


def palette_image(colors: list[tuple[int, int, int, int]]) -> np.ndarray:
    """An N x 1 image holding a palette (the API takes any-size colour images)."""
    if not colors:
        raise ImageInputError("the document has no palette colours")
    arr = np.array([list(c)[:4] + [255] * (4 - len(c)) for c in colors], dtype=np.uint8)
    return arr.reshape(1, len(colors), 4)
