"""The tile sheet: the 16 corner tiles of one tileset with their corner pattern marked.

Tiles are laid out by Wang index (``8*NW + 4*NE + 2*SW + SE``), never by the order the service
sent them. Small squares in each tile's corners show the pattern (filled = upper, hollow = lower);
missing tiles show a red hatched slot. Clicking a tile emits ``tileClicked`` so the integrator can
open it on the canvas; ``update_tile`` brings a touched-up tile back and emits ``tileUpdated``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.core.tiles.corners import corners_of, index_from_corners
from studio.ui.tileset.qimage_convert import qimage_to_rgba, rgba_to_qimage

COLUMNS = 4
GAP = 6
UPPER_MARK = QColor(250, 200, 40)
LOWER_MARK = QColor(40, 90, 200)
CornerSpec = int | Mapping[str, str | int] | tuple[str, str, str, str]


def corner_index(corners: CornerSpec) -> int:
    """Wang index from an index, a ``{"NW": "upper", ...}`` mapping or an (nw, ne, sw, se) tuple."""
    if isinstance(corners, int):
        corners_of(corners)  # validates 0..15
        return corners
    if isinstance(corners, tuple):
        if len(corners) != 4:
            raise ValueError(f"corner tuples are (nw, ne, sw, se), got {corners!r}")
        corners = dict(zip(("NW", "NE", "SW", "SE"), corners, strict=True))
    return index_from_corners(corners)


class TileSheetView(QWidget):
    """4x4 sheet of a tileset's tiles with corner markers (one per tileset shown)."""

    tileClicked = Signal(int, QImage)  # Wang index, the tile's current image
    tileUpdated = Signal(int, QImage)  # Wang index, the new image (after update_tile)

    def __init__(self, tile_size: int = 16, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tileset.sheet")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.tile_size = tile_size
        self.tiles: dict[int, QImage] = {}
        self.selected: int | None = None
        self.setMouseTracking(True)

    # ----- content -------------------------------------------------------------------------
    def set_tiles(self, tiles: Mapping[int, np.ndarray | QImage],
                  tile_size: int | None = None) -> None:
        """Show these tiles (Wang index -> RGBA array or QImage)."""
        if tile_size is not None:
            self.tile_size = tile_size
        self.tiles = {corner_index(i): self._as_qimage(img) for i, img in tiles.items()}
        self.updateGeometry()
        self.update()

    def update_tile(self, corners: CornerSpec, image: np.ndarray | QImage) -> int:
        """Replace the tile with these corners (e.g. after editing it on the canvas).

        Emits ``tileUpdated`` so the preview redraws the cells that use it; returns the index.
        """
        index = corner_index(corners)
        qimage = self._as_qimage(image)
        if qimage.width() != self.tile_size or qimage.height() != self.tile_size:
            raise ValueError(f"tile must be {self.tile_size}x{self.tile_size} px, "
                             f"got {qimage.width()}x{qimage.height()}")
        self.tiles[index] = qimage
        self.update(self.tile_rect(index).adjusted(-2, -2, 2, 2))
        self.tileUpdated.emit(index, qimage)
        return index

    def tile_rgba(self, index: int) -> np.ndarray:
        return qimage_to_rgba(self.tiles[index])

    @staticmethod
    def _as_qimage(image: np.ndarray | QImage) -> QImage:
        if isinstance(image, QImage):
            return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        return rgba_to_qimage(np.asarray(image))

    # ----- geometry ------------------------------------------------------------------------
    @property
    def zoom(self) -> int:
        """Integer scale so the whole sheet fits the widget (at least 1, at most 6)."""
        side = COLUMNS * self.tile_size
        fit_w = (self.width() - GAP * (COLUMNS + 1)) // side
        fit_h = (self.height() - GAP * (COLUMNS + 1)) // side
        return max(1, min(6, fit_w, fit_h))

    def tile_rect(self, index: int) -> QRect:
        step = self.tile_size * self.zoom
        col, row = index % COLUMNS, index // COLUMNS
        return QRect(GAP + col * (step + GAP), GAP + row * (step + GAP), step, step)

    def index_at(self, pos: QPoint) -> int | None:
        for index in range(16):
            if self.tile_rect(index).contains(pos):
                return index
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        step = self.tile_size * 3
        side = COLUMNS * step + GAP * (COLUMNS + 1)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        side = COLUMNS * self.tile_size + GAP * (COLUMNS + 1)
        return QSize(side, side)

    # ----- painting ------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for index in range(16):
            rect = self.tile_rect(index)
            if not rect.intersects(event.rect().adjusted(-3, -3, 3, 3)):
                continue
            image = self.tiles.get(index)
            if image is None:
                painter.fillRect(rect, QBrush(QColor(230, 30, 30, 160), Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(QColor(230, 30, 30), 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
            else:
                painter.drawImage(rect, image)
            self._paint_corner_marks(painter, rect, index)
            if index == self.selected:
                painter.setPen(QPen(self.palette().highlight().color(), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(-2, -2, 1, 1))
        painter.end()

    def _paint_corner_marks(self, painter: QPainter, rect: QRect, index: int) -> None:
        mark = max(4, rect.width() // 8)
        spots = (rect.topLeft(), QPoint(rect.right() - mark + 1, rect.top()),
                 QPoint(rect.left(), rect.bottom() - mark + 1),
                 QPoint(rect.right() - mark + 1, rect.bottom() - mark + 1))
        for bit, spot in zip(corners_of(index), spots, strict=True):
            box = QRect(spot, QSize(mark, mark))
            painter.setPen(QPen(QColor(0, 0, 0), 1))
            painter.setBrush(UPPER_MARK if bit else QColor(255, 255, 255))
            painter.drawRect(box.adjusted(0, 0, -1, -1))
            if not bit:
                painter.fillRect(box.adjusted(2, 2, -2, -2), LOWER_MARK)

    # ----- input ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        index = self.index_at(event.position().toPoint())
        if index is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.selected = index
        self.update()
        if index in self.tiles:
            self.tileClicked.emit(index, QImage(self.tiles[index]))
