"""Draw a humanoid body from the 18-point skeleton (used for characters and people sprites)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .proportions import HEAD_RADIUS, Proportions, reshape_pose
from .shapes import ellipse, grid, segment_distance
from .skeleton import default_pose

# Region ids in the label map returned by draw_humanoid.
SKIN, BODY, LEGS, EYES, HAIR, ARMS = 1, 2, 3, 4, 5, 6
# Regions shaded as one rounded volume (the head with its hair and eyes; each limb group).
VOLUMES = ((SKIN, HAIR, EYES), (BODY,), (ARMS,), (LEGS,))

VIEWS: dict[str, tuple[float, float, bool]] = {
    # direction: (width factor, face turn towards image right, back view)
    "south": (1.0, 0.0, False),
    "north": (1.0, 0.0, True),
    "east": (0.5, 1.0, False),
    "south-east": (0.8, 0.5, False),
    "north-east": (0.8, 0.5, True),
}


def body_box(width: int, height: int, fill: float = 0.8) -> tuple[float, float, float, float]:
    """Where the body goes: ``fill`` of the canvas height, centred, feet near the bottom."""
    bh = height * fill
    bw = min(width * 0.9, bh * 0.62)
    return (width - bw) / 2, height - bh - height * (1 - fill) / 3, bw, bh


def draw_humanoid(
    width: int, height: int, direction: str = "south", fill: float = 0.8, bulk: float = 1.0,
    proportions: Proportions | None = None,
    joint_offsets: Mapping[str, tuple[float, float]] | None = None,
) -> np.ndarray:
    """Label map (H, W) uint8: 0 empty, SKIN head/hands, BODY torso, ARMS, LEGS, EYES, HAIR.

    Only south, north, east, south-east and north-east are drawn; the west-facing directions are
    exact mirrors and are made by flipping. ``joint_offsets`` (pixels, by keypoint label) moves
    joints from the standing pose, for posed and animated drawings.
    """
    width_factor, turn, back = VIEWS[direction]
    box = body_box(width, height, fill)
    pose = default_pose(box, width_factor, turn)
    body = proportions or Proportions()
    pose, scale = reshape_pose(pose, box[3], body)
    for label, (dx, dy) in (joint_offsets or {}).items():
        if label in pose:  # a pose change: the body is drawn with its joints moved
            pose[label] = (pose[label][0] + dx, pose[label][1] + dy)
    bh = box[3] * scale
    ys, xs = grid(height, width)
    labels = np.zeros((height, width), dtype=np.uint8)

    def capsule(a: str, b: str, radius: float, region: int) -> None:
        inside = segment_distance(ys, xs, pose[a], pose[b]) <= max(radius * bh * bulk, 0.7)
        labels[inside] = region

    far_side = "RIGHT" if turn > 0 else "LEFT"
    limbs = [("SHOULDER", "ELBOW", "ARM", 0.045, ARMS), ("HIP", "KNEE", "LEG", 0.055, LEGS)]
    # Far limbs first so the body and near limbs cover them.
    near_side = "LEFT" if far_side == "RIGHT" else "RIGHT"
    for side in [far_side, near_side]:
        for top, mid, end, radius, region in limbs:
            capsule(f"{side} {top}", f"{side} {mid}", radius, region)
            capsule(f"{side} {mid}", f"{side} {end}", radius * 0.9, region)
    hips = tuple(np.mean([pose["RIGHT HIP"], pose["LEFT HIP"]], axis=0))
    torso_w = 0.085 * width_factor + 0.025
    torso = segment_distance(ys, xs, pose["NECK"], hips) <= max(torso_w * bh * bulk, 1.0)
    labels[torso] = BODY
    head_centre = (pose["NOSE"][0] - 0.02 * turn * bh, pose["NOSE"][1])
    head_r = HEAD_RADIUS * bh * body.head_size
    head = ellipse(ys, xs, head_centre, head_r * (0.85 + 0.15 * width_factor), head_r) <= 1.0
    labels[head] = SKIN
    # hair: the whole head from behind, the top of it from the front
    hair_line = head_centre[1] + (head_r if back else -0.4 * head_r)
    labels[head & (ys < hair_line)] = HAIR
    if not back:
        for eye in ("RIGHT EYE", "LEFT EYE"):
            if turn and eye.startswith(far_side):
                continue
            ex, ey = pose[eye]
            cy, cx = int(ey), int(ex)
            if 0 <= cy < height and 0 <= cx < width and labels[cy, cx] == SKIN:
                labels[cy, cx] = EYES
    for hand in ("RIGHT ARM", "LEFT ARM"):
        hx, hy = pose[hand]
        labels[ellipse(ys, xs, (hx, hy), 0.035 * bh, 0.035 * bh) <= 1.0] = SKIN
    return labels
