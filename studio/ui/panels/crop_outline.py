"""Canvas overlay: a dashed outline of the crop an inpaint request will send."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from studio.ui.canvas.viewport import Viewport

COLOR = QColor(255, 170, 0)


class CropOutlineOverlay:
    def __init__(self) -> None:
        self.enabled = True
        self.rect: tuple[int, int, int, int] | None = None  # image x, y, w, h

    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        if self.rect is None:
            return
        sx, sy, sw, sh = viewport.image_rect_to_screen(*self.rect)
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(COLOR, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(QRectF(sx, sy, sw, sh).adjusted(1, 1, -1, -1))
        painter.restore()
