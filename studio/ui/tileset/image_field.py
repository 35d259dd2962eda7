"""An optional reference-image field: take it from the canvas or a PNG file, show a thumbnail.

Used for the tileset's lower/upper/transition references and colour image and the isometric
tile's init and colour images. A file that cannot be read shows a clear message and leaves the
previous image in place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QToolButton, QWidget

from studio.ui.tileset.qimage_convert import rgba_to_qimage

MAX_REFERENCE_PIXELS = 1024 * 1024
CanvasImageSource = Callable[[], Any]


def to_pil_rgba(image: Any) -> Image.Image:
    """PIL image or (H, W, 4) uint8 array -> RGBA PIL image."""
    if isinstance(image, Image.Image):
        return image.convert("RGBA")
    array = np.asarray(image)
    if array.ndim != 3 or array.shape[2] != 4 or array.dtype != np.uint8:
        raise ValueError(f"expected an RGBA image, got an array of shape {array.shape}")
    return Image.fromarray(array, "RGBA")


def load_png(path: str | Path) -> Image.Image:
    """Open a reference image file safely (bounded size, decode errors as ValueError)."""
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_REFERENCE_PIXELS:
                raise ValueError(f"{Path(path).name} is {img.width}x{img.height}; reference images"
                                 f" may have at most {MAX_REFERENCE_PIXELS} pixels")
            return img.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ValueError(f"cannot read {Path(path).name}: {exc}") from exc


class ImageField(QWidget):
    """Thumbnail + "Canvas" + "File..." + clear buttons. ``image`` is a PIL image or None."""

    changed = Signal()

    def __init__(self, name: str, canvas_image: CanvasImageSource | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self._image: Image.Image | None = None
        self._live: CanvasImageSource | None = None  # followed at every read (the palette)
        self.error = ""
        self._canvas_image = canvas_image
        self.thumb = QLabel("none")
        self.thumb.setFixedSize(34, 34)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("QLabel { border: 1px solid palette(mid); font-size: 9px; }")
        self.from_canvas = QToolButton(text="Canvas", objectName=f"{name}.canvas")
        self.from_canvas.setToolTip("Use the current canvas image")
        self.from_canvas.setEnabled(canvas_image is not None)
        self.from_file = QToolButton(text="File…", objectName=f"{name}.file")
        self.clear_button = QToolButton(text="✕", objectName=f"{name}.clear")
        self.clear_button.setToolTip("No image")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.thumb, self.from_canvas, self.from_file, self.clear_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.from_canvas.clicked.connect(self.take_from_canvas)
        self.from_file.clicked.connect(self._choose_file)
        self.clear_button.clicked.connect(self.clear)

    def set_canvas_source(self, source: CanvasImageSource | None) -> None:
        self._canvas_image = source
        self.from_canvas.setEnabled(source is not None)

    @property
    def image(self) -> Image.Image | None:
        if self._live is not None:
            try:
                pixels = self._live()
            except ValueError:  # e.g. the document has no palette
                return None
            return None if pixels is None else to_pil_rgba(pixels)
        return self._image

    def follow(self, source: CanvasImageSource | None, origin: str = "") -> None:
        """Take the image from ``source`` at every read; None stops following."""
        self._live = None
        for button in (self.from_canvas, self.from_file, self.clear_button):
            button.setEnabled(source is None)
        if source is None:
            self.from_canvas.setEnabled(self._canvas_image is not None)
        self.set_image(None)
        self._live = source
        if source is not None:
            self.thumb.setToolTip(f"the {origin} (follows its changes)")
            self._show_thumb()

    def unfollow(self) -> None:
        self.follow(None)

    def set_image(self, image: Any) -> None:
        self._image = None if image is None else to_pil_rgba(image)
        self.error = ""
        self._show_thumb()
        self.changed.emit()

    def clear(self) -> None:
        self.set_image(None)

    def take_from_canvas(self) -> bool:
        """Copy the canvas image in; False (with ``error`` set) when there is none."""
        image = self._canvas_image() if self._canvas_image is not None else None
        if image is None:
            self._fail("the canvas has no image to use")
            return False
        self.set_image(image)
        return True

    def load_file(self, path: str | Path) -> bool:
        """Load a reference PNG; on failure the previous image stays and ``error`` says why."""
        try:
            image = load_png(path)
        except ValueError as exc:
            self._fail(str(exc))
            return False
        self.set_image(image)
        return True

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Reference image", "",
                                              "Images (*.png *.gif *.webp *.jpg)")
        if path:
            self.load_file(path)

    def _fail(self, message: str) -> None:
        self.error = message
        self.thumb.setToolTip(message)
        self.setToolTip(message)
        self.changed.emit()

    def _show_thumb(self) -> None:
        if self.image is None:
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText("none")
            self.thumb.setToolTip("")
            return
        qimage = rgba_to_qimage(np.asarray(self.image, dtype=np.uint8))
        pixmap = QPixmap.fromImage(qimage).scaled(
            32, 32, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        self.thumb.setPixmap(pixmap)
        self.thumb.setToolTip(f"{self.image.width}x{self.image.height}")
