"""Zoom and pan maths of the canvas, free of Qt so it can be unit-tested on its own.

Screen position of image pixel ``(x, y)``'s top-left corner is ``(ox + x * zoom, oy + y * zoom)``.
At zoom >= 1 the offsets stay whole numbers so every image pixel covers an exact block of screen
pixels (crisp nearest-neighbour rendering and a grid that lines up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Aseprite's table: integer steps above 1x, their inverses below (down to 1/16).
ZOOM_STEPS: tuple[float, ...] = (
    1 / 16, 1 / 12, 1 / 8, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2,
    1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 48, 64,
)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
# absorbs float error of fractional zooms (e.g. 25 * (1/3) / (1/3)) when flooring to a pixel
PIXEL_EPS = 1e-9


def nearest_step_index(zoom: float) -> int:
    """Index of the zoom step closest to ``zoom`` (compared on a log scale)."""
    target = math.log(max(MIN_ZOOM, min(MAX_ZOOM, zoom)))
    return min(range(len(ZOOM_STEPS)), key=lambda i: abs(math.log(ZOOM_STEPS[i]) - target))


def zoom_label(zoom: float) -> str:
    """Human form of a zoom factor: ``"800%"``, ``"25%"``."""
    pct = zoom * 100
    return f"{pct:.0f}%" if abs(pct - round(pct)) < 0.05 else f"{pct:.1f}%"


@dataclass
class Viewport:
    """Where the image sits on the widget and how large its pixels are."""

    zoom: float = 1.0
    ox: float = 0.0
    oy: float = 0.0

    # -- coordinate mapping ----------------------------------------------------------------
    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.zoom, self.oy + y * self.zoom

    def to_image(self, sx: float, sy: float) -> tuple[float, float]:
        return (sx - self.ox) / self.zoom, (sy - self.oy) / self.zoom

    def pixel_at(self, sx: float, sy: float) -> tuple[int, int]:
        """The image pixel under a screen point (may lie outside the image)."""
        x, y = self.to_image(sx, sy)
        return math.floor(x + PIXEL_EPS), math.floor(y + PIXEL_EPS)

    def image_rect_to_screen(self, x: int, y: int, w: int, h: int) -> tuple[float, float, float,
                                                                           float]:
        sx, sy = self.to_screen(x, y)
        return sx, sy, w * self.zoom, h * self.zoom

    def screen_rect_to_image(self, sx: float, sy: float, sw: float, sh: float,
                             width: int, height: int) -> tuple[int, int, int, int]:
        """Whole image pixels touched by a screen rectangle, clipped to ``width`` x ``height``."""
        x0, y0 = self.to_image(sx, sy)
        x1, y1 = self.to_image(sx + sw, sy + sh)
        left, top = max(0, math.floor(x0)), max(0, math.floor(y0))
        right, bottom = min(width, math.ceil(x1)), min(height, math.ceil(y1))
        return left, top, max(0, right - left), max(0, bottom - top)

    # -- zoom ------------------------------------------------------------------------------
    @property
    def step_index(self) -> int:
        return nearest_step_index(self.zoom)

    def zoom_about(self, new_zoom: float, sx: float, sy: float) -> None:
        """Change zoom keeping the image pixel under screen point (sx, sy) under it."""
        new_zoom = max(MIN_ZOOM, min(MAX_ZOOM, new_zoom))
        self.ox = _anchored_offset(self.ox, self.zoom, new_zoom, sx)
        self.oy = _anchored_offset(self.oy, self.zoom, new_zoom, sy)
        self.zoom = new_zoom

    def step(self, steps: int, sx: float, sy: float) -> bool:
        """Move ``steps`` zoom steps (positive: in) about a screen point; False at a limit."""
        index = max(0, min(len(ZOOM_STEPS) - 1, self.step_index + steps))
        if ZOOM_STEPS[index] == self.zoom:
            return False
        self.zoom_about(ZOOM_STEPS[index], sx, sy)
        return True

    def center(self, view_w: int, view_h: int, img_w: int, img_h: int) -> None:
        """Put the image in the middle of the view at the current zoom."""
        self.ox = self._snap((view_w - img_w * self.zoom) / 2)
        self.oy = self._snap((view_h - img_h * self.zoom) / 2)

    def fit(self, view_w: int, view_h: int, img_w: int, img_h: int, margin: int = 16) -> None:
        """Largest zoom step at which the whole image fits the view, centred."""
        avail_w, avail_h = max(1, view_w - 2 * margin), max(1, view_h - 2 * margin)
        best = ZOOM_STEPS[0]
        for z in ZOOM_STEPS:
            if img_w * z <= avail_w and img_h * z <= avail_h:
                best = z
        self.zoom = best
        self.center(view_w, view_h, img_w, img_h)

    def actual_size(self, view_w: int, view_h: int, img_w: int, img_h: int) -> None:
        """100 %, centred."""
        self.zoom = 1.0
        self.center(view_w, view_h, img_w, img_h)

    # -- pan -------------------------------------------------------------------------------
    def pan(self, dx: float, dy: float) -> None:
        self.ox = self._snap(self.ox + dx)
        self.oy = self._snap(self.oy + dy)

    def _snap(self, value: float) -> float:
        return float(round(value)) if self.zoom >= 1 else value


def _anchored_offset(offset: float, zoom: float, new_zoom: float, anchor: float) -> float:
    """New offset along one axis so the pixel under ``anchor`` stays under it."""
    pos = (anchor - offset) / zoom  # image coordinate under the anchor
    ideal = anchor - pos * new_zoom
    if new_zoom < 1:
        return ideal
    pixel = math.floor(pos + PIXEL_EPS)  # the pixel ``pixel_at`` reports
    # whole offsets that keep floor((anchor - o) / new_zoom + PIXEL_EPS) == pixel (pixel_at)
    lo = math.floor(anchor - (pixel + 1 - PIXEL_EPS) * new_zoom) + 1
    hi = math.floor(anchor - (pixel - PIXEL_EPS) * new_zoom)
    return float(min(max(round(ideal), lo), hi)) if lo <= hi else float(round(ideal))
