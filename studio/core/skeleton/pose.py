"""Skeleton poses: 18 labelled keypoints in 0..1 image coordinates (y down), bones and pose maths.

The bones form a tree rooted at NECK (neck-nose, nose-eyes-ears, neck-shoulders-elbows-arms,
neck-hips-knees-legs). "ARM" is the wrist and "LEG" the ankle (OpenPose COCO-18 naming).
Poses are immutable-by-convention: every operation returns a new Pose.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

try:  # the API package owns the labels when it is present
    from studio.api.keypoints import SKELETON_LABELS as _API_LABELS
except ImportError:  # pragma: no cover - depends on the build order of the packages
    _API_LABELS = None

SKELETON_LABELS: tuple[str, ...] = tuple(_API_LABELS) if _API_LABELS else (
    "NOSE", "NECK", "RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM", "LEFT SHOULDER", "LEFT ELBOW",
    "LEFT ARM", "RIGHT HIP", "RIGHT KNEE", "RIGHT LEG", "LEFT HIP", "LEFT KNEE", "LEFT LEG",
    "RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR",
)
LABEL_INDEX = {label: i for i, label in enumerate(SKELETON_LABELS)}
ROOT = "NECK"

# (parent, child); the order is a valid top-down traversal from NECK
BONES: tuple[tuple[str, str], ...] = (
    ("NECK", "NOSE"),
    ("NOSE", "RIGHT EYE"), ("RIGHT EYE", "RIGHT EAR"),
    ("NOSE", "LEFT EYE"), ("LEFT EYE", "LEFT EAR"),
    ("NECK", "RIGHT SHOULDER"), ("RIGHT SHOULDER", "RIGHT ELBOW"), ("RIGHT ELBOW", "RIGHT ARM"),
    ("NECK", "LEFT SHOULDER"), ("LEFT SHOULDER", "LEFT ELBOW"), ("LEFT ELBOW", "LEFT ARM"),
    ("NECK", "RIGHT HIP"), ("RIGHT HIP", "RIGHT KNEE"), ("RIGHT KNEE", "RIGHT LEG"),
    ("NECK", "LEFT HIP"), ("LEFT HIP", "LEFT KNEE"), ("LEFT KNEE", "LEFT LEG"),
)
PARENT: dict[str, str] = {child: parent for parent, child in BONES}


class PoseError(ValueError):
    """Keypoint data that cannot form a pose."""


def side_of(label: str) -> str:
    """'left', 'right' or 'centre' (NOSE, NECK)."""
    if label not in LABEL_INDEX:
        raise PoseError(f"unknown keypoint label {label!r}")
    if label.startswith("LEFT "):
        return "left"
    if label.startswith("RIGHT "):
        return "right"
    return "centre"


def mirror_label(label: str) -> str:
    """LEFT X <-> RIGHT X; centre labels map to themselves."""
    if label.startswith("LEFT "):
        return "RIGHT " + label[5:]
    if label.startswith("RIGHT "):
        return "LEFT " + label[6:]
    return label


def descendants(label: str) -> list[str]:
    """All joints below ``label`` in the bone tree (not including itself)."""
    out, frontier = [], [label]
    while frontier:
        current = frontier.pop()
        children = [c for p, c in BONES if p == current]
        out.extend(children)
        frontier.extend(children)
    return out


def _finite(value, what: str) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError) as exc:
        raise PoseError(f"{what} must be a number, got {value!r}") from exc
    if not math.isfinite(f):
        raise PoseError(f"{what} must be finite, got {value!r}")
    return f


@dataclass(frozen=True, eq=False)
class Pose:
    """``xy``: float (18, 2) in 0..1 image coordinates; ``z``: float (18,) z_index (draw order)."""

    xy: np.ndarray
    z: np.ndarray

    def __post_init__(self) -> None:
        xy = np.array(self.xy, dtype=np.float64).reshape(len(SKELETON_LABELS), 2)
        z = np.array(self.z, dtype=np.float64).reshape(len(SKELETON_LABELS))
        xy.flags.writeable = False
        z.flags.writeable = False
        object.__setattr__(self, "xy", xy)
        object.__setattr__(self, "z", z)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pose) and np.array_equal(self.xy, other.xy) and np.array_equal(
            self.z, other.z)

    def point(self, label: str) -> tuple[float, float]:
        x, y = self.xy[LABEL_INDEX[label]]
        return float(x), float(y)

    def with_points(self, xy: np.ndarray | None = None, z: np.ndarray | None = None) -> Pose:
        return Pose(self.xy if xy is None else xy, self.z if z is None else z)

    # ---- conversions ------------------------------------------------------------------

    def to_dict(self) -> list[dict]:
        """JSON-ready list of ``{label, x, y, z_index}`` in SKELETON_LABELS order."""
        return [
            {"label": label, "x": float(self.xy[i, 0]), "y": float(self.xy[i, 1]),
             "z_index": float(self.z[i])}
            for i, label in enumerate(SKELETON_LABELS)
        ]

    @classmethod
    def from_dict(cls, points: Iterable[Mapping]) -> Pose:
        """Inverse of ``to_dict``; any order, every label exactly once."""
        xy = np.full((len(SKELETON_LABELS), 2), np.nan)
        z = np.zeros(len(SKELETON_LABELS))
        seen: set[str] = set()
        for p in points:
            if not isinstance(p, Mapping):
                raise PoseError(f"a keypoint must be an object, got {p!r}")
            label = p.get("label")
            if label not in LABEL_INDEX:
                raise PoseError(f"unknown keypoint label {label!r}")
            if label in seen:
                raise PoseError(f"keypoint {label!r} appears twice")
            seen.add(label)
            i = LABEL_INDEX[label]
            xy[i] = (_finite(p.get("x"), f"{label} x"), _finite(p.get("y"), f"{label} y"))
            z[i] = _finite(p.get("z_index", 0.0), f"{label} z_index")
        missing = [label for label in SKELETON_LABELS if label not in seen]
        if missing:
            raise PoseError(f"keypoints missing: {', '.join(missing)}")
        return cls(xy, z)

    def to_api(self, width: int, height: int) -> list[dict]:
        """Keypoints for a request to an image of ``width`` x ``height``: x/y normalised to 0..1
        (clamped into the image) and integer z_index (the service rejects fractions)."""
        if width <= 0 or height <= 0:
            raise PoseError(f"image size must be positive, got {width}x{height}")
        xy = np.clip(self.xy, 0.0, 1.0)
        return [
            {"label": label, "x": float(xy[i, 0]), "y": float(xy[i, 1]),
             "z_index": int(round(self.z[i]))}
            for i, label in enumerate(SKELETON_LABELS)
        ]

    @classmethod
    def from_api(cls, points: Iterable[Mapping], width: int, height: int) -> Pose:
        """Pose from service keypoints; pixel coordinates (any |x| or |y| > 1) are divided by
        the image size."""
        pose = cls.from_dict(points)
        if np.abs(pose.xy).max() > 1.0:
            if width <= 0 or height <= 0:
                raise PoseError(f"image size must be positive, got {width}x{height}")
            return pose.with_points(pose.xy / np.array([width, height], dtype=np.float64))
        return pose

    # ---- geometry -----------------------------------------------------------------------

    def bone_lengths(self) -> dict[tuple[str, str], float]:
        return {
            (p, c): float(np.hypot(*(self.xy[LABEL_INDEX[c]] - self.xy[LABEL_INDEX[p]])))
            for p, c in BONES
        }

    def joint_pixels(self, width: int, height: int) -> np.ndarray:
        """(18, 2) positions in image pixels (x * width, y * height)."""
        return self.xy * np.array([width, height], dtype=np.float64)


def hit_test(pose: Pose, px: float, py: float, width: int, height: int, radius: float):
    """The label of the joint nearest to image pixel (px, py) within ``radius`` pixels, or None.

    Ties go to the joint with the higher z_index (drawn in front), then label order.
    """
    pts = pose.joint_pixels(width, height)
    d2 = (pts[:, 0] - px) ** 2 + (pts[:, 1] - py) ** 2
    order = sorted(range(len(SKELETON_LABELS)), key=lambda i: (d2[i], -pose.z[i], i))
    best = order[0]
    return SKELETON_LABELS[best] if d2[best] <= radius * radius else None


def make_pose(points: Mapping[str, tuple[float, float]], z: Mapping[str, float] | None = None):
    """Build a pose from ``{label: (x, y)}`` (every label) and optional z values."""
    return Pose.from_dict(
        {"label": k, "x": v[0], "y": v[1], "z_index": (z or {}).get(k, 0.0)}
        for k, v in points.items()
    )


# ---- pose operations ---------------------------------------------------------------------


def mirror(pose: Pose) -> Pose:
    """Mirror left/right: x -> 1 - x, and every LEFT joint swaps with its RIGHT joint."""
    src = [LABEL_INDEX[mirror_label(label)] for label in SKELETON_LABELS]
    xy = pose.xy[src].copy()
    xy[:, 0] = 1.0 - xy[:, 0]
    return Pose(xy, pose.z[src])


def _wrap_angle(a: float) -> float:
    """Angle in (-pi, pi]."""
    a = math.fmod(a + math.pi, 2 * math.pi)
    if a <= 0:
        a += 2 * math.pi
    return a - math.pi


def interpolate(a: Pose, b: Pose, t: float, preserve_bone_lengths: bool = False) -> Pose:
    """The pose a fraction ``t`` (0 = a, 1 = b) of the way from ``a`` to ``b``.

    Linear by default. With ``preserve_bone_lengths`` the NECK moves linearly and every bone
    turns about its parent joint along the shorter arc, its length blended linearly, so a limb
    swings instead of shrinking through the middle (equal lengths in a and b stay exact).
    """
    t = _finite(t, "t")
    z = a.z + (b.z - a.z) * t
    if not preserve_bone_lengths:
        return Pose(a.xy + (b.xy - a.xy) * t, z)
    xy = np.empty_like(a.xy)
    root = LABEL_INDEX[ROOT]
    xy[root] = a.xy[root] + (b.xy[root] - a.xy[root]) * t
    for parent, child in BONES:
        p, c = LABEL_INDEX[parent], LABEL_INDEX[child]
        va, vb = a.xy[c] - a.xy[p], b.xy[c] - b.xy[p]
        ang_a, ang_b = math.atan2(va[1], va[0]), math.atan2(vb[1], vb[0])
        ang = ang_a + _wrap_angle(ang_b - ang_a) * t
        la, lb = math.hypot(*va), math.hypot(*vb)
        length = la + (lb - la) * t
        xy[c] = xy[p] + length * np.array([math.cos(ang), math.sin(ang)])
    return Pose(xy, z)


def move_joint(
    pose: Pose, label: str, x: float, y: float, keep_bone_lengths: bool = False
) -> Pose:
    """Move one joint towards (x, y) (0..1 image coordinates).

    Plain: only that joint moves. With ``keep_bone_lengths`` the joint stays on the circle around
    its parent at its current bone length (pointing at the target) and its descendants move with
    it; moving the NECK then translates the whole skeleton.
    """
    i = LABEL_INDEX.get(label)
    if i is None:
        raise PoseError(f"unknown keypoint label {label!r}")
    target = np.array([_finite(x, "x"), _finite(y, "y")])
    xy = pose.xy.copy()
    if not keep_bone_lengths:
        xy[i] = target
        return pose.with_points(xy)
    if label == ROOT:
        new = target
    else:
        parent = xy[LABEL_INDEX[PARENT[label]]]
        length = float(np.hypot(*(xy[i] - parent)))
        direction = target - parent
        norm = float(np.hypot(*direction))
        if norm == 0.0:
            return pose
        new = parent + direction * (length / norm)
    delta = new - xy[i]
    for name in [label, *descendants(label)]:
        xy[LABEL_INDEX[name]] += delta
    return pose.with_points(xy)


def rotate_limb(pose: Pose, label: str, angle: float) -> Pose:
    """Rotate a joint and all its descendants about its parent joint by ``angle`` radians.

    Positive angles turn clockwise on screen (y points down). For NECK the pivot is NECK itself.
    """
    if label not in LABEL_INDEX:
        raise PoseError(f"unknown keypoint label {label!r}")
    angle = _finite(angle, "angle")
    pivot = pose.xy[LABEL_INDEX[PARENT.get(label, label)]]
    c, s = math.cos(angle), math.sin(angle)
    rot = np.array([[c, -s], [s, c]])
    xy = pose.xy.copy()
    moved = [LABEL_INDEX[n] for n in [label, *descendants(label)]]
    xy[moved] = (xy[moved] - pivot) @ rot.T + pivot
    return pose.with_points(xy)
