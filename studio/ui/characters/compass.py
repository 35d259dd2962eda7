"""An 8-way compass of direction cells.

The same widget shows a character's rotations (images, playable frame loops, per-direction
progress) and, in checkbox mode, lets the user pick the directions to animate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# Grid cell of every direction: north at the top, as on a map.
COMPASS_POSITIONS: dict[str, tuple[int, int]] = {
    "north-west": (0, 0), "north": (0, 1), "north-east": (0, 2),
    "west": (1, 0), "east": (1, 2),
    "south-west": (2, 0), "south": (2, 1), "south-east": (2, 2),
}
ALL_DIRECTIONS: tuple[str, ...] = tuple(COMPASS_POSITIONS)
SHORT_NAMES = {
    "north": "N", "north-east": "NE", "east": "E", "south-east": "SE",
    "south": "S", "south-west": "SW", "west": "W", "north-west": "NW",
}


def rgba_to_qimage(pixels: np.ndarray) -> QImage:
    """Copy an ``(H, W, 4)`` uint8 RGBA array into a QImage that owns its memory."""
    if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
        raise ValueError(f"expected (H, W, 4) uint8 RGBA pixels, got {pixels.shape} {pixels.dtype}")
    data = np.ascontiguousarray(pixels)
    height, width = data.shape[:2]
    image = QImage(data.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()


def scaled_pixmap(pixels: np.ndarray, box: int) -> QPixmap:
    """Pixel-art scaling: the largest integer zoom (or a shrink) that fits ``box``."""
    image = rgba_to_qimage(pixels)
    longest = max(image.width(), image.height(), 1)
    if longest <= box:
        factor = max(1, box // longest)
        size = QSize(image.width() * factor, image.height() * factor)
    else:
        size = image.size().scaled(box, box, Qt.AspectRatioMode.KeepAspectRatio)
    return QPixmap.fromImage(image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation))


class DirectionCell(QFrame):
    """One direction: an image (or looping frames), a caption or checkbox, and progress."""

    clicked = Signal(str)

    def __init__(self, direction: str, *, checkable: bool, thumb: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.direction = direction
        self._thumb = thumb
        self._frames: list[QPixmap] = []
        self._frame_index = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._next_frame)
        self.setObjectName(f"compass.{direction}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(1)
        self.image = QToolButton(self)
        self.image.setObjectName(f"compass.{direction}.image")
        self.image.setAutoRaise(True)
        self.image.setFixedSize(thumb + 6, thumb + 6)
        self.image.setIconSize(QSize(thumb, thumb))
        self.image.setToolTip(direction)
        self.image.clicked.connect(lambda: self.clicked.emit(self.direction))
        self.image.setEnabled(False)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        self.checkbox: QCheckBox | None = None
        if checkable:
            self.checkbox = QCheckBox(SHORT_NAMES[direction], self)
            self.checkbox.setObjectName(f"compass.{direction}.check")
            self.checkbox.setToolTip(direction)
            self.checkbox.setChecked(True)
            layout.addWidget(self.checkbox, 0, Qt.AlignmentFlag.AlignHCenter)
        self.caption = QLabel(SHORT_NAMES[direction], self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.caption.setVisible(not checkable)
        layout.addWidget(self.caption)
        self.progress = QProgressBar(self)
        self.progress.setObjectName(f"compass.{direction}.progress")
        self.progress.setRange(0, 100)
        self.progress.setFixedHeight(10)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)

    # -- content ---------------------------------------------------------------------------
    def set_image(self, pixels: np.ndarray | None) -> None:
        self.set_frames([] if pixels is None else [pixels])

    def set_frames(self, frames: Sequence[np.ndarray], fps: float = 8.0) -> None:
        """Show one image, or loop several frames at ``fps``."""
        self._timer.stop()
        self._frames = [scaled_pixmap(f, self._thumb) for f in frames]
        self._frame_index = 0
        if not self._frames:
            self.image.setIcon(QPixmap())
            self.image.setEnabled(False)
            return
        self.image.setIcon(self._frames[0])
        self.image.setEnabled(True)
        if len(self._frames) > 1:
            self._timer.start(max(16, int(1000 / fps)))

    @property
    def frame_count(self) -> int:
        return len(self._frames)

    @property
    def current_frame(self) -> int:
        return self._frame_index

    @property
    def is_playing(self) -> bool:
        return self._timer.isActive()

    def _next_frame(self) -> None:
        if not self._frames:
            return
        self._frame_index = (self._frame_index + 1) % len(self._frames)
        self.image.setIcon(self._frames[self._frame_index])

    def set_progress(self, fraction: float | None, text: str = "") -> None:
        """Show progress 0..1 (``None`` hides the bar); ``text`` goes into the caption."""
        if fraction is None:
            self.progress.setVisible(False)
        else:
            self.progress.setVisible(True)
            self.progress.setValue(int(round(max(0.0, min(1.0, fraction)) * 100)))
        label = "" if self.checkbox is not None else SHORT_NAMES[self.direction]
        self.caption.setText(f"{label} {text}".strip())
        self.caption.setVisible(bool(self.caption.text()))
        self.setToolTip(f"{self.direction}: {text}" if text else self.direction)


class CompassWidget(QWidget):
    """Eight :class:`DirectionCell` in a 3x3 grid; the centre holds an optional label.

    ``directionClicked`` fires when a filled cell is clicked (used to open it on the canvas).
    """

    directionClicked = Signal(str)
    checkedChanged = Signal()

    def __init__(self, *, checkable: bool = False, thumb: int = 64,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checkable = checkable
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        self.cells: dict[str, DirectionCell] = {}
        for direction, (row, col) in COMPASS_POSITIONS.items():
            cell = DirectionCell(direction, checkable=checkable, thumb=thumb, parent=self)
            cell.clicked.connect(self.directionClicked)
            if cell.checkbox is not None:
                cell.checkbox.toggled.connect(lambda _on: self.checkedChanged.emit())
            grid.addWidget(cell, row, col)
            self.cells[direction] = cell
        for index in range(3):
            grid.setColumnStretch(index, 1)
            grid.setRowStretch(index, 1)
        self.centre = QLabel("", self)
        self.centre.setObjectName("compass.centre")
        self.centre.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.centre.setWordWrap(True)
        grid.addWidget(self.centre, 1, 1)

    def set_available(self, directions: Iterable[str]) -> None:
        """Enable only ``directions`` (a 4-direction character has no diagonals)."""
        wanted = set(directions)
        unknown = wanted - set(self.cells)
        if unknown:
            raise ValueError(f"unknown direction(s): {', '.join(sorted(unknown))}")
        for name, cell in self.cells.items():
            cell.setEnabled(name in wanted)
            if cell.checkbox is not None:
                cell.checkbox.setChecked(name in wanted)

    def available(self) -> list[str]:
        return [name for name, cell in self.cells.items() if cell.isEnabled()]

    def checked(self) -> list[str]:
        """Checked and available directions, in compass order."""
        return [name for name, cell in self.cells.items()
                if cell.isEnabled() and cell.checkbox is not None and cell.checkbox.isChecked()]

    def set_checked(self, directions: Iterable[str]) -> None:
        wanted = set(directions)
        for name, cell in self.cells.items():
            if cell.checkbox is not None:
                cell.checkbox.setChecked(name in wanted)

    def set_image(self, direction: str, pixels: np.ndarray | None) -> None:
        self.cells[direction].set_image(pixels)

    def set_frames(self, direction: str, frames: Sequence[np.ndarray], fps: float = 8.0) -> None:
        self.cells[direction].set_frames(frames, fps)

    def set_progress(self, direction: str, fraction: float | None, text: str = "") -> None:
        self.cells[direction].set_progress(fraction, text)

    def set_centre_text(self, text: str) -> None:
        self.centre.setText(text)

    def clear(self) -> None:
        for cell in self.cells.values():
            cell.set_image(None)
            cell.set_progress(None)
        self.centre.setText("")

    def filled(self) -> list[str]:
        return [name for name, cell in self.cells.items() if cell.frame_count]
