"""Re-draw the engine's own people in new poses instead of warping their pixels.

A skeleton animation of a sprite the engine drew (it remembers the recipe, see
``sprite_memory``) is drawn again for every frame with each joint moved by as much as the
frame's keypoint moved from the first frame's. Limbs then stay whole and shaded, and the first
frame is the reference itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .algorithms.warp import pose_from_keypoints
from .sprite_memory import recall

Offsets = dict[str, tuple[float, float]]


def joint_offsets(base: Mapping[str, tuple[float, float]],
                  pose: Mapping[str, tuple[float, float]]) -> Offsets:
    """How far each joint of ``pose`` moved from ``base`` (joints in both), non-zero only."""
    moved = {label: (pose[label][0] - x, pose[label][1] - y)
             for label, (x, y) in base.items() if label in pose}
    return {label: d for label, d in moved.items() if d != (0.0, 0.0)}


def posed_frames(reference: np.ndarray, frames: Sequence[Sequence[Mapping[str, object]]]
                 ) -> list[np.ndarray] | None:
    """One re-drawn image per keypoint frame, or None when the engine did not draw a person
    into exactly these pixels (then the caller warps the pixels instead)."""
    recipe = recall(reference)
    if recipe is None or not recipe.poseable or not frames:
        return None
    h, w = reference.shape[:2]
    base, _ = pose_from_keypoints(frames[0], w, h)
    images = []
    for keypoints in frames:
        offsets = joint_offsets(base, pose_from_keypoints(keypoints, w, h)[0])
        images.append(recipe.draw(joint_offsets=offsets) if offsets else reference.copy())
    return images
