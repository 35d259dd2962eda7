"""A selection: a rectangle with an optional boolean mask inside it (None = the whole rectangle).

Selections are immutable values; the tools build new ones and :func:`combine` merges them with
the Aseprite modes (replace, add with Shift, subtract with Alt, intersect with both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from studio.core.document.geometry import Rect

Mode = Literal["replace", "add", "subtract", "intersect"]


@dataclass(frozen=True, eq=False)
class Selection:
    rect: Rect
    mask: np.ndarray | None = None  # bool (rect.h, rect.w); None selects the whole rectangle

    @classmethod
    def from_rect(cls, rect: Rect, width: int, height: int) -> Selection | None:
        clipped = rect.clamp(width, height)
        return None if clipped.is_empty else cls(clipped)

    @classmethod
    def from_mask(cls, full: np.ndarray) -> Selection | None:
        """The selection of the True pixels of an image-sized mask (None when there are none)."""
        rows = np.flatnonzero(full.any(axis=1))
        if rows.size == 0:
            return None
        cols = np.flatnonzero(full.any(axis=0))
        rect = Rect(int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1),
                    int(rows[-1] - rows[0] + 1))
        local = full[rect.slices()]
        return cls(rect, None if local.all() else local.copy())

    @property
    def is_rectangular(self) -> bool:
        return self.mask is None

    def local_mask(self) -> np.ndarray:
        """Bool (rect.h, rect.w): which pixels of the bounding rectangle are selected."""
        if self.mask is None:
            return np.ones((self.rect.h, self.rect.w), dtype=bool)
        return self.mask

    def full_mask(self, width: int, height: int) -> np.ndarray:
        out = np.zeros((height, width), dtype=bool)
        r = self.rect.clamp(width, height)
        if not r.is_empty:
            out[r.slices()] = self.local_mask()[r.translated(-self.rect.x, -self.rect.y).slices()]
        return out

    def contains(self, x: int, y: int) -> bool:
        if not self.rect.contains(x, y):
            return False
        return self.mask is None or bool(self.mask[y - self.rect.y, x - self.rect.x])

    def translated(self, dx: int, dy: int) -> Selection:
        return Selection(self.rect.translated(dx, dy), self.mask)

    @property
    def pixel_count(self) -> int:
        return self.rect.area if self.mask is None else int(self.mask.sum())


def combine(old: Selection | None, new: Selection | None, mode: Mode,
            width: int, height: int) -> Selection | None:
    """Merge ``new`` into ``old`` with ``mode``; the result is clipped to the image."""
    if mode == "replace" or old is None:
        return None if mode in ("subtract", "intersect") and old is None else _clip(new, width,
                                                                                    height)
    if new is None:
        return old if mode in ("add", "subtract") else None
    a, b = old.full_mask(width, height), new.full_mask(width, height)
    if mode == "add":
        return Selection.from_mask(a | b)
    if mode == "subtract":
        return Selection.from_mask(a & ~b)
    return Selection.from_mask(a & b)


def _clip(sel: Selection | None, width: int, height: int) -> Selection | None:
    if sel is None:
        return None
    if sel.rect.clamp(width, height) == sel.rect:
        return sel
    return Selection.from_mask(sel.full_mask(width, height))


def select_all(width: int, height: int) -> Selection:
    return Selection(Rect(0, 0, width, height))


def invert(sel: Selection | None, width: int, height: int) -> Selection | None:
    """Everything not selected (no selection inverts to all)."""
    if sel is None:
        return select_all(width, height)
    return Selection.from_mask(~sel.full_mask(width, height))


def mode_for(shift: bool, alt: bool) -> Mode:
    """Aseprite's modifiers: Shift adds, Alt subtracts, both intersect."""
    if shift and alt:
        return "intersect"
    return "add" if shift else "subtract" if alt else "replace"


def outline_edges(sel: Selection) -> tuple[np.ndarray, np.ndarray]:
    """Boundary segments of the selection in image coordinates, for the marching ants.

    Returns ``(horizontal, vertical)`` int arrays of ``(x0, y0, x1, y1)`` rows; runs along a
    row (or column) are merged so a 400 px straight edge is one segment.
    """
    m = np.pad(sel.local_mask(), 1)
    ox, oy = sel.rect.x - 1, sel.rect.y - 1
    # horizontal edges lie between rows r-1 and r where the mask changes
    h_change = m[1:, :] != m[:-1, :]  # edge at y = row index + 1 (padded coordinates)
    v_change = m[:, 1:] != m[:, :-1]
    horizontal = [(x0 + ox, y + 1 + oy, x1 + ox, y + 1 + oy)
                  for y, x0, x1 in _runs(h_change)]
    vertical = [(x + 1 + ox, y0 + oy, x + 1 + ox, y1 + oy)
                for x, y0, y1 in _runs(v_change.T)]
    return (np.array(horizontal, dtype=np.int32).reshape(-1, 4),
            np.array(vertical, dtype=np.int32).reshape(-1, 4))


def _runs(rows: np.ndarray) -> list[tuple[int, int, int]]:
    """(row, start, end_exclusive) of every True run, row by row."""
    padded = np.pad(rows, ((0, 0), (1, 1)))
    d = np.diff(padded.astype(np.int8), axis=1)
    r_start, c_start = np.nonzero(d == 1)
    _r_end, c_end = np.nonzero(d == -1)
    return list(zip(r_start.tolist(), c_start.tolist(), c_end.tolist(), strict=True))
