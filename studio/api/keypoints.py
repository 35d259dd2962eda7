"""Skeleton keypoints: the 18 labels, the Keypoint model and coordinate normalisation.

Internally (and on the wire) coordinates are normalised to 0..1, origin top-left, y down.
Some service answers use pixel coordinates; :func:`normalise_keypoints` divides those by the
image size. ``z_index`` is kept as sent (often fractional) but rounded when serialised,
because animate endpoints were seen rejecting non-integers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, field_serializer, field_validator

SkeletonLabel = Literal[
    "NOSE", "NECK", "RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM", "LEFT SHOULDER", "LEFT ELBOW",
    "LEFT ARM", "RIGHT HIP", "RIGHT KNEE", "RIGHT LEG", "LEFT HIP", "LEFT KNEE", "LEFT LEG",
    "RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR",
]
SKELETON_LABELS: tuple[str, ...] = get_args(SkeletonLabel)


class Keypoint(BaseModel):
    """One skeleton point: ``{x, y, label, z_index}``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    x: float
    y: float
    label: SkeletonLabel
    z_index: float = 0.0

    @field_validator("label", mode="before")
    @classmethod
    def _normalise_label(cls, value: Any) -> Any:
        # tolerate "right_shoulder" / "Right Shoulder" spellings
        if isinstance(value, str):
            return value.strip().replace("_", " ").upper()
        return value

    @field_validator("x", "y", "z_index")
    @classmethod
    def _finite(cls, value: float) -> float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        return value

    @field_serializer("z_index")
    def _round_z(self, value: float) -> int:
        return int(round(value))


def normalise_keypoints(
    points: Iterable[Keypoint | dict[str, Any]], width: int, height: int
) -> list[Keypoint]:
    """Return keypoints in 0..1 coordinates.

    If any coordinate's magnitude exceeds 1 the set is taken to be in pixels and every point is
    divided by ``width``/``height``; otherwise points are already normalised and kept.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    parsed = [p if isinstance(p, Keypoint) else Keypoint.model_validate(p) for p in points]
    if not any(abs(p.x) > 1.0 or abs(p.y) > 1.0 for p in parsed):
        return parsed
    return [p.model_copy(update={"x": p.x / width, "y": p.y / height}) for p in parsed]


def coerce_frame(frame: Any) -> Any:
    """Accept a frame as a list of points or as the SDK's ``{"keypoints": [...]}`` dict."""
    if isinstance(frame, dict) and "keypoints" in frame:
        return frame["keypoints"]
    return frame
