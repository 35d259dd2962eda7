"""Retargeting: a pose sequence made on one sprite, applied to a sprite of other proportions.

Each bone keeps the direction it has in the source frame and takes the length it has on the
target (measured on the target's reference pose, e.g. its estimate), so one walk cycle animates
every character without stretching limbs. The root (NECK) follows the source's motion relative
to its own reference pose, scaled by the sizes of the two skeletons. The maths runs in pixels,
so sprites of other aspect ratios keep their angles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.core.skeleton.pose import BONES, LABEL_INDEX, ROOT, Pose, PoseError

_PARENTS = np.array([LABEL_INDEX[p] for p, _c in BONES])
_CHILDREN = np.array([LABEL_INDEX[c] for _p, c in BONES])
_ROOT = LABEL_INDEX[ROOT]


def bone_lengths_px(pose: Pose, size: tuple[int, int]) -> np.ndarray:
    """Length of every bone (in ``BONES`` order) in pixels of a ``size`` sprite."""
    xy = pose.joint_pixels(*size)
    return np.hypot(*(xy[_CHILDREN] - xy[_PARENTS]).T)


def retarget_sequence(poses: Sequence[Pose], source_ref: Pose, source_size: tuple[int, int],
                      target_ref: Pose, target_size: tuple[int, int]) -> list[Pose]:
    """``poses`` (made on the source sprite) moved onto the target sprite.

    ``source_ref`` is the pose the sequence was made against (its estimate, or the first
    frame); ``target_ref`` the target sprite's estimate. Every output bone has exactly the
    target's length; z order comes from the source frames."""
    _check_size(source_size)
    _check_size(target_size)
    target_len = bone_lengths_px(target_ref, target_size)
    source_len = bone_lengths_px(source_ref, source_size)
    usable = source_len > 1e-9
    if not usable.any():
        raise PoseError("the source reference pose has no bone of any length")
    scale = float(np.median(target_len[usable] / source_len[usable]))
    src_scale = np.array(source_size, dtype=np.float64)
    dst_scale = np.array(target_size, dtype=np.float64)
    src_root = source_ref.xy[_ROOT] * src_scale
    dst_root = target_ref.xy[_ROOT] * dst_scale
    if not poses:
        return []
    src = np.stack([pose.xy for pose in poses]) * src_scale  # (frames, 18, 2), all at once
    vectors = src[:, _CHILDREN] - src[:, _PARENTS]
    norms = np.hypot(vectors[..., 0], vectors[..., 1])[..., None]
    # a bone collapsed to a point keeps the target reference's direction
    ref_vectors = (target_ref.xy[_CHILDREN] - target_ref.xy[_PARENTS]) * dst_scale
    ref_units = ref_vectors / np.maximum(np.hypot(*ref_vectors.T), 1e-12)[:, None]
    units = np.where(norms > 1e-9, vectors / np.maximum(norms, 1e-12), ref_units)
    xy = np.empty_like(src)
    xy[:, _ROOT] = dst_root + (src[:, _ROOT] - src_root) * scale
    for k in range(len(BONES)):  # BONES is a top-down traversal: parents come first
        xy[:, _CHILDREN[k]] = xy[:, _PARENTS[k]] + units[:, k] * target_len[k]
    xy /= dst_scale
    return [Pose(frame, pose.z) for frame, pose in zip(xy, poses, strict=True)]


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise PoseError(f"sprite size must be positive, got {width}x{height}")
