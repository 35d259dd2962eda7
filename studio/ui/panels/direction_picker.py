"""DirectionPicker: choose one of 8 directions on the characters' compass widget.

Each cell shows an arrow; the chosen cell is outlined. Clicking the chosen cell again clears
the choice when ``allow_none`` (the direction is then not sent).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.ui.characters.compass import COMPASS_POSITIONS, CompassWidget

ARROW = 20
SELECTED_STYLE = "QFrame#compass\\.{name} {{ border: 2px solid #3d8ee6; border-radius: 3px; }}"
VECTORS: dict[str, tuple[int, int]] = {
    d: (col - 1, row - 1) for d, (row, col) in COMPASS_POSITIONS.items()
}


def arrow_image(direction: str, size: int = ARROW,
                color: tuple[int, int, int, int] = (45, 120, 215, 255)) -> np.ndarray:
    """A small RGBA arrow from the centre towards ``direction`` (north is up)."""
    dx, dy = VECTORS[direction]
    out = np.zeros((size, size, 4), np.uint8)
    c = size // 2
    length = size // 2 - 2
    norm = (dx * dx + dy * dy) ** 0.5
    ux, uy = dx / norm, dy / norm
    for step in range(length + 1):
        x, y = round(c + ux * step), round(c + uy * step)
        out[max(0, y - 1): y + 1, max(0, x - 1): x + 1] = color
    tip_x, tip_y = c + ux * length, c + uy * length
    for back in range(1, 5):  # the two barbs of the head
        for side in (-1, 1):
            bx = tip_x - ux * back + (-uy) * side * back * 0.8
            by = tip_y - uy * back + ux * side * back * 0.8
            xi, yi = int(round(bx)), int(round(by))
            if 0 <= xi < size and 0 <= yi < size:
                out[yi, xi] = color
    return out


class DirectionPicker(QWidget):
    changed = Signal(object)  # the direction (str) or None

    def __init__(self, object_name: str, *, allow_none: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.allow_none = allow_none
        self.compass = CompassWidget(thumb=ARROW, parent=self)
        for direction in COMPASS_POSITIONS:
            self.compass.set_image(direction, arrow_image(direction))
        self.compass.directionClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.compass)
        self._direction: str | None = None
        self._show()

    def direction(self) -> str | None:
        return self._direction

    def set_direction(self, direction: str | None) -> None:
        if direction is not None and direction not in COMPASS_POSITIONS:
            raise ValueError(f"unknown direction {direction!r}")
        if direction is None and not self.allow_none:
            raise ValueError("a direction must be chosen")
        if direction != self._direction:
            self._direction = direction
            self._show()
            self.changed.emit(direction)

    def _clicked(self, direction: str) -> None:
        if direction == self._direction and self.allow_none:
            self.set_direction(None)
        else:
            self.set_direction(direction)

    def _show(self) -> None:
        for name, cell in self.compass.cells.items():
            cell.setStyleSheet(SELECTED_STYLE.format(name=name) if name == self._direction
                               else "")
        self.compass.set_centre_text(self._direction or "none")

    def click(self, direction: str) -> None:
        """Click a cell like the user would (tests, scripting)."""
        self.compass.cells[direction].image.click()
