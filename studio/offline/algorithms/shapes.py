"""Vectorised distance fields for drawing capsules and ellipses on a pixel grid."""

from __future__ import annotations

import numpy as np


def grid(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates (ys, xs) as broadcastable float arrays."""
    return np.arange(height, dtype=np.float64)[:, None] + 0.5, np.arange(width)[None, :] + 0.5


def segment_distance(
    ys: np.ndarray, xs: np.ndarray, a: tuple[float, float], b: tuple[float, float]
) -> np.ndarray:
    """Distance of every pixel centre to the segment a-b (points given as (x, y))."""
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return np.hypot(xs - ax, ys - ay)
    t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0.0, 1.0)
    return np.hypot(xs - (ax + t * dx), ys - (ay + t * dy))


def ellipse(
    ys: np.ndarray, xs: np.ndarray, centre: tuple[float, float], rx: float, ry: float
) -> np.ndarray:
    """Normalised ellipse radius (<= 1 inside)."""
    cx, cy = centre
    return np.sqrt(((xs - cx) / max(rx, 0.5)) ** 2 + ((ys - cy) / max(ry, 0.5)) ** 2)
