"""Palette swatches that wrap to the widget width: click picks a colour, dragging a swatch
onto another place reorders the palette, double-click edits a colour."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

Color = tuple[int, int, int, int]
SWATCH = 18
DRAG_DISTANCE = 4


def qcolor(c: Color) -> QColor:
    return QColor(c[0], c[1], c[2], c[3])


def hex_name(c: Color) -> str:
    return f"#{c[0]:02x}{c[1]:02x}{c[2]:02x}" + (f"{c[3]:02x}" if c[3] != 255 else "")


class SwatchGrid(QWidget):
    picked = Signal(int, str)  # index, "primary" | "secondary"
    moved = Signal(int, int)  # from index, to index
    edit_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette.swatches")
        self.colors: list[Color] = []
        self.selected: int | None = None
        self._press: tuple[int, QPointF] | None = None
        self._dragging = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_colors(self, colors: list[Color]) -> None:
        self.colors = list(colors)
        if self.selected is not None and self.selected >= len(self.colors):
            self.selected = None
        self.updateGeometry()
        self.update()

    def columns(self) -> int:
        return max(1, self.width() // SWATCH)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        cols = max(1, width // SWATCH)
        return max(SWATCH, -(-len(self.colors) // cols) * SWATCH)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(8 * SWATCH, self.heightForWidth(8 * SWATCH))

    def swatch_rect(self, index: int) -> QRect:
        cols = self.columns()
        return QRect((index % cols) * SWATCH, (index // cols) * SWATCH, SWATCH, SWATCH)

    def index_at(self, x: float, y: float) -> int | None:
        cols = self.columns()
        col, row = int(x // SWATCH), int(y // SWATCH)
        index = row * cols + col
        return index if 0 <= col < cols and 0 <= index < len(self.colors) and x >= 0 \
            and y >= 0 else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        for i, color in enumerate(self.colors):
            r = self.swatch_rect(i)
            if color[3] < 255:
                painter.fillRect(r, QColor(204, 204, 204))
                half = r.adjusted(0, 0, -SWATCH // 2, -SWATCH // 2)
                painter.fillRect(half, QColor(153, 153, 153))
            painter.fillRect(r.adjusted(1, 1, -1, -1), qcolor(color))
        if self.selected is not None:
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.drawRect(self.swatch_rect(self.selected).adjusted(1, 1, -1, -1))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position().x(), event.position().y())
        if index is None:
            return
        self.selected = index
        slot = "secondary" if event.button() == Qt.MouseButton.RightButton else "primary"
        self.picked.emit(index, slot)
        self.setToolTip(hex_name(self.colors[index]))
        self._press = (index, event.position()) if slot == "primary" else None
        self._dragging = False
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None:
            delta = event.position() - self._press[1]
            if abs(delta.x()) + abs(delta.y()) >= DRAG_DISTANCE:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        press, dragging = self._press, self._dragging
        self._press, self._dragging = None, False
        self.unsetCursor()
        if press is None or not dragging:
            return
        target = self.index_at(event.position().x(), event.position().y())
        if target is None:
            target = len(self.colors) - 1
        if target != press[0]:
            self.selected = target
            self.moved.emit(press[0], target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position().x(), event.position().y())
        if index is not None:
            self.edit_requested.emit(index)
