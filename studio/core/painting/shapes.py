"""Line, rectangle and ellipse shapes as pixel lists, Shift constraints, and mirror symmetry.

Shapes are given by two corner pixels (inclusive), like a drag from press to release. Outlines
are 8-connected one pixel wide; ellipses use Zingl's integer midpoint algorithm, so circles are
symmetric and never doubled at the octant joins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from studio.core.document.geometry import Rect, line_points

Point = tuple[int, int]


def constrain_line(x0: int, y0: int, x1: int, y1: int) -> Point:
    """The end point snapped to the nearest multiple of 45 degrees (Shift with the line tool)."""
    dx, dy = x1 - x0, y1 - y0
    if abs(dx) >= 2 * abs(dy):
        return x1, y0
    if abs(dy) >= 2 * abs(dx):
        return x0, y1
    d = max(abs(dx), abs(dy))
    return x0 + (d if dx >= 0 else -d), y0 + (d if dy >= 0 else -d)


def constrain_square(x0: int, y0: int, x1: int, y1: int) -> Point:
    """The end point that makes the box a square (Shift with rectangle and ellipse)."""
    d = max(abs(x1 - x0), abs(y1 - y0))
    return x0 + (d if x1 >= x0 else -d), y0 + (d if y1 >= y0 else -d)


def rectangle_points(x0: int, y0: int, x1: int, y1: int, filled: bool = False) -> list[Point]:
    r = Rect.from_points(x0, y0, x1, y1)
    left, top, right, bottom = r.x, r.y, r.right - 1, r.bottom - 1
    if filled:
        return [(x, y) for y in range(top, bottom + 1) for x in range(left, right + 1)]
    pts = [(x, top) for x in range(left, right + 1)]
    if bottom > top:
        pts += [(x, bottom) for x in range(left, right + 1)]
    pts += [(left, y) for y in range(top + 1, bottom)]
    if right > left:
        pts += [(right, y) for y in range(top + 1, bottom)]
    return pts


def ellipse_points(x0: int, y0: int, x1: int, y1: int, filled: bool = False) -> list[Point]:
    """The ellipse inscribed in the box of both corners (Zingl's ``plotEllipseRect``)."""
    outline = _ellipse_outline(x0, y0, x1, y1)
    if not filled:
        return sorted(set(outline))
    rows: dict[int, tuple[int, int]] = {}
    for x, y in outline:
        lo, hi = rows.get(y, (x, x))
        rows[y] = (min(lo, x), max(hi, x))
    return [(x, y) for y, (lo, hi) in sorted(rows.items()) for x in range(lo, hi + 1)]


def _ellipse_outline(x0: int, y0: int, x1: int, y1: int) -> list[Point]:
    a, b = abs(x1 - x0), abs(y1 - y0)
    b1 = b & 1
    dx, dy = 4 * (1 - a) * b * b, 4 * (b1 + 1) * a * a
    err = dx + dy + b1 * a * a
    if x0 > x1:
        x0, x1 = x1, x1 + a
    if y0 > y1:
        y0 = y1
    y0 += (b + 1) // 2
    y1 = y0 - b1
    a, b1 = 8 * a * a, 8 * b * b
    pts: list[Point] = []
    while True:
        pts += [(x1, y0), (x0, y0), (x0, y1), (x1, y1)]
        e2 = 2 * err
        if e2 <= dy:
            y0, y1 = y0 + 1, y1 - 1
            dy += a
            err += dy
        if e2 >= dx or 2 * err > dy:
            x0, x1 = x0 + 1, x1 - 1
            dx += b1
            err += dx
        if x0 > x1:
            break
    while y0 - y1 <= b:  # flat ellipses: finish the tips
        pts += [(x0 - 1, y0), (x1 + 1, y0), (x0 - 1, y1), (x1 + 1, y1)]
        y0, y1 = y0 + 1, y1 - 1
    return pts


def shape_points(kind: str, x0: int, y0: int, x1: int, y1: int,
                 filled: bool = False) -> list[Point]:
    """``kind`` is "line", "rectangle" or "ellipse"."""
    if kind == "line":
        return line_points(x0, y0, x1, y1)
    if kind == "rectangle":
        return rectangle_points(x0, y0, x1, y1, filled)
    if kind == "ellipse":
        return ellipse_points(x0, y0, x1, y1, filled)
    raise ValueError(f"unknown shape {kind!r}")


@dataclass(frozen=True)
class Symmetry:
    """Mirror lines for drawing. ``x``/``y`` are positions in pixel units of a vertical or
    horizontal axis (``width / 2`` is the centre line; 7.5 is the centre of pixel 7), or None."""

    x: float | None = None
    y: float | None = None

    @classmethod
    def centred(cls, width: int, height: int, vertical: bool, horizontal: bool) -> Symmetry:
        return cls(width / 2 if vertical else None, height / 2 if horizontal else None)

    @property
    def active(self) -> bool:
        return self.x is not None or self.y is not None

    def images(self, p: Point) -> list[Point]:
        """``p`` and its mirror images (no duplicates), ``p`` first."""
        out = [p]
        if self.x is not None:
            out += [(round(2 * self.x - 1 - q[0]), q[1]) for q in list(out)]
        if self.y is not None:
            out += [(q[0], round(2 * self.y - 1 - q[1])) for q in list(out)]
        seen: list[Point] = []
        for q in out:
            if q not in seen:
                seen.append(q)
        return seen

    def apply(self, points: Iterable[Point]) -> list[Point]:
        """All points with their mirror images."""
        out: list[Point] = []
        for p in points:
            out.extend(self.images(p))
        return out
