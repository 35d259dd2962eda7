"""Floating pixels: lifted from a selection (or pasted), transformed, then applied in one step.

A :class:`Floating` keeps the lifted pixels as ``base`` (flips and quarter turns are applied to
it at once, losslessly) and a destination rectangle ``rect``; its :meth:`image` is ``base``
scaled to ``rect`` by nearest neighbour, so scaling never accumulates rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.selection.region import Selection


@dataclass(eq=False)
class Floating:
    base: np.ndarray  # RGBA (h, w, 4); pixels outside the selection have alpha 0
    rect: Rect  # where the pixels go (its size may differ from base: nearest-neighbour scale)
    source: Selection | None = None  # lifted from here (cleared on apply); None when pasted
    _cache: tuple[tuple[int, int, int], np.ndarray] | None = field(default=None, repr=False)
    _pivot2: tuple[int, int] | None = field(default=None, repr=False)  # 2x rotation centre

    def image(self) -> np.ndarray:
        """``base`` scaled to ``rect`` (cached until base or size changes)."""
        key = (id(self.base), self.rect.w, self.rect.h)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, scale_nearest(self.base, self.rect.w, self.rect.h))
        return self._cache[1]

    def move_by(self, dx: int, dy: int) -> None:
        self.rect = self.rect.translated(dx, dy)
        self._pivot2 = None

    def flip(self, horizontal: bool) -> None:
        self.base = np.ascontiguousarray(self.base[:, ::-1] if horizontal else self.base[::-1])

    def rotate(self, quarter_turns_cw: int) -> None:
        """Rotate by 90 degrees clockwise per turn about the centre of ``rect`` (the same
        centre for consecutive turns, so four turns put the pixels back where they were)."""
        turns = quarter_turns_cw % 4
        if turns == 0:
            return
        self.base = np.ascontiguousarray(np.rot90(self.base, k=-turns))
        if turns % 2:
            r = self.rect
            if self._pivot2 is None:
                self._pivot2 = (2 * r.x + r.w, 2 * r.y + r.h)  # twice the centre: integers
            cx2, cy2 = self._pivot2
            self.rect = Rect((cx2 - r.h) // 2, (cy2 - r.w) // 2, r.h, r.w)

    def resize(self, rect: Rect) -> None:
        """Scale to ``rect`` (at least 1x1 pixel)."""
        self.rect = Rect(rect.x, rect.y, max(1, rect.w), max(1, rect.h))
        self._pivot2 = None


def scale_nearest(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """Nearest-neighbour resize of an (h, w, C) array to (height, width, C)."""
    h, w = pixels.shape[:2]
    if (w, h) == (width, height):
        return pixels
    rows = (np.arange(height) * h) // height
    cols = (np.arange(width) * w) // width
    return pixels[rows[:, None], cols[None, :]]


def lift(doc: Document, frame: int, layer: int, selection: Selection) -> Floating:
    """The selected pixels of a layer as a Floating (the document is not changed)."""
    r = selection.rect.clamp(doc.width, doc.height)
    pixels = doc.read_pixels(frame, layer, r).copy()
    if selection.mask is None:
        return Floating(pixels, r, Selection(r))
    mask = selection.mask[r.translated(-selection.rect.x, -selection.rect.y).slices()].copy()
    pixels[~mask] = 0
    return Floating(pixels, r, Selection(r, mask))


def apply_floating(doc: Document, frame: int, layer: int, floating: Floating,
                   label: str = "Transform") -> Rect:
    """Clear the source and put the floating pixels at ``rect`` as one undo step.

    Moved pixels with alpha > 0 replace the pixels under them; transparent ones leave them.
    Returns the changed rectangle (clipped to the image).
    """
    src = floating.source
    dst = floating.rect
    touched = dst if src is None else dst.union(src.rect)
    touched = touched.clamp(doc.width, doc.height)
    if touched.is_empty:
        return touched
    work = doc.read_pixels(frame, layer, touched).copy()
    if src is not None:
        area = work[src.rect.translated(-touched.x, -touched.y).slices()]
        area[src.local_mask()] = 0
    visible = dst.clamp(doc.width, doc.height)
    if not visible.is_empty:
        part = floating.image()[visible.translated(-dst.x, -dst.y).slices()]
        target = work[visible.translated(-touched.x, -touched.y).slices()]
        opaque = part[..., 3] > 0
        target[opaque] = part[opaque]
    doc.set_pixels(frame, layer, touched, work, label)
    return touched


def floating_selection(floating: Floating) -> Selection:
    """The selection that outlines the floating pixels where they are now."""
    alpha = floating.image()[..., 3] > 0
    if alpha.all():
        return Selection(floating.rect)
    return Selection(floating.rect, alpha.copy())
