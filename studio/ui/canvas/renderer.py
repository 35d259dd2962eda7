"""Paints the canvas into any QPainter (the widget, or an offscreen QImage in benchmarks).

One paint = background outside the image, one nearest-neighbour ``drawImage`` of the visible
part of the cached display image (3x3 of them in tiled mode), the pixel grid, then the screen
overlays. Only the exposed rectangle is touched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from studio.ui.canvas.frame_display import FrameDisplay
from studio.ui.canvas.overlays import ScreenOverlay
from studio.ui.canvas.viewport import Viewport

GRID_MIN_ZOOM = 4
FEW_GRID_LINES = 96  # below this many visible lines, rectangles beat the cached raster


class CanvasRenderer:
    def __init__(self, viewport: Viewport) -> None:
        self.viewport = viewport
        self.background = QColor(58, 58, 64)
        self.grid_color = QColor(104, 104, 114)  # opaque: 1 px opaque spans are a cheap fill
        self.show_grid = True
        self.tiled = False
        self._grid_cache: tuple[tuple[int, int], QImage] | None = None

    def grid_visible(self) -> bool:
        return self.show_grid and self.viewport.zoom >= GRID_MIN_ZOOM

    def paint(self, painter: QPainter, exposed: QRect, display: FrameDisplay | None,
              overlays: Iterable[ScreenOverlay] = ()) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        if display is None:
            painter.fillRect(exposed, self.background)
            return
        w, h = display.image.width(), display.image.height()
        vp = self.viewport
        span = 3 if self.tiled else 1
        sx, sy, sw, sh = vp.image_rect_to_screen(-w * (span // 2), -h * (span // 2),
                                                 w * span, h * span)
        self._background(painter, exposed, sx, sy, sw, sh)
        ex = QRectF(exposed)
        tiles = [(dx, dy) for dy in range(-(span // 2), span // 2 + 1)
                 for dx in range(-(span // 2), span // 2 + 1)]
        grid = self.grid_visible()
        wide = None
        if grid:
            c = self.grid_color
            wide = display.expanded(int(vp.zoom), (c.red(), c.green(), c.blue()))
        for dx, dy in tiles:
            self._blit(painter, ex, display, dx * w, dy * h, wide)
        if wide is not None:
            self._grid(painter, exposed, w, h, span, rows_only=True)
        elif grid:
            self._grid(painter, exposed, w, h, span)
        for ov in overlays:
            if ov.enabled:
                ov.paint(painter, vp, exposed)

    def _background(self, painter: QPainter, exposed: QRect, sx: float, sy: float, sw: float,
                    sh: float) -> None:
        """Fill only the parts of ``exposed`` outside the (opaque) image area: up to four
        bands around it, not the whole rectangle under the image."""
        # pixels only partly covered by the image are filled too
        left, top = math.ceil(sx), math.ceil(sy)
        inner = QRect(left, top, math.floor(sx + sw) - left, math.floor(sy + sh) - top)
        inner = inner.intersected(exposed)
        if inner.isEmpty():
            painter.fillRect(exposed, self.background)
            return
        if inner == exposed:
            return
        ex0, ey0, ex1, ey1 = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
        ix0, iy0, ix1, iy1 = inner.left(), inner.top(), inner.right(), inner.bottom()
        bands = [QRect(ex0, ey0, exposed.width(), iy0 - ey0),  # above
                 QRect(ex0, iy1 + 1, exposed.width(), ey1 - iy1),  # below
                 QRect(ex0, iy0, ix0 - ex0, inner.height()),  # left
                 QRect(ix1 + 1, iy0, ex1 - ix1, inner.height())]  # right
        for band in bands:
            if not band.isEmpty():
                painter.fillRect(band, self.background)

    def _blit(self, painter: QPainter, ex: QRectF, display: FrameDisplay, dx: int,
              dy: int, wide: QImage | None = None) -> None:
        vp = self.viewport
        w, h = display.image.width(), display.image.height()
        x, y, cw, ch = vp.screen_rect_to_image(ex.x() - vp.zoom * dx, ex.y() - vp.zoom * dy,
                                               ex.width(), ex.height(), w, h)
        if cw <= 0 or ch <= 0:
            return
        target = QRectF(*vp.image_rect_to_screen(x + dx, y + dy, cw, ch))
        if wide is None:
            painter.drawImage(target, display.image, QRectF(x, y, cw, ch))
        else:  # pixels with their vertical grid lines, scaled only vertically
            z = int(vp.zoom)
            painter.drawImage(target, wide, QRectF(x * z, y, cw * z, ch))

    def _grid(self, painter: QPainter, exposed: QRect, w: int, h: int, span: int,
              rows_only: bool = False) -> None:
        """Grid lines over the image part of ``exposed``: few lines as rectangles, many as one
        unscaled blit from a cached grid raster; ``rows_only`` draws just the horizontal ones."""
        vp = self.viewport
        z = int(vp.zoom)
        lo = -(span // 2)
        left, top = vp.to_screen(lo * w, lo * h)
        area = QRect(int(left), int(top), int(w * span * z), int(h * span * z))
        clip = area.intersected(exposed)
        if clip.isEmpty():
            return
        if rows_only or (clip.width() + clip.height()) // z <= FEW_GRID_LINES:
            self._grid_rects(painter, clip, z, rows_only)
            return
        raster = self._grid_raster(z, clip.width(), clip.height())
        sx = int(clip.x() - vp.ox) % z
        sy = int(clip.y() - vp.oy) % z
        painter.drawImage(clip.topLeft(), raster, QRect(sx, sy, clip.width(), clip.height()))

    def _grid_rects(self, painter: QPainter, clip: QRect, z: int,
                    rows_only: bool = False) -> None:
        """Few lines (high zoom): opaque 1 px rectangles, cheaper than a full-area blit."""
        vp = self.viewport
        x0 = clip.x() + (-(clip.x() - int(vp.ox))) % z
        y0 = clip.y() + (-(clip.y() - int(vp.oy))) % z
        rects = [] if rows_only else [QRect(x, clip.y(), 1, clip.height())
                                      for x in range(x0, clip.right() + 1, z)]
        rects += [QRect(clip.x(), y, clip.width(), 1) for y in range(y0, clip.bottom() + 1, z)]
        if rects:
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.grid_color)
            painter.drawRects(rects)
            painter.restore()

    def _grid_raster(self, z: int, need_w: int, need_h: int) -> QImage:
        key = (z, self.grid_color.rgba())
        cached = self._grid_cache
        if (cached is None or cached[0] != key or cached[1].width() < need_w + z
                or cached[1].height() < need_h + z):
            tile = QImage(z, z, QImage.Format.Format_ARGB32_Premultiplied)
            tile.fill(0)
            tile_painter = QPainter(tile)
            tile_painter.fillRect(QRect(0, 0, z, 1), self.grid_color)
            tile_painter.fillRect(QRect(0, 0, 1, z), self.grid_color)
            tile_painter.end()
            old_w = cached[1].width() - z if cached else 0
            old_h = cached[1].height() - z if cached else 0
            raster = QImage(max(need_w, old_w, 256) + z, max(need_h, old_h, 256) + z,
                            QImage.Format.Format_ARGB32_Premultiplied)
            raster.fill(0)
            raster_painter = QPainter(raster)
            raster_painter.drawTiledPixmap(raster.rect(), QPixmap.fromImage(tile))
            raster_painter.end()
            self._grid_cache = (key, raster)
        return self._grid_cache[1]
