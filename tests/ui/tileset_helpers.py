"""Synthetic corner tiles for the tileset UI tests: each quadrant shows its corner's terrain and
a centre pixel encodes the Wang index, so a rendered cell tells exactly which tile it shows."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QImage, QPainter

from studio.ui.tileset.map_view import TileMapView
from studio.ui.tileset.qimage_convert import qimage_to_rgba

TERRAIN_COLOURS = ((20, 60, 200), (230, 200, 60), (40, 160, 50))


def corner_tile(index: int, size: int = 16, lower: int = 0, upper: int = 1) -> np.ndarray:
    """A tile whose NW/NE/SW/SE quadrants are coloured by its corner bits."""
    tile = np.zeros((size, size, 4), dtype=np.uint8)
    tile[..., 3] = 255
    half = size // 2
    bits = ((index >> 3) & 1, (index >> 2) & 1, (index >> 1) & 1, index & 1)
    for bit, (y, x) in zip(bits, ((0, 0), (0, half), (half, 0), (half, half)), strict=True):
        tile[y : y + half, x : x + half, :3] = TERRAIN_COLOURS[upper if bit else lower]
    tile[half - 1 : half + 1, half - 1 : half + 1, :3] = (index * 16, 255 - index * 16, upper * 60)
    return tile


def corner_tiles(size: int = 16, missing: tuple[int, ...] = (), lower: int = 0,
                 upper: int = 1) -> dict[int, np.ndarray]:
    return {i: corner_tile(i, size, lower, upper) for i in range(16) if i not in missing}


def render(view: TileMapView) -> np.ndarray:
    """The widget's own paint output as an (H, W, 4) array."""
    return qimage_to_rgba(view.grab().toImage())


def render_map(view: TileMapView) -> np.ndarray:
    """The whole map at 1:1 through the view's renderer, without grid (for pixel checks)."""
    ts = view.tile_size
    image = QImage(view.model.width * ts, view.model.height * ts,
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    view.renderer.paint(painter, QRect(0, 0, image.width(), image.height()), 1.0,
                        QPointF(0, 0), show_grid=False)
    painter.end()
    return qimage_to_rgba(image)


def cell_pixels(rendered: np.ndarray, x: int, y: int, ts: int) -> np.ndarray:
    return rendered[y * ts : (y + 1) * ts, x * ts : (x + 1) * ts]
