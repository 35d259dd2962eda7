"""Edits of a selection of joints: turn and scale them together, mirror them, reset one.

All work in image pixels (``size``) so angles stay true on non-square sprites, and return a new
Pose (the caller records it as one undo step)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from studio.core.skeleton.pose import LABEL_INDEX, Pose, PoseError


def _indices(selection: Iterable[int]) -> list[int]:
    chosen = sorted(set(selection))
    if not chosen or chosen[0] < 0 or chosen[-1] >= len(LABEL_INDEX):
        raise PoseError("select one or more joints first")
    return chosen


def centre(pose: Pose, selection: Iterable[int], size: tuple[int, int]) -> np.ndarray:
    """The centre of the selected joints, in pixels."""
    chosen = _indices(selection)
    return (pose.xy[chosen] * np.asarray(size, dtype=np.float64)).mean(axis=0)


def transform_joints(pose: Pose, selection: Iterable[int], size: tuple[int, int], *,
                     angle: float = 0.0, scale: float = 1.0,
                     pivot: np.ndarray | None = None) -> Pose:
    """Turn the selected joints by ``angle`` radians (clockwise on screen) and scale them by
    ``scale`` about ``pivot`` (pixels; default their centre)."""
    chosen = _indices(selection)
    if not (math.isfinite(angle) and math.isfinite(scale)) or scale <= 0:
        raise PoseError("the turn and the scale must be finite, the scale above 0")
    wh = np.asarray(size, dtype=np.float64)
    pixels = pose.xy * wh
    centre_px = pixels[chosen].mean(axis=0) if pivot is None else np.asarray(pivot, float)
    c, s = math.cos(angle), math.sin(angle)
    rot = np.array([[c, -s], [s, c]]) * scale
    xy = pixels.copy()
    xy[chosen] = (pixels[chosen] - centre_px) @ rot.T + centre_px
    return pose.with_points(xy / wh)


def mirror_joints(pose: Pose, selection: Iterable[int], size: tuple[int, int]) -> Pose:
    """Flip the selected joints left/right about their centre line (e.g. a raised arm points
    the other way)."""
    chosen = _indices(selection)
    wh = np.asarray(size, dtype=np.float64)
    pixels = pose.xy * wh
    middle = pixels[chosen, 0].mean()
    xy = pixels.copy()
    xy[chosen, 0] = 2 * middle - pixels[chosen, 0]
    return pose.with_points(xy / wh)


def reset_joints(pose: Pose, selection: Iterable[int], estimate: Pose) -> Pose:
    """The selected joints back where the estimate put them (position and z order)."""
    chosen = _indices(selection)
    xy, z = pose.xy.copy(), pose.z.copy()
    xy[chosen], z[chosen] = estimate.xy[chosen], estimate.z[chosen]
    return pose.with_points(xy, z)
