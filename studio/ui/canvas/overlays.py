"""Overlay protocols: extra passes the canvas draws on top of (or under) the document pixels.

Two kinds, registered in the canvas' lists so later panels plug theirs in:

* ``PixelOverlay`` works per image pixel and is baked into the cached 1:1 display image of a
  frame, only inside dirty rectangles (mask tint, onion skin). ``stage`` is ``"under"`` (drawn
  over the checkerboard, below the frame) or ``"over"`` (on top of the frame).
  Call ``canvas.add_pixel_overlay(ov)`` and ``canvas.refresh_pixels(rect)`` when its data changes.
* ``ScreenOverlay`` paints vectors in screen space on every paint (selection ants, skeleton
  joints): ``canvas.add_screen_overlay(ov)``; call ``canvas.update()`` when it changes.
  The selection's own overlays live in ``selection_overlay.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from studio.core.document.geometry import Rect
from studio.ui.canvas.viewport import Viewport

if TYPE_CHECKING:
    from studio.core.document.document import Document


@runtime_checkable
class PixelOverlay(Protocol):
    stage: Literal["under", "over"]
    enabled: bool

    def apply(self, doc: Document, frame: int, rect: Rect, rgb: np.ndarray) -> None:
        """Blend into ``rgb`` ((h, w, 3) uint8, opaque, covering ``rect``) in place."""


@runtime_checkable
class ScreenOverlay(Protocol):
    enabled: bool

    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        """Draw in widget coordinates; ``exposed`` is the region being repainted."""


def blend_color(rgb: np.ndarray, where: np.ndarray, color: tuple[int, int, int],
                alpha: np.ndarray | int) -> None:
    """``rgb[where] = rgb * (1 - a) + color * a`` with ``alpha`` in 0..255 (scalar or per pixel)."""
    if not where.any():
        return
    a = np.asarray(alpha, dtype=np.uint16)
    if a.ndim:
        a = a[where][:, None]
    src = rgb[where].astype(np.uint16)
    col = np.asarray(color, dtype=np.uint16)
    rgb[where] = ((src * (255 - a) + col * a + 127) // 255).astype(np.uint8)


class MaskTintOverlay:
    """Tints the pixels of the frame's inpaint mask (255 = regenerate) in translucent red."""

    stage: Literal["under", "over"] = "over"

    def __init__(self, color: tuple[int, int, int] = (255, 40, 80), opacity: int = 110) -> None:
        self.enabled = True
        self.color = color
        self.opacity = opacity

    def apply(self, doc: Document, frame: int, rect: Rect, rgb: np.ndarray) -> None:
        mask = doc.frames[frame].mask
        if mask is None:
            return
        values = mask[rect.slices()]
        where = values > 0
        blend_color(rgb, where, self.color, (values.astype(np.uint16) * self.opacity) // 255)


class OnionSkinOverlay:
    """Previous frame tinted red and next frame tinted blue, under the current frame."""

    stage: Literal["under", "over"] = "under"

    def __init__(self, opacity: int = 90) -> None:
        self.enabled = False
        self.opacity = opacity
        self.previous = True
        self.next = True

    def neighbours(self, doc: Document, frame: int) -> list[tuple[int, tuple[int, int, int]]]:
        out = []
        if self.previous and frame - 1 >= 0:
            out.append((frame - 1, (230, 40, 40)))
        if self.next and frame + 1 < len(doc.frames):
            out.append((frame + 1, (40, 90, 230)))
        return out

    def apply(self, doc: Document, frame: int, rect: Rect, rgb: np.ndarray) -> None:
        for other, tint in self.neighbours(doc, frame):
            alpha = doc.composite(other, rect)[..., 3]
            where = alpha > 0
            blend_color(rgb, where, tint, (alpha.astype(np.uint16) * self.opacity) // 255)


class BrushCursorOverlay:
    """Outline of the pencil/eraser footprint around the hovered pixel."""

    def __init__(self) -> None:
        self.enabled = True
        self.rect: Rect | None = None

    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        if self.rect is None or viewport.zoom < 2:
            return
        sx, sy, sw, sh = viewport.image_rect_to_screen(*self.rect)
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255, 200), 1))
        painter.drawRect(QRectF(sx, sy, sw, sh).adjusted(0, 0, -1, -1))
        painter.setPen(QPen(QColor(0, 0, 0, 200), 1))
        painter.drawRect(QRectF(sx + 1, sy + 1, sw, sh).adjusted(0, 0, -3, -3))
        painter.restore()
