"""Screen overlay of the mask tools: brush outline under the cursor, rectangle and lasso drafts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from studio.core.document.geometry import Rect
from studio.core.painting.mask_settings import MaskSettings
from studio.ui.canvas.viewport import Viewport

OUTLINE = QColor(255, 255, 255)
SHADOW = QColor(0, 0, 0, 160)


class MaskPreviewOverlay:
    """Draws in widget coordinates; ``request_update`` repaints (the canvas' ``update``)."""

    def __init__(self, settings: MaskSettings, viewport: Viewport,
                 request_update: Callable[[QRect | None], None]) -> None:
        self.enabled = True
        self.settings = settings
        self.viewport = viewport
        self.request_update = request_update
        self.show_brush = False
        self.hover: tuple[int, int] | None = None
        self.rect: Rect | None = None
        self.polygon: list[tuple[float, float]] | None = None

    def set_hover(self, x: int | None, y: int | None) -> None:
        hover = None if x is None or y is None else (x, y)
        if hover != self.hover:
            old, self.hover = self._brush_box(), hover
            if self.show_brush:
                new = self._brush_box()
                region = (old or new) if old is None or new is None else old.united(new)
                if region is not None:
                    self.request_update(region.toAlignedRect().adjusted(-3, -3, 3, 3))

    def _brush_box(self) -> QRectF | None:
        if self.hover is None:
            return None
        size = self.settings.size
        x, y = self.hover
        return self._screen_rect(self.viewport, Rect(x - size // 2, y - size // 2, size, size))

    def set_rect(self, rect: Rect) -> None:
        self.rect, self.polygon = rect, None
        self.request_update(None)

    def set_polygon(self, points: list[tuple[float, float]]) -> None:
        self.polygon, self.rect = points, None
        self.request_update(None)

    def clear_shape(self) -> None:
        if self.rect is not None or self.polygon is not None:
            self.rect = self.polygon = None
            self.request_update(None)

    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.rect is not None:
            self._outline(painter, lambda: painter.drawRect(self._screen_rect(viewport,
                                                                              self.rect)))
        if self.polygon:
            poly = QPolygonF([QPointF(*viewport.to_screen(x, y)) for x, y in self.polygon])
            self._outline(painter, lambda: painter.drawPolyline(poly))
        if self.show_brush and self.hover is not None and self.rect is None and not self.polygon:
            box = self._brush_box()
            if self.settings.shape == "round" and self.settings.size > 2:
                self._outline(painter, lambda: painter.drawEllipse(box))
            else:
                self._outline(painter, lambda: painter.drawRect(box))
        painter.restore()

    @staticmethod
    def _screen_rect(viewport: Viewport, rect: Rect) -> QRectF:
        sx, sy, sw, sh = viewport.image_rect_to_screen(*rect)
        return QRectF(sx, sy, sw, sh).adjusted(0, 0, -1, -1)

    @staticmethod
    def _outline(painter: QPainter, draw: Callable[[], None]) -> None:
        painter.setPen(QPen(SHADOW, 3))
        draw()
        painter.setPen(QPen(OUTLINE, 1))
        draw()
