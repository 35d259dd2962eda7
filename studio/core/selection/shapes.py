"""Selections drawn by hand or picked by colour: lasso polygons and the magic wand."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.core.document.geometry import line_points
from studio.core.painting.fill import contiguous_region
from studio.core.selection.region import Selection


def lasso(points: Sequence[tuple[int, int]], width: int, height: int) -> Selection | None:
    """The pixels inside the closed polygon through ``points`` plus the path itself.

    A pixel is inside when its centre is (even-odd rule); the path pixels are added so a thin
    or straight lasso still selects what it went over.
    """
    if not points:
        return None
    full = np.zeros((height, width), dtype=bool)
    if len(points) >= 3:
        full |= _polygon_fill(points, width, height)
    closed = list(points) + [points[0]]
    for (x0, y0), (x1, y1) in zip(closed, closed[1:], strict=False):
        for x, y in line_points(x0, y0, x1, y1):
            if 0 <= x < width and 0 <= y < height:
                full[y, x] = True
    return Selection.from_mask(full)


def _polygon_fill(points: Sequence[tuple[int, int]], width: int, height: int) -> np.ndarray:
    xs = np.array([p[0] for p in points], dtype=np.float64) + 0.5
    ys = np.array([p[1] for p in points], dtype=np.float64) + 0.5
    x0s, y0s = xs, ys
    x1s, y1s = np.roll(xs, -1), np.roll(ys, -1)
    out = np.zeros((height, width), dtype=bool)
    top = max(0, int(np.floor(ys.min())))
    bottom = min(height, int(np.ceil(ys.max())) + 1)
    centres = np.arange(width) + 0.5
    for row in range(top, bottom):
        cy = row + 0.5
        crosses = (y0s <= cy) != (y1s <= cy)
        if not crosses.any():
            continue
        t = (cy - y0s[crosses]) / (y1s[crosses] - y0s[crosses])
        xcross = np.sort(x0s[crosses] + t * (x1s[crosses] - x0s[crosses]))
        # a centre is inside when an odd number of crossings lie to its left
        count = np.searchsorted(xcross, centres, side="right")
        out[row] = (count & 1).astype(bool)
    return out


def magic_wand(pixels: np.ndarray, x: int, y: int, tolerance: int = 0,
               contiguous: bool = True) -> Selection | None:
    """Pixels whose RGBA differs from the one at (x, y) by at most ``tolerance`` per channel;
    only those connected to it (4-neighbours) unless ``contiguous`` is False."""
    height, width = pixels.shape[:2]
    if not (0 <= x < width and 0 <= y < height):
        return None
    if not 0 <= tolerance <= 255:
        raise ValueError(f"tolerance {tolerance} is outside 0..255")
    same = same_colour(pixels, pixels[y, x], tolerance)
    region = contiguous_region(same, x, y) if contiguous else same
    return Selection.from_mask(region)


def same_colour(pixels: np.ndarray, target: np.ndarray, tolerance: int) -> np.ndarray:
    """Bool (h, w): pixels within ``tolerance`` of ``target`` in every RGBA channel.

    Clicking a fully transparent pixel selects by alpha alone (its hidden RGB is noise). Works on
    32-bit words where it can (a per-channel ``all(axis=2)`` is ten times slower).
    """
    words = np.ascontiguousarray(pixels).view(np.uint32)[..., 0]
    if target[3] == 0:
        return pixels[..., 3] <= tolerance
    if tolerance == 0:
        return words == np.asarray(target, dtype=np.uint8).view(np.uint32)[0]
    t = np.asarray(target, dtype=np.int16)
    lo = np.maximum(t - tolerance, 0).astype(np.uint8)
    span = (np.minimum(t + tolerance, 255) - lo).astype(np.uint8)
    # uint8 subtraction wraps values below ``lo`` past ``span``: one range check per channel,
    # on whole rows (broadcasting a 4-long axis is slow)
    h, w = pixels.shape[:2]
    rows = np.ascontiguousarray(pixels).reshape(h, w * 4)
    close = (rows - np.tile(lo, w)) <= np.tile(span, w)
    return close.view(np.uint32) == 0x01010101
