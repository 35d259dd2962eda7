"""An isometric grid to judge how an isometric tile reads in a map.

Click stamps the current tile on an empty cell, shift-click stacks another one on top, right-click
removes the top tile. Cells are diamonds ``w`` wide and ``w/2`` high (``w`` = tile width); each
stacked level rises by the tile's side height (image height minus the top face), drawn back to
front so nearer stacks cover farther ones. The wheel zooms in integer steps.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.tileset.qimage_convert import qimage_to_rgba, rgba_to_qimage

MAX_STACK = 16


def side_height(rgba: np.ndarray) -> int:
    """Height of a tile's sides: its opaque height minus the top face (half its width).

    The service draws the tile standing on the image's bottom edge, with thin, thick and block
    shapes only differing in this height, so measuring it lets tiles of any shape stack.
    """
    opaque = rgba[..., 3] > 0
    rows, cols = np.nonzero(opaque.any(axis=1))[0], np.nonzero(opaque.any(axis=0))[0]
    if len(rows) == 0:
        return 1
    face = (cols[-1] - cols[0] + 1) // 2
    return max(1, int(rows[-1] - rows[0] + 1 - face))


class IsoGridView(QWidget):
    """``columns x rows`` isometric grid of tile stacks (objectName ``isometric.preview``)."""

    stacksChanged = Signal()

    def __init__(self, columns: int = 8, rows: int = 8, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("isometric.preview")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)  # the map is the point of the panel: never squeeze it away
        self.columns, self.rows = columns, rows
        self.tiles: list[QImage] = []
        self.thickness: list[int] = []  # side height of each tile in image pixels
        self.current = -1
        self.stacks: dict[tuple[int, int], list[int]] = {}
        self.zoom = 2
        self.level_height: int | None = None

    # ----- tiles ---------------------------------------------------------------------------
    def add_tile(self, image: np.ndarray | QImage) -> int:
        """Add a tile to the palette and make it current; returns its id."""
        qimage = image if isinstance(image, QImage) else rgba_to_qimage(np.asarray(image))
        if qimage.width() < 2 or qimage.height() < 2:
            raise ValueError(f"isometric tile too small: {qimage.width()}x{qimage.height()}")
        self.tiles.append(qimage.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied))
        self.thickness.append(side_height(qimage_to_rgba(qimage)))
        self.current = len(self.tiles) - 1
        self.updateGeometry()
        self.update()
        return self.current

    @property
    def tile_width(self) -> int:
        return self.tiles[self.current].width() if self.tiles else 32

    def lift(self, cell: tuple[int, int], levels: int | None = None) -> float:
        """Screen height of the first ``levels`` tiles of a stack (all of them by default)."""
        column = self.stacks.get(cell, [])
        count = len(column) if levels is None else levels
        return sum(self.thickness[tile] for tile in column[:count]) * self.zoom

    # ----- stacks --------------------------------------------------------------------------
    def stamp(self, cell: tuple[int, int]) -> bool:
        """Put the current tile on an empty cell."""
        if self.current < 0 or not self._inside(cell) or self.stacks.get(cell):
            return False
        self.stacks[cell] = [self.current]
        self._changed()
        return True

    def stack(self, cell: tuple[int, int]) -> bool:
        """Add the current tile on top of the cell's stack."""
        if self.current < 0 or not self._inside(cell):
            return False
        column = self.stacks.setdefault(cell, [])
        if len(column) >= MAX_STACK:
            return False
        column.append(self.current)
        self._changed()
        return True

    def remove(self, cell: tuple[int, int]) -> bool:
        """Remove the top tile of a cell's stack."""
        column = self.stacks.get(cell)
        if not column:
            return False
        column.pop()
        if not column:
            del self.stacks[cell]
        self._changed()
        return True

    def height_at(self, cell: tuple[int, int]) -> int:
        return len(self.stacks.get(cell, []))

    def clear(self) -> None:
        self.stacks.clear()
        self._changed()

    def _inside(self, cell: tuple[int, int]) -> bool:
        return 0 <= cell[0] < self.columns and 0 <= cell[1] < self.rows

    def _changed(self) -> None:
        self.update()
        self.stacksChanged.emit()

    # ----- geometry ------------------------------------------------------------------------
    def origin(self) -> QPointF:
        """Screen position of the top vertex of cell (0, 0)'s ground diamond."""
        half = self.tile_width * self.zoom / 2
        # Fixed headroom of two tiles for stacks: the grid stays put while stacking and still
        # starts near the top of a short dock.
        top = 2 * self.tile_width * self.zoom + 8
        return QPointF(max(self.width() / 2, self.rows * half + 8), top)

    def ground_point(self, col: float, row: float) -> QPointF:
        half_w = self.tile_width * self.zoom / 2
        o = self.origin()
        return QPointF(o.x() + (col - row) * half_w, o.y() + (col + row) * half_w / 2)

    def cell_centre(self, cell: tuple[int, int]) -> QPointF:
        """Centre of the top face of ``cell``'s stack (the ground when empty)."""
        p = self.ground_point(cell[0] + 0.5, cell[1] + 0.5)
        return QPointF(p.x(), p.y() - self.lift(cell))

    def _diamond(self, cell: tuple[int, int], lift: float) -> QPolygonF:
        c, r = cell
        pts = [self.ground_point(c, r), self.ground_point(c + 1, r),
               self.ground_point(c + 1, r + 1), self.ground_point(c, r + 1)]
        return QPolygonF([QPointF(p.x(), p.y() - lift) for p in pts])

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """The stack whose top face is under ``pos`` (nearest first), else the ground cell."""
        for cell in sorted(self.stacks, key=lambda c: -(c[0] + c[1])):
            if self._diamond(cell, self.lift(cell)).containsPoint(
                    pos, Qt.FillRule.OddEvenFill):
                return cell
        half_w = self.tile_width * self.zoom / 2
        o = self.origin()
        u, v = (pos.x() - o.x()) / half_w, (pos.y() - o.y()) / (half_w / 2)
        col, row = int(np.floor((u + v) / 2)), int(np.floor((v - u) / 2))
        return (col, row) if self._inside((col, row)) else None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        w = self.tile_width * self.zoom
        return QSize(int((self.columns + self.rows) * w / 2) + 16,
                     int((self.columns + self.rows) * w / 4 + 4 * w) + 24)

    # ----- painting ------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(48, 52, 60))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setPen(QPen(QColor(110, 120, 135), 0))
        for row in range(self.rows):
            for col in range(self.columns):
                painter.drawPolygon(self._diamond((col, row), 0.0))
        for cell in sorted(self.stacks, key=lambda c: (c[0] + c[1], c[0])):
            for level, tile_id in enumerate(self.stacks[cell]):
                self._draw_tile(painter, cell, level, self.tiles[tile_id])
        painter.end()

    def _draw_tile(self, painter: QPainter, cell: tuple[int, int], level: int,
                   tile: QImage) -> None:
        """Tiles stand on the image's bottom edge: put that edge on the cell's ground diamond
        bottom, raised by the sides of the tiles below."""
        z = self.zoom
        bottom = self.ground_point(cell[0] + 1, cell[1] + 1)
        target = QRectF(bottom.x() - tile.width() * z / 2,
                        bottom.y() - self.lift(cell, level) - tile.height() * z,
                        tile.width() * z, tile.height() * z)
        painter.drawImage(target, tile)

    # ----- input ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        cell = self.cell_at(event.position())
        if cell is None:
            return
        if event.button() == Qt.MouseButton.RightButton:
            self.remove(cell)
        elif event.button() == Qt.MouseButton.LeftButton:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.stack(cell)
            elif not self.stamp(cell) and self.current >= 0:
                # Stamping an occupied cell replaces its top with the current tile.
                self.stacks[cell][-1] = self.current
                self._changed()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        delta = event.angleDelta().y()
        self.zoom = max(1, min(8, self.zoom + (1 if delta > 0 else -1 if delta < 0 else 0)))
        self.updateGeometry()
        self.update()
        event.accept()

