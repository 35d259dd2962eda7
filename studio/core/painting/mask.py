"""Operations on an inpaint mask: a ``uint8 (H, W)`` array where 255 = regenerate, 0 = keep.

Every editing function works in place and returns the dirty ``geometry.Rect(x, y, w, h)`` it
touched (clipped to the mask), or ``None`` when nothing inside the mask was touched. Callers
(the canvas, the history) copy that rectangle before the call when they need undo.

Brush footprint (the exact definition the canvas relies on):
  A dab of size ``s`` at pixel ``(cx, cy)`` has the bounding box of ``s x s`` pixels whose top-left
  pixel is ``(cx - s // 2, cy - s // 2)``. Its centre is the centre of that box, i.e. the centre of
  pixel ``(cx, cy)`` for odd ``s`` and the top-left corner of that pixel for even ``s``.
  * square: every pixel of the box.
  * round: the pixels whose *centre* lies within ``s / 2`` (inclusive) of the dab centre.
  So size 1 is one pixel, size 2 a 2x2 block, and round sizes >= 4 lose their box corners.

Grow/shrink use the 8-neighbourhood (3x3 square) by default; pass ``connectivity=4`` for the
plus-shaped neighbourhood. Flood fill uses 4-connectivity by default.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
from PIL import Image

from studio.core.document.geometry import Rect, line_points

RectTuple = Rect  # every function returns a geometry.Rect (a NamedTuple x, y, w, h)
BrushShape = Literal["round", "square"]
REGENERATE = 255
KEEP = 0


class MaskError(ValueError):
    """A mask, brush or polygon argument is not usable."""


def new_mask(width: int, height: int) -> np.ndarray:
    """An all-keep mask of the given size."""
    if width <= 0 or height <= 0:
        raise MaskError(f"mask size must be positive, got {width}x{height}")
    return np.zeros((height, width), dtype=np.uint8)


def check_mask(mask: np.ndarray) -> None:
    """Raise MaskError unless ``mask`` is a 2-D uint8 array."""
    if not isinstance(mask, np.ndarray) or mask.ndim != 2 or mask.dtype != np.uint8:
        shape = getattr(mask, "shape", None)
        dtype = getattr(mask, "dtype", None)
        raise MaskError(f"mask must be a uint8 array of shape (H, W); got {shape} {dtype}")


def _clip(mask: np.ndarray, x: int, y: int, w: int, h: int) -> RectTuple | None:
    mh, mw = mask.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(mw, x + w), min(mh, y + h)
    if x1 <= x0 or y1 <= y0:
        return None
    return Rect(x0, y0, x1 - x0, y1 - y0)


def union_rect(a: RectTuple | None, b: RectTuple | None) -> RectTuple | None:
    """Smallest rectangle holding both (None is the empty rectangle)."""
    if a is None:
        return b
    if b is None:
        return a
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return Rect(x0, y0, x1 - x0, y1 - y0)


@lru_cache(maxsize=256)
def dab_footprint(size: int, shape: BrushShape = "round") -> np.ndarray:
    """Boolean ``(size, size)`` footprint of a dab (see the module docstring). Read-only."""
    if not isinstance(size, int) or size < 1:
        raise MaskError(f"brush size must be an integer >= 1, got {size!r}")
    if shape == "square":
        fp = np.ones((size, size), dtype=bool)
    elif shape == "round":
        centres = np.arange(size) + 0.5 - size / 2.0
        dist2 = centres[None, :] ** 2 + centres[:, None] ** 2
        fp = dist2 <= (size / 2.0) ** 2
    else:
        raise MaskError(f"unknown brush shape {shape!r}; use 'round' or 'square'")
    fp.flags.writeable = False
    return fp


def stamp(
    mask: np.ndarray,
    x: int,
    y: int,
    size: int,
    shape: BrushShape = "round",
    value: int = REGENERATE,
) -> RectTuple | None:
    """Set the footprint of one dab centred on pixel ``(x, y)`` to ``value``."""
    check_mask(mask)
    fp = dab_footprint(size, shape)
    left, top = int(x) - size // 2, int(y) - size // 2
    rect = _clip(mask, left, top, size, size)
    if rect is None:
        return None
    rx, ry, rw, rh = rect
    sub = fp[ry - top : ry - top + rh, rx - left : rx - left + rw]
    mask[ry : ry + rh, rx : rx + rw][sub] = value
    return rect


def erase(mask: np.ndarray, x: int, y: int, size: int, shape: BrushShape = "round"):
    """A dab that sets its footprint back to keep (0)."""
    return stamp(mask, x, y, size, shape, KEEP)


def stroke(
    mask: np.ndarray,
    x0: int,
    y0: int,
    x1: int,
    y1: int,
    size: int,
    shape: BrushShape = "round",
    value: int = REGENERATE,
) -> RectTuple | None:
    """One dab on every Bresenham point between the two ends (both included)."""
    dirty = None
    for px, py in line_points(int(x0), int(y0), int(x1), int(y1)):
        dirty = union_rect(dirty, stamp(mask, px, py, size, shape, value))
    return dirty


def fill_rect(
    mask: np.ndarray, rect: tuple[int, int, int, int], value: int = REGENERATE
) -> RectTuple | None:
    """Set a rectangle ``(x, y, w, h)`` (clipped to the mask) to ``value``."""
    check_mask(mask)
    x, y, w, h = (int(v) for v in rect)
    if w < 0 or h < 0:
        raise MaskError(f"rectangle has a negative size: {rect}")
    clipped = _clip(mask, x, y, w, h)
    if clipped is not None:
        cx, cy, cw, ch = clipped
        mask[cy : cy + ch, cx : cx + cw] = value
    return clipped


def polygon_mask(width: int, height: int, points) -> np.ndarray:
    """Boolean (H, W) array of the pixels whose centre is inside the polygon (even-odd rule).

    ``points`` are (x, y) vertices in pixel units (pixel (i, j) spans [i, i+1) x [j, j+1)).
    """
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) < 3:
        raise MaskError("a lasso needs at least 3 (x, y) points")
    if not np.all(np.isfinite(pts)):
        raise MaskError("lasso points must be finite numbers")
    inside = np.zeros((height, width), dtype=bool)
    xs0, ys0 = pts[:, 0], pts[:, 1]
    xs1, ys1 = np.roll(xs0, -1), np.roll(ys0, -1)
    row_lo = max(0, int(np.floor(ys0.min())))
    row_hi = min(height, int(np.ceil(ys0.max())) + 1)
    centres_x = np.arange(width) + 0.5
    for row in range(row_lo, row_hi):
        yc = row + 0.5
        # half-open rule on y so a vertex exactly on the scanline is counted once
        crosses = (ys0 <= yc) != (ys1 <= yc)
        if not crosses.any():
            continue
        ax, ay, bx, by = xs0[crosses], ys0[crosses], xs1[crosses], ys1[crosses]
        x_at = ax + (yc - ay) * (bx - ax) / (by - ay)
        counts = (x_at[None, :] < centres_x[:, None]).sum(axis=1)
        inside[row] = (counts % 2) == 1
    return inside


def fill_lasso(mask: np.ndarray, points, value: int = REGENERATE) -> RectTuple | None:
    """Set the pixels inside a lasso polygon (even-odd rule, pixel centres) to ``value``."""
    check_mask(mask)
    inside = polygon_mask(mask.shape[1], mask.shape[0], points)
    mask[inside] = value
    return bbox(inside)


def bbox(mask: np.ndarray) -> RectTuple | None:
    """Bounding rectangle of the non-zero pixels, or None when there are none."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return Rect(int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1),
                int(rows[-1] - rows[0] + 1))


def invert(mask: np.ndarray) -> RectTuple:
    """Swap keep and regenerate everywhere (any non-zero value counts as regenerate)."""
    check_mask(mask)
    mask[...] = np.where(mask > 0, KEEP, REGENERATE).astype(np.uint8)
    return Rect(0, 0, mask.shape[1], mask.shape[0])


def clear(mask: np.ndarray) -> RectTuple | None:
    """Set everything to keep; returns the rectangle that had regenerate pixels."""
    check_mask(mask)
    dirty = bbox(mask)
    mask[...] = KEEP
    return dirty


def _neighbourhood_max(on: np.ndarray, connectivity: int, outside: bool = False) -> np.ndarray:
    if connectivity not in (4, 8):
        raise MaskError(f"connectivity must be 4 or 8, got {connectivity!r}")
    padded = np.pad(on, 1, constant_values=outside)
    h, w = on.shape
    out = on.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if (dx, dy) == (0, 0) or (connectivity == 4 and dx and dy):
                continue
            out |= padded[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]
    return out


def grow(mask: np.ndarray, connectivity: int = 8) -> RectTuple | None:
    """Dilate the regenerate area by one pixel (8-neighbourhood unless told 4)."""
    check_mask(mask)
    before = mask > 0
    after = _neighbourhood_max(before, connectivity)
    mask[...] = np.where(after, REGENERATE, KEEP).astype(np.uint8)
    return bbox(after & ~before)


def shrink(mask: np.ndarray, connectivity: int = 8) -> RectTuple | None:
    """Erode the regenerate area by one pixel; the image border counts as keep."""
    check_mask(mask)
    before = mask > 0
    after = ~_neighbourhood_max(~before, connectivity, outside=True)
    mask[...] = np.where(after, REGENERATE, KEEP).astype(np.uint8)
    return bbox(before & ~after)


def flood_fill(
    mask: np.ndarray, x: int, y: int, value: int = REGENERATE, connectivity: int = 4
) -> RectTuple | None:
    """Fill the contiguous region of pixels equal to the seed pixel's value with ``value``."""
    check_mask(mask)
    if connectivity not in (4, 8):
        raise MaskError(f"connectivity must be 4 or 8, got {connectivity!r}")
    h, w = mask.shape
    if not (0 <= x < w and 0 <= y < h):
        return None
    target = int(mask[y, x])
    if target == value:
        return None
    region = np.zeros((h, w), dtype=bool)
    same = mask == target
    stack = [(int(x), int(y))]
    region[y, x] = True
    steps = [(1, 0), (-1, 0), (0, 1), (0, -1)]
    if connectivity == 8:
        steps += [(1, 1), (1, -1), (-1, 1), (-1, -1)]
    while stack:
        px, py = stack.pop()
        for dx, dy in steps:
            nx, ny = px + dx, py + dy
            if 0 <= nx < w and 0 <= ny < h and same[ny, nx] and not region[ny, nx]:
                region[ny, nx] = True
                stack.append((nx, ny))
    mask[region] = value
    return bbox(region)


def mask_from_rect(width: int, height: int, rect: tuple[int, int, int, int]) -> np.ndarray:
    """A new mask with the selection rectangle set to regenerate."""
    mask = new_mask(width, height)
    fill_rect(mask, rect)
    return mask


def mask_from_alpha(rgba: np.ndarray, transparent_regenerates: bool = True) -> np.ndarray:
    """Mask from an RGBA image: alpha == 0 -> regenerate (or, with False, opaque -> regenerate).

    "Opaque" means any alpha > 0, so the two options are exact complements.
    """
    if not isinstance(rgba, np.ndarray) or rgba.ndim != 3 or rgba.shape[2] != 4:
        raise MaskError(f"expected an (H, W, 4) RGBA array, got {getattr(rgba, 'shape', None)}")
    transparent = rgba[:, :, 3] == 0
    chosen = transparent if transparent_regenerates else ~transparent
    return np.where(chosen, REGENERATE, KEEP).astype(np.uint8)


def export_mask_image(mask: np.ndarray) -> Image.Image:
    """The mask as a PIL RGB image of the same size: pure white = regenerate, pure black = keep."""
    check_mask(mask)
    bw = np.where(mask > 0, 255, 0).astype(np.uint8)
    return Image.fromarray(np.repeat(bw[:, :, None], 3, axis=2), "RGB")


export_mask_png = export_mask_image  # the name used in docs/contracts.md
