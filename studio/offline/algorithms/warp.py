"""Skeletal warp: move a sprite's pixels with its bones from one pose to another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .bone_regions import owners_by_region
from .figure import background_plate, figure_mask
from .shapes import grid, segment_distance
from .skeleton import BONES

Point = tuple[float, float]
Pose = Mapping[str, Point]


def pose_from_keypoints(
    keypoints: Sequence[Mapping[str, object]], width: int, height: int
) -> tuple[dict[str, Point], dict[str, float]]:
    """Pixel-space pose and z indices from API keypoints.

    Keypoints within 0..1 are normalised (as in the official fixtures); larger values are pixels.
    """
    xs = [float(k["x"]) for k in keypoints]
    ys = [float(k["y"]) for k in keypoints]
    normalised = all(abs(v) <= 1.0 for v in xs + ys)
    sx, sy = (width, height) if normalised else (1.0, 1.0)
    pose = {str(k["label"]): (x * sx, y * sy) for k, x, y in zip(keypoints, xs, ys, strict=True)}
    z = {str(k["label"]): float(k.get("z_index") or 0.0) for k in keypoints}
    return pose, z


def _usable_bones(*poses: Pose) -> list[tuple[str, str]]:
    return [(a, b) for a, b in BONES if all(a in p and b in p for p in poses)]


def assign_bones(rgba: np.ndarray, pose: Pose, figure: np.ndarray | None = None) -> np.ndarray:
    """Index of the bone that carries every figure pixel (-1 elsewhere).

    The nearest bone, except that a flat-coloured part mostly nearest to one limb goes with
    that limb as a whole (see ``bone_regions``). ``figure`` defaults to the opaque pixels.
    """
    h, w = rgba.shape[:2]
    bones = _usable_bones(pose)
    if not bones:
        return np.full((h, w), -1, dtype=np.int32)
    ys, xs = grid(h, w)
    distances = np.stack([segment_distance(ys, xs, pose[a], pose[b]) for a, b in bones])
    figure = rgba[..., 3] > 0 if figure is None else figure
    return owners_by_region(rgba, figure, distances, bones)


def _rigid(a0: Point, b0: Point, a1: Point, b1: Point) -> tuple[float, float]:
    """cos and sin of the rotation taking bone a0-b0 to the direction of a1-b1."""
    angle = np.arctan2(b1[1] - a1[1], b1[0] - a1[0]) - np.arctan2(b0[1] - a0[1], b0[0] - a0[0])
    return float(np.cos(angle)), float(np.sin(angle))


def warp_frame(rgba: np.ndarray, owner: np.ndarray, source: Pose, target: Pose,
               z_index: Mapping[str, float] | None = None) -> np.ndarray:
    """One frame: each bone's pixels moved rigidly from ``source`` to ``target``.

    Inverse mapping: every output pixel asks each bone where it came from (rotation about the
    bone's first joint, then translation of that joint) and takes the nearest source pixel if the
    bone owns it. Bones are composited in ``z_index`` order (higher in front).
    """
    h, w = rgba.shape[:2]
    out = np.zeros_like(rgba)
    bones = _usable_bones(source, target)
    z_index = z_index or {}
    order = sorted(
        range(len(bones)),
        key=lambda i: (z_index.get(bones[i][0], 0.0) + z_index.get(bones[i][1], 0.0), i),
    )
    ys, xs = grid(h, w)
    all_bones = _usable_bones(source)
    for index in order:
        a, b = bones[index]
        bone_id = all_bones.index((a, b))
        cos, sin = _rigid(source[a], source[b], target[a], target[b])
        dx = xs - target[a][0]
        dy = ys - target[a][1]
        src_x = np.floor(cos * dx + sin * dy + source[a][0]).astype(np.int64)
        src_y = np.floor(-sin * dx + cos * dy + source[a][1]).astype(np.int64)
        inside = (src_x >= 0) & (src_x < w) & (src_y >= 0) & (src_y < h)
        sx = np.clip(src_x, 0, w - 1)
        sy = np.clip(src_y, 0, h - 1)
        hit = inside & (owner[sy, sx] == bone_id)
        out[hit] = rgba[sy[hit], sx[hit]]
    return out


def animate_skeleton(rgba: np.ndarray, frames: Sequence[Sequence[Mapping[str, object]]]
                     ) -> list[np.ndarray]:
    """One image per keypoint frame; the first frame's pose is taken as the reference's pose.

    Only the figure moves: the background stays where it is and fills what the figure uncovers.
    """
    h, w = rgba.shape[:2]
    if not frames:
        return [rgba.copy()]
    source, _ = pose_from_keypoints(frames[0], w, h)
    figure = figure_mask(rgba)
    owner = assign_bones(rgba, source, figure)
    plate = background_plate(rgba, figure)
    images = []
    for keypoints in frames:
        target, z = pose_from_keypoints(keypoints, w, h)
        moved = warp_frame(rgba, owner, source, target, z)
        hit = moved[..., 3] > 0
        images.append(np.where(hit[..., None], moved, plate))
    return images
