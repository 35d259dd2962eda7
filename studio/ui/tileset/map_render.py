"""Draws the terrain preview: a 1:1 map cache composed from tile atlases, blitted per exposed rect.

The cache is a numpy array shared with a QImage (premultiplied ARGB32, BGRA bytes), so updating
the four cells around a painted corner is four small array copies, and a repaint is one
nearest-neighbour ``drawImage`` of the exposed part plus overlays for the visible cells only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap

from studio.core.tiles.atlas import EMPTY_SLOT, TileAtlas
from studio.core.tiles.terrain_map import TerrainMap

FALLBACK_COLOUR = QColor(230, 30, 30)
GRID_COLOUR = QColor(0, 0, 0, 90)
MIN_GRID_PIXELS = 4  # do not draw tile borders when a tile is smaller than this on screen


def _checker_brush() -> QBrush:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(200, 200, 200))
    painter = QPainter(pixmap)
    painter.fillRect(0, 0, 8, 8, QColor(235, 235, 235))
    painter.fillRect(8, 8, 8, 8, QColor(235, 235, 235))
    painter.end()
    return QBrush(pixmap)


def _over(dst: np.ndarray, src: np.ndarray) -> None:
    """Premultiplied source-over, in place: dst = src + dst * (255 - src_alpha) / 255."""
    keep = 255 - src[..., 3:4].astype(np.uint16)
    dst[...] = src + ((dst.astype(np.uint16) * keep + 127) // 255).astype(np.uint8)


class MapRenderer:
    """Owns the 1:1 map cache of a :class:`TerrainMap` and paints it at any zoom."""

    def __init__(self, model: TerrainMap, atlases: Sequence[TileAtlas | None], tile_size: int):
        self.model = model
        self.atlases = list(atlases)
        self.tile_size = tile_size
        self._dirty: set[tuple[int, int]] = set()
        self._all_dirty = True
        self._checker: QBrush | None = None
        self._grid_brush: tuple[int, QBrush] | None = None
        self._allocate()

    # ----- cache ---------------------------------------------------------------------------
    def _allocate(self) -> None:
        ts = self.tile_size
        self.cache = np.zeros((self.model.height * ts, self.model.width * ts, 4), dtype=np.uint8)
        h, w = self.cache.shape[:2]
        self.image = QImage(self.cache.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
        self._all_dirty = True

    def reset(self, atlases: Sequence[TileAtlas | None] | None = None) -> None:
        """Call after the map was resized or its tilesets changed: everything is recomposed."""
        if atlases is not None:
            self.atlases = list(atlases)
        if self.cache.shape[:2] != (self.model.height * self.tile_size,
                                    self.model.width * self.tile_size):
            self._allocate()
        self._all_dirty = True

    def mark_cells(self, cells: Iterable[tuple[int, int]]) -> None:
        self._dirty.update(cells)

    def mark_all(self) -> None:
        self._all_dirty = True

    def flush(self) -> None:
        """Bring the cache up to date with the model."""
        if self._all_dirty:
            self._compose_all()
            self._all_dirty = False
            self._dirty.clear()
            return
        for x, y in self._dirty:
            self._compose_cell(x, y)
        self._dirty.clear()

    def _slot(self, layer: int, index: int) -> int:
        resolved = int(self.model.layers[layer].resolved[index])
        return EMPTY_SLOT if resolved < 0 else resolved

    def _compose_cell(self, x: int, y: int) -> None:
        ts = self.tile_size
        region = self.cache[y * ts : (y + 1) * ts, x * ts : (x + 1) * ts]
        region[...] = 0
        for layer, atlas in enumerate(self.atlases):
            if atlas is None or layer >= len(self.model.layers):
                continue
            index = int(self.model.layers[layer].corners.indices[y, x])
            if layer > 0 and index == 0:
                continue  # an upper tileset only covers cells that touch its upper terrain
            slot = self._slot(layer, index)
            if layer == 0 or atlas.opaque[slot]:
                region[...] = atlas.premultiplied[slot]
            else:
                _over(region, atlas.premultiplied[slot])

    def _compose_all(self) -> None:
        ts, h, w = self.tile_size, self.model.height, self.model.width
        self.cache[...] = 0
        for layer, atlas in enumerate(self.atlases):
            if atlas is None or layer >= len(self.model.layers):
                continue
            info = self.model.layers[layer]
            resolved = info.resolved.astype(np.int16)
            slots = np.where(resolved < 0, EMPTY_SLOT, resolved)[info.corners.indices]
            if layer > 0:
                slots = np.where(info.corners.indices == 0, EMPTY_SLOT, slots)
            tiles = atlas.premultiplied[slots].transpose(0, 2, 1, 3, 4).reshape(h * ts, w * ts, 4)
            if layer == 0:
                self.cache[...] = tiles
            else:
                _over(self.cache, tiles)

    # ----- painting ------------------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRect, zoom: float, offset: QPointF,
              show_grid: bool = True) -> None:
        """Paint the part of the map inside ``exposed`` (widget coordinates)."""
        self.flush()
        ts = self.tile_size
        map_w, map_h = self.cache.shape[1], self.cache.shape[0]
        x0 = max(0, math.floor((exposed.left() - offset.x()) / zoom))
        y0 = max(0, math.floor((exposed.top() - offset.y()) / zoom))
        x1 = min(map_w, math.ceil((exposed.right() + 1 - offset.x()) / zoom))
        y1 = min(map_h, math.ceil((exposed.bottom() + 1 - offset.y()) / zoom))
        if x1 <= x0 or y1 <= y0:
            return
        target = QRectF(offset.x() + x0 * zoom, offset.y() + y0 * zoom,
                        (x1 - x0) * zoom, (y1 - y0) * zoom)
        if not self._opaque_base():
            if self._checker is None:
                self._checker = _checker_brush()
            painter.fillRect(target, self._checker)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(target, self.image, QRectF(x0, y0, x1 - x0, y1 - y0))
        cells = (x0 // ts, y0 // ts, (x1 + ts - 1) // ts, (y1 + ts - 1) // ts)
        self._paint_fallbacks(painter, cells, zoom, offset)
        if show_grid and ts * zoom >= MIN_GRID_PIXELS:
            self._paint_grid(painter, cells, zoom, offset)

    def _opaque_base(self) -> bool:
        """True when the bottom layer covers every cell with opaque pixels (no checkerboard)."""
        if not self.atlases or self.atlases[0] is None or not self.model.layers:
            return False
        atlas = self.atlases[0]
        return bool(atlas.available) and bool(atlas.opaque[atlas.available].all())

    def _cell_rect(self, x: int, y: int, zoom: float, offset: QPointF) -> QRectF:
        step = self.tile_size * zoom
        return QRectF(offset.x() + x * step, offset.y() + y * step, step, step)

    def fallback_cells(self, cx0: int, cy0: int, cx1: int, cy1: int) -> np.ndarray:
        """Bool mask over the cell range: cells drawn with a partial match on any layer, or
        whose corners skip a terrain so no pair tileset can draw them exactly."""
        mask = np.zeros((cy1 - cy0, cx1 - cx0), dtype=bool)
        for layer in range(min(len(self.model.layers), len(self.atlases))):
            if self.atlases[layer] is None:
                continue
            part = self.model.fallback_mask(layer)[cy0:cy1, cx0:cx1]
            if layer > 0:
                part = part & (self.model.layers[layer].corners.indices[cy0:cy1, cx0:cx1] != 0)
            mask |= part
        if len(self.model.terrains) > 2:
            v = self.model.vertices[cy0 : cy1 + 1, cx0 : cx1 + 1]
            corners = np.stack([v[:-1, :-1], v[:-1, 1:], v[1:, :-1], v[1:, 1:]])
            # Corners that skip a terrain (ocean next to grass) have no exact pair tile.
            mask |= (corners.max(axis=0).astype(np.int16) - corners.min(axis=0)) > 1
        return mask

    def _paint_fallbacks(self, painter: QPainter, cells: tuple[int, int, int, int],
                         zoom: float, offset: QPointF) -> None:
        cx0, cy0, cx1, cy1 = cells
        ys, xs = np.nonzero(self.fallback_cells(cx0, cy0, cx1, cy1))
        if len(xs) == 0:
            return
        hatch = QBrush(QColor(230, 30, 30, 120), Qt.BrushStyle.BDiagPattern)
        rects = [self._cell_rect(cx0 + x, cy0 + y, zoom, offset).adjusted(1, 1, -2, -2)
                 for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]
        painter.save()
        # Cosmetic (0-width) pens take Qt's fast path; wide pens cost ~4x more per rectangle.
        painter.setPen(QPen(FALLBACK_COLOUR, 0))
        painter.setBrush(hatch)
        painter.drawRects(rects)
        if self.tile_size * zoom >= 24:  # big cells: a second line makes the outline 2 px
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects([r.adjusted(1, 1, -1, -1) for r in rects])
        painter.restore()

    def _paint_grid(self, painter: QPainter, cells: tuple[int, int, int, int],
                    zoom: float, offset: QPointF) -> None:
        """Tile borders as one textured fill: far faster than hundreds of translucent lines."""
        cx0, cy0, cx1, cy1 = cells
        step = max(1, round(self.tile_size * zoom))
        if self._grid_brush is None or self._grid_brush[0] != step:
            pixmap = QPixmap(step, step)
            pixmap.fill(Qt.GlobalColor.transparent)
            tile_painter = QPainter(pixmap)
            tile_painter.fillRect(0, 0, step, 1, GRID_COLOUR)
            tile_painter.fillRect(0, 1, 1, step - 1, GRID_COLOUR)
            tile_painter.end()
            self._grid_brush = (step, QBrush(pixmap))
        area = QRectF(offset.x() + cx0 * step, offset.y() + cy0 * step,
                      (cx1 - cx0) * step + 1, (cy1 - cy0) * step + 1)
        painter.save()
        painter.setBrushOrigin(offset)
        painter.fillRect(area, self._grid_brush[1])
        painter.restore()
