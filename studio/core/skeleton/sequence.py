"""Pose sequences (one pose per frame) and the starter pose library fitted to an estimate.

The starter poses are side views facing right (the right limbs are nearer the viewer, so they
get the higher z_index), built from a standing base pose by turning bones about their parent
joints, with the lower ankle kept on the base pose's ground line (except in the air in a jump).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from studio.core.skeleton.pose import (
    BONES,
    LABEL_INDEX,
    ROOT,
    SKELETON_LABELS,
    Pose,
    PoseError,
    interpolate,
    make_pose,
    mirror,
    rotate_limb,
)


@dataclass
class PoseSequence:
    """One optional pose per frame (``None`` = the frame has no pose yet)."""

    poses: list[Pose | None] = field(default_factory=list)
    name: str = ""

    def __len__(self) -> int:
        return len(self.poses)

    def __getitem__(self, index: int) -> Pose | None:
        return self.poses[index]

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.poses):
            raise PoseError(f"frame {index} does not exist (the sequence has {len(self)} frames)")

    def set_pose(self, index: int, pose: Pose | None) -> None:
        self._check(index)
        self.poses[index] = pose

    def copy_pose(self, source: int, targets: Iterable[int]) -> list[int]:
        """Copy the pose of frame ``source`` to each target frame; returns the frames changed."""
        self._check(source)
        targets = list(targets)
        for t in targets:
            self._check(t)
        pose = self.poses[source]
        changed = [t for t in targets if t != source and self.poses[t] != pose]
        for t in changed:
            self.poses[t] = pose
        return changed

    def insert_interpolated(self, index: int, t: float = 0.5, preserve_bone_lengths=True) -> Pose:
        """Insert, after frame ``index``, the pose between it and the next frame."""
        self._check(index)
        self._check(index + 1)
        a, b = self.poses[index], self.poses[index + 1]
        if a is None or b is None:
            raise PoseError("both neighbouring frames need a pose to interpolate")
        pose = interpolate(a, b, t, preserve_bone_lengths)
        self.poses.insert(index + 1, pose)
        return pose

    def duplicate(self, index: int) -> None:
        self._check(index)
        self.poses.insert(index + 1, self.poses[index])

    def to_api(self, width: int, height: int) -> list[list[dict]]:
        """``skeleton_keypoints`` for a request: a list of frames, each a list of keypoints."""
        missing = [i for i, p in enumerate(self.poses) if p is None]
        if missing:
            raise PoseError(f"frames without a pose: {', '.join(map(str, missing))}")
        return [p.to_api(width, height) for p in self.poses]  # type: ignore[union-attr]

    def to_dict(self) -> dict:
        return {"name": self.name,
                "frames": [None if p is None else p.to_dict() for p in self.poses]}

    @classmethod
    def from_dict(cls, data: Mapping) -> PoseSequence:
        frames = data.get("frames") if isinstance(data, Mapping) else None
        if not isinstance(frames, list):
            raise PoseError("a pose sequence needs a 'frames' list")
        return cls([None if f is None else Pose.from_dict(f) for f in frames],
                   str(data.get("name", "")))


# ---- starter library ---------------------------------------------------------------------

_BASE_POINTS = {
    "NECK": (0.50, 0.34), "NOSE": (0.55, 0.25),
    "RIGHT EYE": (0.56, 0.21), "LEFT EYE": (0.53, 0.21),
    "RIGHT EAR": (0.50, 0.22), "LEFT EAR": (0.48, 0.22),
    "RIGHT SHOULDER": (0.49, 0.36), "RIGHT ELBOW": (0.49, 0.48), "RIGHT ARM": (0.50, 0.59),
    "LEFT SHOULDER": (0.51, 0.36), "LEFT ELBOW": (0.51, 0.48), "LEFT ARM": (0.52, 0.59),
    "RIGHT HIP": (0.49, 0.60), "RIGHT KNEE": (0.49, 0.75), "RIGHT LEG": (0.49, 0.90),
    "LEFT HIP": (0.51, 0.60), "LEFT KNEE": (0.51, 0.75), "LEFT LEG": (0.51, 0.90),
}
_BASE_Z = {label: (12.0 if label.startswith("RIGHT") else 4.0 if label.startswith("LEFT")
                   else 8.0) for label in SKELETON_LABELS}
BASE_POSE = make_pose(_BASE_POINTS, _BASE_Z)
_GROUND = 0.90
_FEET = (LABEL_INDEX["RIGHT LEG"], LABEL_INDEX["LEFT LEG"])


def _posed(angles: Mapping[str, float], lift: float = 0.0, base: Pose = BASE_POSE) -> Pose:
    """Turn bones (degrees, clockwise positive) parents first, then put the feet on the ground
    (raised by ``lift``)."""
    pose = base
    for _parent, child in BONES:
        if child in angles:
            pose = rotate_limb(pose, child, math.radians(angles[child]))
    xy = pose.xy.copy()
    xy[:, 1] += _GROUND - lift - max(xy[i, 1] for i in _FEET)
    return pose.with_points(xy)


def _cycle(n: int, thigh: float, knee: float, arm: float, elbow: float, lean: float):
    poses = []
    for f in range(n):
        s = math.sin(2 * math.pi * f / n)
        poses.append(_posed({
            "NOSE": lean,
            "RIGHT KNEE": -thigh * s, "LEFT KNEE": thigh * s,
            "RIGHT LEG": knee * max(0.0, -s) + 5, "LEFT LEG": knee * max(0.0, s) + 5,
            "RIGHT ELBOW": arm * s, "LEFT ELBOW": -arm * s,
            "RIGHT ARM": -elbow, "LEFT ARM": -elbow,
        }))
    return poses


def _idle(n: int = 4) -> list[Pose]:
    """Breathing: the knees give a little (the body bobs), arms and head sway with it."""
    poses = []
    for f in range(n):
        b = (1 - math.cos(2 * math.pi * f / n)) / 2
        poses.append(_posed({
            "NOSE": 3 * b, "RIGHT KNEE": -6 * b, "LEFT KNEE": -6 * b,
            "RIGHT LEG": 12 * b, "LEFT LEG": 12 * b,
            "RIGHT ELBOW": 4 * b, "LEFT ELBOW": 4 * b,
        }))
    return poses


def _jump() -> list[Pose]:
    crouch = {"RIGHT KNEE": -35, "LEFT KNEE": -35, "RIGHT LEG": 70, "LEFT LEG": 70,
              "RIGHT ELBOW": 30, "LEFT ELBOW": 30}
    reach = {"RIGHT ELBOW": -150, "LEFT ELBOW": -140, "RIGHT LEG": 10, "LEFT LEG": 10}
    tuck = {"RIGHT KNEE": -50, "LEFT KNEE": -45, "RIGHT LEG": 90, "LEFT LEG": 90,
            "RIGHT ELBOW": -60, "LEFT ELBOW": -50}
    return [_posed({}), _posed(crouch), _posed(reach, lift=0.05), _posed(tuck, lift=0.12),
            _posed(reach, lift=0.05), _posed(crouch)]


def starter_names() -> tuple[str, ...]:
    return ("walk", "run", "idle", "jump")


def starter_sequence(name: str) -> PoseSequence:
    """A fresh copy of a starter sequence (side view, facing right)."""
    makers = {
        "walk": lambda: _cycle(8, thigh=25, knee=35, arm=25, elbow=10, lean=0),
        "run": lambda: _cycle(8, thigh=45, knee=80, arm=50, elbow=70, lean=10),
        "idle": _idle,
        "jump": _jump,
    }
    if name not in makers:
        raise PoseError(f"unknown starter pose {name!r}; choose one of {', '.join(makers)}")
    return PoseSequence(makers[name](), name)


def fit_pose(pose: Pose, estimate: Pose, base: Pose = BASE_POSE) -> Pose:
    """``pose`` with every bone scaled by (estimate length / base length) for that bone, placed
    so its NECK sits where the estimate's does (plus the pose's own offset from the base, scaled
    by the estimate's overall size)."""
    base_len, est_len = base.bone_lengths(), estimate.bone_lengths()
    ratios = {bone: (est_len[bone] / base_len[bone]) for bone in BONES}
    overall = float(np.median(list(ratios.values())))
    root = LABEL_INDEX[ROOT]
    xy = np.empty_like(pose.xy)
    xy[root] = estimate.xy[root] + (pose.xy[root] - base.xy[root]) * overall
    for bone in BONES:
        p, c = LABEL_INDEX[bone[0]], LABEL_INDEX[bone[1]]
        xy[c] = xy[p] + (pose.xy[c] - pose.xy[p]) * ratios[bone]
    return pose.with_points(xy)


def faces_left(pose: Pose) -> bool:
    """True when the nose is left of the neck (the starters face right)."""
    return pose.point("NOSE")[0] < pose.point("NECK")[0]


def fit_starter(name: str, estimate: Pose) -> PoseSequence:
    """A starter sequence fitted to an estimated skeleton, mirrored when the estimate faces left."""
    seq = starter_sequence(name)
    base = BASE_POSE
    if faces_left(estimate):
        seq = PoseSequence([mirror(p) for p in seq.poses], seq.name)
        base = mirror(BASE_POSE)
    return PoseSequence([fit_pose(p, estimate, base) for p in seq.poses], seq.name)


def sequence_from_api(frames: Sequence[Sequence[Mapping]], width: int, height: int):
    """A PoseSequence from ``skeleton_keypoints``-style frames (pixel or normalised)."""
    return PoseSequence([Pose.from_api(f, width, height) for f in frames])
