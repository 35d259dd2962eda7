"""The terrain-painting preview: paint terrain on the corner grid and see tiles chosen live.

Left drag paints the brush terrain on the corners nearest the pointer, right drag paints the
lowest terrain, middle drag (or space + left drag) pans, the wheel zooms about the cursor in the
canvas's integer steps. Each painted corner recomposes and repaints only the cells that share it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.core.tiles.atlas import TileAtlas
from studio.core.tiles.terrain_map import TerrainMap
from studio.ui.tileset.map_render import MapRenderer
from studio.ui.tileset.qimage_convert import qimage_to_rgba

ZOOM_STEPS = (0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 12.0, 16.0)
BrushMode = Literal["paint", "fill"]
TileImage = np.ndarray | QImage


def _bresenham(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[int, int]]:
    """Corners on the line from a to b (inclusive), so fast strokes leave no gaps."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err, points = dx + dy, []
    while True:
        points.append((x0, y0))
        if (x0, y0) == (x1, y1):
            return points
        e2 = 2 * err
        if e2 >= dy:
            err, x0 = err + dy, x0 + sx
        if e2 <= dx:
            err, y0 = err + dx, y0 + sy


class TileMapView(QWidget):
    """Map preview widget (objectName ``tileset.preview``)."""

    cellsChanged = Signal(list)  # list[tuple[int, int]] of cells whose tile changed
    zoomChanged = Signal(float)

    def __init__(self, tile_size: int = 16, width: int = 24, height: int = 16,
                 terrains: Sequence[str] = ("lower", "upper"), parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tileset.preview")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.tile_size = tile_size
        self.model = TerrainMap(width, height, terrains)
        self.atlases: list[TileAtlas | None] = []
        self.renderer = MapRenderer(self.model, self.atlases, tile_size)
        self.brush_terrain = len(self.model.terrains) - 1
        self.brush_size = 1
        self.brush_mode: BrushMode = "paint"
        self.show_grid = True
        self._zoom = 2.0
        self._offset = QPointF(8, 8)
        self._stroke_terrain: int | None = None
        self._last_vertex: tuple[int, int] | None = None
        self._pan_anchor: QPointF | None = None
        self._space_down = False
        self._hover: tuple[int, int] | None = None

    # ----- tilesets ------------------------------------------------------------------------
    def set_terrains(self, terrains: Sequence[str], tile_size: int | None = None) -> None:
        """Start a new map with these terrains (bottom to top); drops all tilesets.

        The painted corners are kept where the terrain ids still exist.
        """
        self.tile_size = self.tile_size if tile_size is None else tile_size
        old = self.model
        self.model = TerrainMap(old.width, old.height, terrains)
        self.model.vertices[...] = np.minimum(old.vertices, len(terrains) - 1)
        self.atlases = []
        self.renderer = MapRenderer(self.model, self.atlases, self.tile_size)
        self.brush_terrain = min(self.brush_terrain, len(terrains) - 1)
        self.updateGeometry()
        self.update()

    def add_terrain(self, name: str) -> int:
        """Append a terrain on top of the chain (for layering another tileset); returns its id."""
        self.model.terrains.append(name)
        return len(self.model.terrains) - 1

    def set_tileset(self, position: int, tiles: Mapping[int, TileImage],
                    lower: int | None = None, upper: int | None = None) -> None:
        """Show ``tiles`` (Wang index -> RGBA array or QImage) as layer ``position``.

        ``lower``/``upper`` are terrain indices; by default layer n joins terrains n and n+1.
        """
        lower = position if lower is None else lower
        upper = lower + 1 if upper is None else upper
        atlas = TileAtlas(self.tile_size, {i: self._as_rgba(img) for i, img in tiles.items()})
        self.model.set_layer(position, lower, upper, atlas.available)
        if position < len(self.atlases):
            self.atlases[position] = atlas
        else:
            self.atlases.append(atlas)
        self.renderer.reset(self.atlases)
        self.update()

    def update_tile(self, position: int, index: int, image: TileImage) -> None:
        """Replace one tile (e.g. after a touch-up on the canvas) and repaint the cells using it."""
        atlas = self.atlases[position]
        if atlas is None:
            raise ValueError(f"no tileset at layer {position}")
        had = index in atlas
        atlas.set_tile(index, self._as_rgba(image))
        if not had:
            layer = self.model.layers[position]
            self.model.set_layer(position, layer.lower, layer.upper, atlas.available)
        self.renderer.mark_all()
        self.update()

    def _as_rgba(self, image: TileImage) -> np.ndarray:
        return qimage_to_rgba(image) if isinstance(image, QImage) else np.asarray(image)

    # ----- map operations ------------------------------------------------------------------
    def resize_map(self, width: int, height: int) -> None:
        self.model.resize(width, height)
        self.renderer.reset()
        self.updateGeometry()
        self.update()

    def set_vertices(self, vertices: np.ndarray) -> None:
        """Replace the whole corner grid (terrain id per vertex), e.g. from a saved project."""
        if vertices.shape != self.model.vertices.shape:
            self.resize_map(vertices.shape[1] - 1, vertices.shape[0] - 1)
        if vertices.size and int(vertices.max()) >= len(self.model.terrains):
            raise ValueError(f"the map uses terrain {int(vertices.max())}; only "
                             f"{len(self.model.terrains)} terrains exist")
        self.model.vertices[...] = vertices
        self.model.recompute_all()
        self._everything_changed()

    def paint_corner(self, vx: int, vy: int, terrain: int | None = None) -> list[tuple[int, int]]:
        """Apply the brush at corner (vx, vy); repaints and returns only the changed cells."""
        terrain = self.brush_terrain if terrain is None else terrain
        if not 0 <= terrain < len(self.model.terrains):
            raise ValueError(f"terrain {terrain} is not one of {self.model.terrains}")
        cells = sorted(self.model.paint(vx, vy, terrain, self.brush_size))
        self._cells_changed(cells)
        return cells

    def fill_at(self, vx: int, vy: int, terrain: int | None = None) -> None:
        terrain = self.brush_terrain if terrain is None else terrain
        if self.model.fill(vx, vy, terrain):
            self._everything_changed()

    def noise_fill(self, density: float = 0.5, seed: int | None = None,
                   terrain: int | None = None) -> None:
        terrain = self.brush_terrain if terrain is None else terrain
        self.model.noise_fill(terrain, density, seed)
        self._everything_changed()

    def clear_map(self, terrain: int = 0) -> None:
        self.model.clear(terrain)
        self._everything_changed()

    def _cells_changed(self, cells: list[tuple[int, int]]) -> None:
        if not cells:
            return
        self.renderer.mark_cells(cells)
        xs, ys = [c[0] for c in cells], [c[1] for c in cells]
        rect = self.cells_rect(min(xs), min(ys), max(xs) + 1, max(ys) + 1)
        self.update(rect.toAlignedRect().adjusted(-2, -2, 2, 2))
        self.cellsChanged.emit(cells)

    def _everything_changed(self) -> None:
        self.renderer.mark_all()
        self.update()
        self.cellsChanged.emit([(x, y) for y in range(self.model.height)
                                for x in range(self.model.width)])

    # ----- coordinates, zoom, pan ----------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` keeping the map point under ``anchor`` (widget coords) in place."""
        zoom = min(ZOOM_STEPS, key=lambda z: abs(z - zoom))
        if zoom == self._zoom:
            return
        anchor = QPointF(self.width() / 2, self.height() / 2) if anchor is None else anchor
        map_point = (anchor - self._offset) / self._zoom
        self._zoom = zoom
        self._offset = QPointF(round(anchor.x() - map_point.x() * zoom),
                               round(anchor.y() - map_point.y() * zoom))
        self.updateGeometry()
        self.update()
        self.zoomChanged.emit(zoom)

    def step_zoom(self, steps: int, anchor: QPointF | None = None) -> None:
        current = ZOOM_STEPS.index(self._zoom)
        self.set_zoom(ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, current + steps))], anchor)

    def fit_to_view(self) -> None:
        """Largest zoom step at which the whole map fits the widget, centred."""
        if self.width() < 16 or self.height() < 16:
            return
        map_w, map_h = self.model.width * self.tile_size, self.model.height * self.tile_size
        fitting = [z for z in ZOOM_STEPS
                   if map_w * z <= self.width() - 8 and map_h * z <= self.height() - 8]
        zoom = fitting[-1] if fitting else ZOOM_STEPS[0]
        if zoom != self._zoom:
            self._zoom = zoom
            self.zoomChanged.emit(zoom)
        self.set_offset(QPointF((self.width() - map_w * zoom) / 2,
                                (self.height() - map_h * zoom) / 2))

    @property
    def offset(self) -> QPointF:
        return QPointF(self._offset)

    def set_offset(self, offset: QPointF) -> None:
        self._offset = QPointF(round(offset.x()), round(offset.y()))
        self.update()

    def set_show_grid(self, show: bool) -> None:
        self.show_grid = show
        self.update()

    def cells_rect(self, x0: int, y0: int, x1: int, y1: int) -> QRectF:
        """Widget rectangle covering cells x0..x1-1, y0..y1-1."""
        step = self.tile_size * self._zoom
        return QRectF(self._offset.x() + x0 * step, self._offset.y() + y0 * step,
                      (x1 - x0) * step, (y1 - y0) * step)

    def vertex_pos(self, vx: int, vy: int) -> QPointF:
        """Widget position of corner (vx, vy)."""
        step = self.tile_size * self._zoom
        return QPointF(self._offset.x() + vx * step, self._offset.y() + vy * step)

    def vertex_at(self, pos: QPointF) -> tuple[int, int]:
        """Nearest corner to a widget position (may lie outside the map)."""
        step = self.tile_size * self._zoom
        return (round((pos.x() - self._offset.x()) / step),
                round((pos.y() - self._offset.y()) / step))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        step = self.tile_size * self._zoom
        return QSize(int(self.model.width * step) + 16, int(self.model.height * step) + 16)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 160)

    # ----- painting ------------------------------------------------------------------------
    def render_region(self, painter: QPainter, exposed: QRect) -> None:
        """Draw the exposed region of the preview (used by paintEvent and benchmarks)."""
        self.renderer.paint(painter, exposed, self._zoom, self._offset, self.show_grid)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        exposed = event.rect()
        painter.fillRect(exposed, self.palette().window())
        self.render_region(painter, exposed)
        if self._hover is not None and self.brush_mode == "paint":
            self._paint_brush_outline(painter)
        painter.end()

    def _paint_brush_outline(self, painter: QPainter) -> None:
        vx, vy = self._hover
        start = -((self.brush_size - 1) // 2)
        top_left = self.vertex_pos(vx + start, vy + start)
        span = (self.brush_size - 1) * self.tile_size * self._zoom
        painter.setPen(QPen(QColor(255, 255, 255), 0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(top_left.x() - 3, top_left.y() - 3, span + 6, span + 6))
        painter.setPen(QPen(QColor(0, 0, 0), 0))
        painter.drawRect(QRectF(top_left.x() - 4, top_left.y() - 4, span + 8, span + 8))

    def _hover_rect(self) -> QRect:
        if self._hover is None:
            return QRect()
        start = -((self.brush_size - 1) // 2)
        a = self.vertex_pos(self._hover[0] + start, self._hover[1] + start)
        span = (self.brush_size - 1) * self.tile_size * self._zoom
        return QRectF(a.x() - 6, a.y() - 6, span + 12, span + 12).toAlignedRect()

    # ----- input ---------------------------------------------------------------------------
    def _is_pan(self, event: QMouseEvent) -> bool:
        return event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_down)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._is_pan(event):
            self._pan_anchor = event.position() - self._offset
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        terrain = self.brush_terrain if event.button() == Qt.MouseButton.LeftButton else 0
        vertex = self.vertex_at(event.position())
        if self.brush_mode == "fill":
            self.fill_at(*vertex, terrain=terrain)
            return
        self._stroke_terrain = terrain
        self._last_vertex = vertex
        self.paint_corner(*vertex, terrain=terrain)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._pan_anchor is not None:
            self.set_offset(event.position() - self._pan_anchor)
            return
        vertex = self.vertex_at(event.position())
        if vertex != self._hover:
            self.update(self._hover_rect())
            self._hover = vertex
            self.update(self._hover_rect())
        if self._stroke_terrain is not None and vertex != self._last_vertex:
            for point in _bresenham(self._last_vertex, vertex)[1:]:
                self.paint_corner(*point, terrain=self._stroke_terrain)
            self._last_vertex = vertex

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._pan_anchor is not None and event.button() in (
                Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_anchor = None
            self.unsetCursor()
            return
        self._stroke_terrain = None
        self._last_vertex = None

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.update(self._hover_rect())
        self._hover = None
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        steps = 1 if event.angleDelta().y() > 0 else -1 if event.angleDelta().y() < 0 else 0
        if steps:
            self.step_zoom(steps, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        elif event.key() == Qt.Key.Key_G:
            self.set_show_grid(not self.show_grid)
        elif event.key() == Qt.Key.Key_F:
            self.fit_to_view()
        elif event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.step_zoom(1)
        elif event.key() == Qt.Key.Key_Minus:
            self.step_zoom(-1)
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.unsetCursor()
        else:
            super().keyReleaseEvent(event)
