"""Undoable inpaint-mask edits on a Document: brush strokes, fills and whole-mask commands.

The pure array operations live in :mod:`studio.core.painting.mask`; this module applies them to a
frame's mask through ``Document.set_mask_pixels`` so every edit is recorded. A brush stroke
opens one history group, so the whole stroke (however many dabs) is one undo step, and each
dab emits ``mask_changed`` with only its own small rectangle (the canvas repaints just that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.painting import mask as mask_ops
from studio.core.painting.mask import KEEP, REGENERATE, BrushShape
from studio.core.painting.stroke import PathStroke


def current_mask(doc: Document, frame: int) -> np.ndarray:
    """A copy of the frame's mask (all keep when the frame has none yet)."""
    mask = doc.frames[frame].mask
    if mask is None:
        return mask_ops.new_mask(doc.width, doc.height)
    return mask.copy()


class MaskStroke(PathStroke):
    """Dabs along the pointer path; ``end()`` closes the single history step."""

    def __init__(self, doc: Document, frame: int, size: int, shape: BrushShape = "round",
                 value: int = REGENERATE, label: str = "Mask brush") -> None:
        mask_ops.dab_footprint(size, shape)  # validates size and shape before anything opens
        super().__init__(doc, frame, label)
        self.size, self.shape, self.value = size, shape, value

    def _draw(self, points: list[tuple[int, int]]) -> Rect:
        """Dab on every pixel of the line from the previous position."""
        changed = Rect.empty()
        for px, py in points:
            changed = changed.union(self._dab(px, py))
        return changed

    def _dab(self, x: int, y: int) -> Rect:
        doc, size = self.doc, self.size
        left, top = x - size // 2, y - size // 2
        rect = Rect(left, top, size, size).clamp(doc.width, doc.height)
        if rect.is_empty:
            return rect
        values = doc.read_mask(self.frame, rect).copy()
        footprint = mask_ops.dab_footprint(size, self.shape)
        sub = footprint[rect.y - top: rect.bottom - top, rect.x - left: rect.right - left]
        if np.all(values[sub] == self.value):
            return Rect.empty()  # nothing changes: no atom, no repaint
        values[sub] = self.value
        return self.doc.set_mask_pixels(self.frame, rect, values, self.label)


def apply_mask(doc: Document, frame: int, new: np.ndarray, label: str) -> Rect:
    """Replace the frame's mask by ``new`` as one undo step, touching only the changed box."""
    old = current_mask(doc, frame)
    changed = mask_ops.bbox(old != new)
    if changed is None:
        return Rect.empty()
    return doc.set_mask_pixels(frame, changed, np.ascontiguousarray(new[changed.slices()]), label)


def _edit(doc: Document, frame: int, label: str, op: Callable[[np.ndarray], object]) -> Rect:
    mask = current_mask(doc, frame)
    op(mask)
    return apply_mask(doc, frame, mask, label)


def fill_region(doc: Document, frame: int, x: int, y: int, value: int = REGENERATE) -> Rect:
    """Flood-fill the contiguous mask region under ``(x, y)``."""
    return _edit(doc, frame, "Mask fill", lambda m: mask_ops.flood_fill(m, x, y, value))


def fill_rect(doc: Document, frame: int, rect: Rect, value: int = REGENERATE) -> Rect:
    return _edit(doc, frame, "Mask rectangle", lambda m: mask_ops.fill_rect(m, tuple(rect), value))


def fill_lasso(doc: Document, frame: int, points: Sequence[tuple[float, float]],
               value: int = REGENERATE) -> Rect:
    """Fill the polygon (image coordinates, pixel centres inside count); needs 3+ points."""
    return _edit(doc, frame, "Mask lasso", lambda m: mask_ops.fill_lasso(m, points, value))


def invert(doc: Document, frame: int) -> Rect:
    return _edit(doc, frame, "Invert mask", mask_ops.invert)


def clear(doc: Document, frame: int) -> Rect:
    return _edit(doc, frame, "Clear mask", mask_ops.clear)


def grow(doc: Document, frame: int) -> Rect:
    return _edit(doc, frame, "Grow mask", mask_ops.grow)


def shrink(doc: Document, frame: int) -> Rect:
    return _edit(doc, frame, "Shrink mask", mask_ops.shrink)


def from_selection(doc: Document, frame: int, selection: Rect | None) -> Rect:
    """The mask becomes exactly the selection rectangle."""
    if selection is None or selection.is_empty:
        raise ValueError("there is no selection: select a rectangle first")
    new = mask_ops.mask_from_rect(doc.width, doc.height, tuple(selection))
    return apply_mask(doc, frame, new, "Mask from selection")


def from_transparency(doc: Document, frame: int, transparent: bool = True) -> Rect:
    """Mask the transparent pixels of the frame composite (or, with False, the opaque ones)."""
    new = mask_ops.mask_from_alpha(doc.composite(frame), transparent_regenerates=transparent)
    return apply_mask(doc, frame, new, "Mask from transparency")


__all__ = [
    "KEEP", "REGENERATE", "MaskStroke", "apply_mask", "clear", "current_mask", "fill_lasso",
    "fill_rect", "fill_region", "from_selection", "from_transparency", "grow", "invert", "shrink",
]
