"""ImageSlot: an optional input image (init, style, colour) taken from the canvas, the selection,
the document palette or a file, shown as a small preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from studio.ui.panels.generation_images import ImageInputError, load_image_file, rgba_to_qimage

ImageSource = Callable[[], np.ndarray | None]
PREVIEW = 32
BUTTONS_PER_ROW = 3
FILE_FILTER = "Images (*.png *.gif *.webp *.jpg *.jpeg *.bmp)"


class ImageSlot(QWidget):
    """``sources`` maps a button label to a callable returning RGBA pixels (or None)."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, name: str, sources: dict[str, ImageSource], *, allow_file: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"create.{name}")
        self._name = name
        self._pixels: np.ndarray | None = None
        self._origin = ""
        self._live: ImageSource | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel("none")
        self.preview.setFixedSize(PREVIEW + 24, PREVIEW)
        layout.addWidget(self.preview)
        self._grid = QGridLayout()  # rows of three: one row of six overflows a narrow dock
        layout.addLayout(self._grid)
        self.buttons: dict[str, QPushButton] = {}
        for label, source in sources.items():
            self._add_button(label, lambda _=False, s=source, lb=label: self._take(s, lb))
        if allow_file:
            self._add_button("File…", lambda _=False: self._ask_file())
        self._add_button("Clear", lambda _=False: self.set_pixels(None))
        layout.addStretch(1)
        self._dialog: QFileDialog | None = None

    def _add_button(self, label: str, slot: Callable[..., None]) -> None:
        button = QPushButton(label)
        button.setObjectName(f"create.{self._name}.{label.rstrip('…').lower()}")
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance(label) + 16)  # not 80 px
        button.clicked.connect(slot)
        count = len(self.buttons)
        self._grid.addWidget(button, count // BUTTONS_PER_ROW, count % BUTTONS_PER_ROW)
        self.buttons[label] = button

    @property
    def pixels(self) -> np.ndarray | None:
        if self._live is not None:  # following a source (the document palette): read it now
            try:
                live = self._live()
            except ImageInputError as exc:
                self.message.emit(f"{exc}; the {self._name.replace('_', ' ')} was left out.")
                return None
            return None if live is None else np.ascontiguousarray(live, dtype=np.uint8)
        return self._pixels

    def follow(self, source: ImageSource | None, origin: str = "") -> None:
        """Take the image from ``source`` at every read (None: stop following and clear)."""
        self._live = None
        if source is None:
            self.set_pixels(None)
            return
        try:
            shown = source()
        except ImageInputError:
            shown = None
        self.set_pixels(shown, origin)
        self._live = source
        for button in self.buttons.values():
            button.setEnabled(False)

    def unfollow(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.follow(None)

    @property
    def origin(self) -> str:
        return self._origin

    def set_pixels(self, pixels: np.ndarray | None, origin: str = "") -> None:
        self._pixels = None if pixels is None else np.ascontiguousarray(pixels, dtype=np.uint8)
        self._origin = origin if pixels is not None else ""
        if self._pixels is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("none")
            self.setToolTip("")
        else:
            h, w = self._pixels.shape[:2]
            image = rgba_to_qimage(self._pixels).scaled(PREVIEW, PREVIEW)
            self.preview.setPixmap(QPixmap.fromImage(image))
            self.setToolTip(f"{w}x{h} from {origin or 'unknown'}")
        self.changed.emit()

    def set_from_file(self, path: str | Path) -> bool:
        try:
            self.set_pixels(load_image_file(path), f"file {Path(path).name}")
        except ImageInputError as exc:
            self.message.emit(str(exc))
            return False
        return True

    def _take(self, source: ImageSource, label: str) -> None:
        try:
            pixels = source()
        except ImageInputError as exc:
            self.message.emit(str(exc))
            return
        if pixels is None:
            self.message.emit(f"{label}: nothing to take an image from")
            return
        self.set_pixels(pixels, label.lower())

    def _ask_file(self) -> None:
        self._dialog = QFileDialog(self, f"Choose the {self._name.replace('_', ' ')}")
        self._dialog.setNameFilter(FILE_FILTER)
        self._dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self._dialog.fileSelected.connect(self.set_from_file)
        self._dialog.open()
