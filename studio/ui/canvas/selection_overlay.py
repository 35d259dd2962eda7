"""Screen overlays of selections and tool previews: marching ants around any selection shape,
floating pixels with their scale handles, the lasso path, a shape being dragged, and the
symmetry axes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

from studio.core.document.geometry import Rect
from studio.core.selection.floating import Floating
from studio.core.selection.region import Selection, outline_edges
from studio.ui.canvas.viewport import Viewport
from studio.ui.qt_images import rgba_to_qimage

HANDLE_PX = 7  # side of a scale handle on screen
HANDLES = ("nw", "n", "ne", "e", "se", "s", "sw", "w")


class SelectionOverlay:
    """The selection (``selection``; ``rect`` is its bounding box) and the floating pixels."""

    def __init__(self) -> None:
        self.enabled = True
        self.selection: Selection | None = None
        self.floating: Floating | None = None
        self.show_handles = False  # around the selection too (the move tool is active)
        self.phase = 0
        self._edges: tuple | None = None  # (mask, size, horizontal, vertical) of the outline
        self._image: tuple[int, QImage] | None = None

    @property
    def rect(self) -> Rect | None:
        return None if self.selection is None else self.selection.rect

    @rect.setter
    def rect(self, value: Rect | None) -> None:
        self.selection = None if value is None or value.is_empty else Selection(Rect(*value))

    # -- painting --------------------------------------------------------------------------
    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        floating = self.floating
        if floating is not None:
            sx, sy, sw, sh = viewport.image_rect_to_screen(*floating.rect)
            painter.drawImage(QRectF(sx, sy, sw, sh), self._floating_image(floating))
        if self.selection is not None:
            self._ants(painter, viewport, self._lines(viewport))
        box = floating.rect if floating is not None else (
            self.rect if self.show_handles else None)
        if box is not None:
            self._handles(painter, viewport, box)
        painter.restore()

    def _lines(self, viewport: Viewport) -> list[QLineF]:
        sel = self.selection
        assert sel is not None
        cached = self._edges
        if cached is None or cached[0] is not sel.mask or cached[1] != sel.rect[2:]:
            local = Selection(Rect(0, 0, sel.rect.w, sel.rect.h), sel.mask)
            cached = self._edges = (sel.mask, sel.rect[2:], *outline_edges(local))
        horizontal, vertical = cached[2], cached[3]
        z = viewport.zoom
        ox, oy = viewport.to_screen(sel.rect.x, sel.rect.y)
        segs = np.concatenate([horizontal, vertical]).astype(np.float64) * z
        segs[:, 0::2] += ox
        segs[:, 1::2] += oy
        return [QLineF(a, b, c, d) for a, b, c, d in segs.tolist()]

    def _ants(self, painter: QPainter, viewport: Viewport, lines: list[QLineF]) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255), 1))
        painter.drawLines(lines)
        dashed = QPen(QColor(0, 0, 0), 1, Qt.PenStyle.CustomDashLine)
        dashed.setDashPattern([4, 4])
        dashed.setDashOffset(self.phase)
        painter.setPen(dashed)
        painter.drawLines(lines)

    def _floating_image(self, floating: Floating) -> QImage:
        pixels = floating.image()
        if self._image is None or self._image[0] != id(pixels):
            self._image = (id(pixels), rgba_to_qimage(pixels))
        return self._image[1]

    def _handles(self, painter: QPainter, viewport: Viewport, rect: Rect) -> None:
        painter.setPen(QPen(QColor(0, 0, 0), 1))
        painter.setBrush(QColor(255, 255, 255))
        for box in handle_boxes(viewport, rect).values():
            painter.drawRect(box)


def handle_boxes(viewport: Viewport, rect: Rect) -> dict[str, QRectF]:
    """Screen squares of the eight scale handles around ``rect``, by compass name."""
    sx, sy, sw, sh = viewport.image_rect_to_screen(*rect)
    xs = {"w": sx, "c": sx + sw / 2, "e": sx + sw}
    ys = {"n": sy, "c": sy + sh / 2, "s": sy + sh}
    half = HANDLE_PX / 2
    out = {}
    for name in HANDLES:
        vx = "e" if "e" in name else "w" if "w" in name else "c"
        vy = "n" if "n" in name else "s" if "s" in name else "c"
        out[name] = QRectF(xs[vx] - half, ys[vy] - half, HANDLE_PX, HANDLE_PX)
    return out


class ToolPreviewOverlay:
    """What a tool shows before it commits: a lasso path, shape pixels, symmetry axes."""

    def __init__(self) -> None:
        self.enabled = True
        self.path: list[tuple[int, int]] = []  # lasso points (image pixels)
        self.shape: tuple[Rect, QImage] | None = None  # pixels of a shape being dragged
        self.axes: tuple[float | None, float | None] = (None, None)  # symmetry x, y
        self.image_size: tuple[int, int] = (0, 0)

    def set_shape(self, rect: Rect | None, pixels: np.ndarray | None = None) -> None:
        self.shape = None if rect is None or pixels is None else (rect, rgba_to_qimage(pixels))

    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        painter.save()
        if self.shape is not None:
            rect, image = self.shape
            painter.drawImage(QRectF(*viewport.image_rect_to_screen(*rect)), image)
        if len(self.path) > 1:
            points = [QPointF(*viewport.to_screen(x + 0.5, y + 0.5)) for x, y in self.path]
            painter.setPen(QPen(QColor(255, 255, 255), 1, Qt.PenStyle.DashLine))
            painter.drawPolyline(QPolygonF(points))
        self._axes(painter, viewport)
        painter.restore()

    def _axes(self, painter: QPainter, viewport: Viewport) -> None:
        w, h = self.image_size
        ax, ay = self.axes
        painter.setPen(QPen(QColor(80, 200, 255, 200), 1, Qt.PenStyle.DashDotLine))
        if ax is not None:
            x, top = viewport.to_screen(ax, 0)
            painter.drawLine(QLineF(x, top, x, viewport.to_screen(ax, h)[1]))
        if ay is not None:
            left, y = viewport.to_screen(0, ay)
            painter.drawLine(QLineF(left, y, viewport.to_screen(w, ay)[0], y))
