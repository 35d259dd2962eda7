"""Pixel tools as pure functions on a Document (each records history; wrap strokes in begin/end).

Coordinates are image pixels. Pencil and eraser *replace* pixels (no blending), like Aseprite's
simple ink; an eraser is a stamp with transparent colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import numpy as np

from studio.core.document.document import Color, Document
from studio.core.document.geometry import Rect, line_points  # noqa: F401  (re-exported)
from studio.core.painting.fill import contiguous_region

Shape = Literal["square", "circle"]
TRANSPARENT: Color = (0, 0, 0, 0)


def brush_footprint(size: int, shape: Shape = "square") -> np.ndarray:
    """Boolean (size, size) footprint of a brush; its centre pixel is at ``size // 2``."""
    if size < 1:
        raise ValueError(f"brush size must be at least 1, got {size}")
    if shape == "square" or size <= 2:
        return np.ones((size, size), dtype=bool)
    if shape != "circle":
        raise ValueError(f"unknown brush shape {shape!r}")
    c = (size - 1) / 2.0
    yy, xx = np.mgrid[0:size, 0:size]
    return (xx - c) ** 2 + (yy - c) ** 2 <= (size / 2.0) ** 2


def stepped_brush_size(size: int, steps: int, lo: int = 1, hi: int = 64) -> int:
    """``[`` / ``]``: one pixel per step for small brushes, about 1/8 of the size for big ones."""
    for _ in range(abs(steps)):
        size = size + max(1, size // 8) if steps > 0 else size - max(1, (size - 1) // 8)
    return max(lo, min(hi, size))


def stamp(doc: Document, frame: int, layer: int, x: int, y: int, size: int = 1,
          color: Color = (0, 0, 0, 255), shape: Shape = "square") -> Rect:
    """Paint one brush dab centred on (x, y); returns the changed rectangle (maybe empty)."""
    return stamp_points(doc, frame, layer, [(x, y)], size, color, shape)


def stamp_points(doc: Document, frame: int, layer: int, points: Iterable[tuple[int, int]],
                 size: int = 1, color: Color = (0, 0, 0, 255), shape: Shape = "square",
                 label: str = "Pencil") -> Rect:
    """Paint dabs at every point as one history atom over their bounding box."""
    box, cover = coverage(points, size, shape)
    clipped = box.clamp(doc.width, doc.height)
    if clipped.is_empty:
        return clipped
    cover = cover[clipped.translated(-box.x, -box.y).slices()]
    if not cover.any():
        return Rect.empty()
    pixels = doc.read_pixels(frame, layer, clipped).copy()
    pixels[cover] = np.asarray(color, dtype=np.uint8)
    return doc.set_pixels(frame, layer, clipped, pixels, label)


def coverage(points: Iterable[tuple[int, int]], size: int = 1,
             shape: Shape = "square") -> tuple[Rect, np.ndarray]:
    """The pixels brush dabs at ``points`` cover: their bounding box and a bool mask over it."""
    pts = np.array(list(points), dtype=np.int64).reshape(-1, 2)
    if not len(pts):
        return Rect.empty(), np.zeros((0, 0), dtype=bool)
    foot = brush_footprint(size, shape)
    half = size // 2
    x0, y0 = pts.min(axis=0) - half
    x1, y1 = pts.max(axis=0) - half + size
    box = Rect(int(x0), int(y0), int(x1 - x0), int(y1 - y0))
    cover = np.zeros((box.h, box.w), dtype=bool)
    xs, ys = pts[:, 0] - half - box.x, pts[:, 1] - half - box.y
    for dy, dx in np.argwhere(foot):
        cover[ys + dy, xs + dx] = True
    return box, cover


def erase(doc: Document, frame: int, layer: int, x: int, y: int, size: int = 1,
          shape: Shape = "square") -> Rect:
    return stamp_points(doc, frame, layer, [(x, y)], size, TRANSPARENT, shape, "Eraser")


def is_corner(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> bool:
    """True when b is the elbow of an L: a-b and b-c are orthogonal unit steps, a-c diagonal."""
    return (abs(a[0] - c[0]) == 1 and abs(a[1] - c[1]) == 1
            and (b[0] == a[0] or b[1] == a[1]) and (b[0] == c[0] or b[1] == c[1]))


def pixel_perfect(points: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop the elbow pixels of L-shapes so a 1 px freehand line has no doubled corners."""
    out: list[tuple[int, int]] = []
    for p in _dedupe(points):
        if len(out) >= 2 and is_corner(out[-2], out[-1], p):
            out.pop()
        out.append(p)
    return out


def _dedupe(points: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    last = None
    for p in points:
        p = (int(p[0]), int(p[1]))
        if p != last:
            yield p
        last = p


def flood_fill(doc: Document, frame: int, layer: int, x: int, y: int, color: Color,
               contiguous: bool = True, tolerance: int = 0) -> Rect:
    """Fill the 4-connected region of the colour at (x, y), or every pixel of it (global).

    ``tolerance`` (0..255) is the largest per-channel difference that still counts as equal.
    """
    if not (0 <= x < doc.width and 0 <= y < doc.height):
        return Rect.empty()
    pixels = doc.read_pixels(frame, layer, doc.bounds)
    target = pixels[y, x].astype(np.int16)
    diff = np.abs(pixels.astype(np.int16) - target).max(axis=2)
    same = diff <= tolerance
    region = contiguous_region(same, x, y) if contiguous else same
    if not region.any():
        return Rect.empty()
    rows = np.flatnonzero(region.any(axis=1))
    cols = np.flatnonzero(region.any(axis=0))
    box = Rect(int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1),
               int(rows[-1] - rows[0] + 1))
    patch = pixels[box.slices()].copy()
    patch[region[box.slices()]] = np.asarray(color, dtype=np.uint8)
    return doc.set_pixels(frame, layer, box, patch, "Fill")


def pick_color(doc: Document, frame: int, x: int, y: int, layer: int | None = None) -> Color | None:
    """Colour under (x, y): of the composite (default) or one layer; None outside the image."""
    if not (0 <= x < doc.width and 0 <= y < doc.height):
        return None
    if layer is None:
        px = doc.composite(frame, Rect(x, y, 1, 1))[0, 0]
    else:
        px = doc.read_pixels(frame, layer, Rect(x, y, 1, 1))[0, 0]
    return (int(px[0]), int(px[1]), int(px[2]), int(px[3]))


def copy_rect(doc: Document, frame: int, layer: int, rect: Rect) -> np.ndarray:
    """A copy of the pixels of ``rect`` (clipped to the image)."""
    return doc.read_pixels(frame, layer, rect.clamp(doc.width, doc.height)).copy()


def move_selection(doc: Document, frame: int, layer: int, rect: Rect, dx: int, dy: int) -> Rect:
    """Move the pixels of ``rect`` by (dx, dy) as one undo step; returns the new selection.

    The source area becomes transparent; opaque-ish (alpha > 0) moved pixels replace the pixels
    under them, transparent ones leave them visible. Pixels pushed off the canvas are lost.
    """
    src = rect.clamp(doc.width, doc.height)
    if src.is_empty or (dx == 0 and dy == 0):
        return src
    lifted = doc.read_pixels(frame, layer, src).copy()
    dst = src.translated(dx, dy)
    touched = src.union(dst).clamp(doc.width, doc.height)
    work = doc.read_pixels(frame, layer, touched).copy()
    work[src.translated(-touched.x, -touched.y).slices()] = 0
    visible = dst.clamp(doc.width, doc.height)
    if not visible.is_empty:
        part = lifted[visible.translated(-dst.x, -dst.y).slices()]
        area = work[visible.translated(-touched.x, -touched.y).slices()]
        opaque = part[..., 3] > 0
        area[opaque] = part[opaque]
    doc.set_pixels(frame, layer, touched, work, "Move")
    return visible
