"""Integer rectangles in image coordinates (x to the right, y down, half-open extents)."""

from __future__ import annotations

from typing import NamedTuple


class Rect(NamedTuple):
    """An axis-aligned rectangle covering columns ``x .. x+w-1`` and rows ``y .. y+h-1``."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def from_points(cls, x0: int, y0: int, x1: int, y1: int) -> Rect:
        """The smallest rectangle containing both pixels (inclusive corners, any order)."""
        left, right = min(x0, x1), max(x0, x1)
        top, bottom = min(y0, y1), max(y0, y1)
        return cls(left, top, right - left + 1, bottom - top + 1)

    @classmethod
    def empty(cls) -> Rect:
        return cls(0, 0, 0, 0)

    @property
    def is_empty(self) -> bool:
        return self.w <= 0 or self.h <= 0

    @property
    def right(self) -> int:
        """One past the last column."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """One past the last row."""
        return self.y + self.h

    @property
    def area(self) -> int:
        return 0 if self.is_empty else self.w * self.h

    def contains(self, px: int, py: int) -> bool:
        return self.x <= px < self.right and self.y <= py < self.bottom

    def union(self, other: Rect) -> Rect:
        """Bounding box of both; an empty rectangle is neutral."""
        if self.is_empty:
            return Rect(*other) if not other.is_empty else Rect.empty()
        if other.is_empty:
            return Rect(*self)
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def intersect(self, other: Rect) -> Rect:
        """Overlap of both, or the empty rectangle."""
        x, y = max(self.x, other.x), max(self.y, other.y)
        w = min(self.right, other.right) - x
        h = min(self.bottom, other.bottom) - y
        if w <= 0 or h <= 0:
            return Rect.empty()
        return Rect(x, y, w, h)

    def clamp(self, width: int, height: int) -> Rect:
        """This rectangle clipped to an image of ``width`` x ``height``."""
        return self.intersect(Rect(0, 0, width, height))

    def translated(self, dx: int, dy: int) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def inflated(self, margin: int) -> Rect:
        return Rect(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)

    def slices(self) -> tuple[slice, slice]:
        """Numpy index ``(rows, cols)`` for this rectangle (use on a clamped rectangle)."""
        return slice(self.y, self.bottom), slice(self.x, self.right)


def line_points(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """Bresenham's line from (x0, y0) to (x1, y1), both ends included, 8-connected."""
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx = 1 if x0 < x1 else -1
    sy = 1 if y0 < y1 else -1
    err = dx + dy
    out = []
    x, y = x0, y0
    while True:
        out.append((x, y))
        if x == x1 and y == y1:
            return out
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x += sx
        if e2 <= dx:
            err += dx
            y += sy
