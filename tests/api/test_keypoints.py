"""Skeleton labels, keypoint parsing and normalisation of pixel coordinates."""

from __future__ import annotations

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.api.keypoints import SKELETON_LABELS, Keypoint, normalise_keypoints


def test_the_18_labels_exactly() -> None:
    assert len(SKELETON_LABELS) == 18
    assert SKELETON_LABELS[:3] == ("NOSE", "NECK", "RIGHT SHOULDER")
    assert "RIGHT ARM" in SKELETON_LABELS and "LEFT LEG" in SKELETON_LABELS
    assert all(label == label.upper() and "_" not in label for label in SKELETON_LABELS)


def test_label_spellings_are_normalised_and_unknown_labels_rejected() -> None:
    assert Keypoint(x=0, y=0, label="right_shoulder").label == "RIGHT SHOULDER"
    with pytest.raises(pydantic.ValidationError):
        Keypoint(x=0, y=0, label="TAIL")
    with pytest.raises(pydantic.ValidationError, match="finite"):
        Keypoint(x=float("nan"), y=0, label="NOSE")


def test_z_index_is_kept_but_rounded_when_sent() -> None:
    point = Keypoint(x=0.5, y=0.5, label="NOSE", z_index=2.5001)
    assert point.z_index == 2.5001
    assert point.model_dump()["z_index"] == 3
    assert Keypoint(x=0, y=0, label="NOSE", z_index=-0.6).model_dump()["z_index"] == -1


def test_pixel_coordinates_are_divided_by_the_image_size() -> None:
    points = [{"x": 32, "y": 16, "label": "NOSE"}, {"x": 16.5, "y": 60, "label": "NECK"}]
    out = normalise_keypoints(points, 64, 128)
    assert [(p.x, p.y) for p in out] == [(0.5, 0.125), (16.5 / 64, 60 / 128)]


def test_normalised_coordinates_are_kept() -> None:
    points = [Keypoint(x=0.25, y=0.75, label="NOSE"), Keypoint(x=1.0, y=0.0, label="NECK")]
    assert normalise_keypoints(points, 64, 64) == points
    with pytest.raises(ValueError):
        normalise_keypoints(points, 0, 64)


@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=18),
       st.integers(2, 256), st.integers(2, 256))
def test_pixel_points_land_in_unit_square(pts: list[tuple[int, int]], w: int, h: int) -> None:
    pts = [(min(x, w), min(y, h)) for x, y in pts]
    if not any(x > 1 or y > 1 for x, y in pts):
        pts.append((w, h))
    labels = SKELETON_LABELS * 2
    out = normalise_keypoints(
        [{"x": x, "y": y, "label": labels[i]} for i, (x, y) in enumerate(pts)], w, h
    )
    assert all(0 <= p.x <= 1 and 0 <= p.y <= 1 for p in out)
