"""In-betweens from a first to a last frame, and eight rotations from one south-facing image.

In-betweens move the first frame's figure towards the last frame's position while an ordered
(Bayer) dither hands each pixel over from the first frame to the last, so no new colours appear
and the final frame is exactly the last frame. Rotations: only the input's own direction is
exact; the others are local approximations (a profile squeeze, a darkened mirrored back view),
with west, north-west and south-west the exact mirrors of their eastern approximations.
"""

from __future__ import annotations

import numpy as np

from .motion import _move, motion_frames

BAYER_4 = (np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]],
                    dtype=np.float64) + 0.5) / 16.0
"""Ordered-dither thresholds in (0, 1): pixel (y, x) switches over when t passes its value."""

ROTATION_ORDER = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
                  "south-west")
ROTATION_NOTES = {
    "south": "the input image (exact)",
    "south-east": "the input narrowed to three quarters (approximation)",
    "east": "the input narrowed to a profile (approximation)",
    "north-east": "the back view narrowed to three quarters (approximation)",
    "north": "the input mirrored and darkened as a back view (approximation)",
    "north-west": "mirror of north-east (approximation)",
    "west": "mirror of east (approximation)",
    "south-west": "mirror of south-east (approximation)",
}


def centroid(rgba: np.ndarray) -> tuple[float, float]:
    """(row, column) centre of the opaque pixels (the image centre when there are none)."""
    rows, cols = np.nonzero(rgba[..., 3] > 0)
    if not len(rows):
        return (rgba.shape[0] - 1) / 2, (rgba.shape[1] - 1) / 2
    return float(rows.mean()), float(cols.mean())


def inbetween(first: np.ndarray, last: np.ndarray, t: float) -> np.ndarray:
    """The frame at ``t`` (0 = first, 1 = last) of the move from ``first`` to ``last``."""
    (y0, x0), (y1, x1) = centroid(first), centroid(last)
    dy, dx = y1 - y0, x1 - x0
    start = _move(first, int(round(t * dy)), int(round(t * dx)))
    end = _move(last, int(round((t - 1) * dy)), int(round((t - 1) * dx)))
    h, w = first.shape[:2]
    thresholds = np.tile(BAYER_4, (h // 4 + 1, w // 4 + 1))[:h, :w]
    return np.where((thresholds < t)[..., None], end, start)


def inbetweens(first: np.ndarray, last: np.ndarray, count: int) -> list[np.ndarray]:
    """``count`` frames after ``first``, evenly spaced; the last of them is ``last`` exactly."""
    return [inbetween(first, last, i / count) for i in range(1, count + 1)]


def cycle_frames(first: np.ndarray, action: str, count: int) -> list[np.ndarray]:
    """``count`` frames of the motion cycle the action words choose (no last frame given)."""
    frames: list[np.ndarray] = []
    for start in range(0, count, 4):
        frames.extend(motion_frames(first, action, count, start))
    return frames[:count]


def _narrow(rgba: np.ndarray, factor: float) -> np.ndarray:
    """Squeeze the figure horizontally about its centre (nearest neighbour, no new colours)."""
    h, w = rgba.shape[:2]
    _, cx = centroid(rgba)
    cols = np.arange(w)
    source = np.round(cx + (cols - cx) / factor).astype(int)
    inside = (source >= 0) & (source < w)
    out = np.zeros_like(rgba)
    out[:, inside] = rgba[:, source[inside]]
    return out


def _back_view(rgba: np.ndarray) -> np.ndarray:
    out = np.ascontiguousarray(rgba[:, ::-1]).copy()
    out[..., :3] = (out[..., :3].astype(np.int32) * 3 // 4).astype(np.uint8)
    return out


def eight_rotations(south: np.ndarray) -> dict[str, np.ndarray]:
    """The eight directions of a south-facing image (see ``ROTATION_NOTES``)."""
    back = _back_view(south)
    east = _narrow(south, 0.6)
    south_east = _narrow(south, 0.8)
    north_east = _narrow(back, 0.8)
    views = {"south": south.copy(), "south-east": south_east, "east": east,
             "north-east": north_east, "north": back}
    for western, eastern in (("north-west", "north-east"), ("west", "east"),
                             ("south-west", "south-east")):
        views[western] = np.ascontiguousarray(views[eastern][:, ::-1])
    return {direction: views[direction] for direction in ROTATION_ORDER}
