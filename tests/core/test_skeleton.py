"""Skeleton model: labels, bones, conversions, pose maths, sequences and starter poses."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.skeleton import pose as sk
from studio.core.skeleton import sequence as ps

EXPECTED_LABELS = (
    "NOSE", "NECK", "RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM", "LEFT SHOULDER", "LEFT ELBOW",
    "LEFT ARM", "RIGHT HIP", "RIGHT KNEE", "RIGHT LEG", "LEFT HIP", "LEFT KNEE", "LEFT LEG",
    "RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR",
)


def random_pose(seed: int) -> sk.Pose:
    rng = np.random.default_rng(seed)
    return sk.Pose(rng.uniform(0.05, 0.95, (18, 2)), rng.uniform(0, 18, 18))


def test_labels_and_bones_form_a_tree_from_neck():
    assert sk.SKELETON_LABELS == EXPECTED_LABELS
    assert len(sk.BONES) == 17
    children = [c for _, c in sk.BONES]
    assert sorted(children + ["NECK"]) == sorted(EXPECTED_LABELS)
    assert set(sk.descendants("NECK")) == set(EXPECTED_LABELS) - {"NECK"}
    assert sk.descendants("RIGHT SHOULDER") == ["RIGHT ELBOW", "RIGHT ARM"]
    assert set(sk.descendants("NOSE")) == {"RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR"}
    for pair in [("NECK", "NOSE"), ("NOSE", "LEFT EYE"), ("LEFT EYE", "LEFT EAR"),
                 ("RIGHT HIP", "RIGHT KNEE"), ("RIGHT KNEE", "RIGHT LEG")]:
        assert pair in sk.BONES


def test_sides():
    assert sk.side_of("NOSE") == "centre" and sk.side_of("NECK") == "centre"
    assert sk.side_of("LEFT EAR") == "left" and sk.side_of("RIGHT KNEE") == "right"
    with pytest.raises(sk.PoseError):
        sk.side_of("TAIL")


def test_dict_round_trip_any_order_and_errors():
    pose = random_pose(1)
    data = json.loads(json.dumps(pose.to_dict()))
    assert [d["label"] for d in data] == list(EXPECTED_LABELS)
    assert sk.Pose.from_dict(reversed(data)) == pose
    with pytest.raises(sk.PoseError, match="missing: LEFT EAR"):
        sk.Pose.from_dict(data[:-1])
    with pytest.raises(sk.PoseError, match="twice"):
        sk.Pose.from_dict(data + [data[0]])
    bad = [dict(d) for d in data]
    bad[3]["x"] = "nan"
    with pytest.raises(sk.PoseError, match="RIGHT ELBOW x"):
        sk.Pose.from_dict(bad)


def test_to_api_normalised_integer_z():
    pose = random_pose(2).with_points(z=np.linspace(0.4, 17.6, 18))
    xy = pose.xy.copy()
    xy[0] = (1.3, -0.2)
    out = pose.with_points(xy).to_api(64, 64)
    assert all(isinstance(p["z_index"], int) for p in out)
    assert out[0]["x"] == 1.0 and out[0]["y"] == 0.0
    assert [p["z_index"] for p in out] == [int(round(v)) for v in np.linspace(0.4, 17.6, 18)]
    assert all(0.0 <= p["x"] <= 1.0 and 0.0 <= p["y"] <= 1.0 for p in out)


def test_from_api_pixels_and_normalised():
    pose = random_pose(3)
    pixels = [dict(d, x=d["x"] * 64, y=d["y"] * 32) for d in pose.to_dict()]
    back = sk.Pose.from_api(pixels, 64, 32)
    assert np.allclose(back.xy, pose.xy)
    assert sk.Pose.from_api(pose.to_dict(), 64, 32) == pose


def test_mirror_swaps_sides_and_flips_x():
    pose = random_pose(4)
    m = sk.mirror(pose)
    lx, ly = pose.point("LEFT ELBOW")
    assert m.point("RIGHT ELBOW") == pytest.approx((1 - lx, ly))
    assert m.point("NOSE") == pytest.approx((1 - pose.point("NOSE")[0], pose.point("NOSE")[1]))
    assert m.z[sk.LABEL_INDEX["RIGHT ELBOW"]] == pose.z[sk.LABEL_INDEX["LEFT ELBOW"]]
    assert np.allclose(sk.mirror(m).xy, pose.xy)


def test_interpolate_linear_ends_and_middle():
    a, b = random_pose(5), random_pose(6)
    assert np.allclose(sk.interpolate(a, b, 0).xy, a.xy)
    assert np.allclose(sk.interpolate(a, b, 1).xy, b.xy)
    assert np.allclose(sk.interpolate(a, b, 0.5).xy, (a.xy + b.xy) / 2)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0, 1))
def test_interpolate_preserving_keeps_bone_lengths(seed, t):
    a = random_pose(seed)
    rng = np.random.default_rng(seed + 1)
    b = a
    for label in ("RIGHT ELBOW", "LEFT KNEE", "NOSE", "RIGHT ARM"):
        b = sk.rotate_limb(b, label, float(rng.uniform(-2.5, 2.5)))
    mid = sk.interpolate(a, b, t, preserve_bone_lengths=True)
    la, lm = a.bone_lengths(), mid.bone_lengths()
    for bone in sk.BONES:
        assert lm[bone] == pytest.approx(la[bone], abs=1e-9)
    assert np.allclose(sk.interpolate(a, b, 1.0, True).xy, b.xy, atol=1e-9)


def test_interpolate_preserving_swings_limb_through_arc():
    a = ps.BASE_POSE
    b = sk.rotate_limb(a, "RIGHT ELBOW", math.radians(90))
    mid = sk.interpolate(a, b, 0.5, preserve_bone_lengths=True)
    expected = sk.rotate_limb(a, "RIGHT ELBOW", math.radians(45))
    assert np.allclose(mid.xy, expected.xy)


def test_move_joint_plain_and_keeping_lengths():
    pose = ps.BASE_POSE
    moved = sk.move_joint(pose, "RIGHT ELBOW", 0.7, 0.4)
    assert moved.point("RIGHT ELBOW") == (0.7, 0.4)
    assert moved.point("RIGHT ARM") == pose.point("RIGHT ARM")
    kept = sk.move_joint(pose, "RIGHT ELBOW", 0.9, 0.36, keep_bone_lengths=True)
    before, after = pose.bone_lengths(), kept.bone_lengths()
    for bone in sk.BONES:
        assert after[bone] == pytest.approx(before[bone])
    sx, sy = kept.point("RIGHT SHOULDER")
    ex, ey = kept.point("RIGHT ELBOW")
    assert math.atan2(ey - sy, ex - sx) == pytest.approx(math.atan2(0.0, 0.9 - sx), abs=1e-9)
    whole = sk.move_joint(pose, "NECK", 0.6, 0.44, keep_bone_lengths=True)
    assert np.allclose(whole.xy - pose.xy, [0.1, 0.1])
    with pytest.raises(sk.PoseError):
        sk.move_joint(pose, "TAIL", 0, 0)


def test_rotate_limb_moves_joint_and_descendants_only():
    pose = random_pose(7)
    r = sk.rotate_limb(pose, "LEFT ELBOW", math.pi / 2)
    sx, sy = pose.point("LEFT SHOULDER")
    ex, ey = pose.point("LEFT ELBOW")
    # clockwise on screen (y down): (dx, dy) -> (-dy, dx)
    assert r.point("LEFT ELBOW") == pytest.approx((sx - (ey - sy), sy + (ex - sx)))
    unchanged = set(sk.SKELETON_LABELS) - {"LEFT ELBOW", "LEFT ARM"}
    for label in unchanged:
        assert r.point(label) == pose.point(label)
    assert r.bone_lengths()[("LEFT ELBOW", "LEFT ARM")] == pytest.approx(
        pose.bone_lengths()[("LEFT ELBOW", "LEFT ARM")])


def test_hit_test_radius_in_pixels():
    pose = ps.BASE_POSE
    x, y = pose.point("RIGHT KNEE")
    assert sk.hit_test(pose, x * 64 - 2, y * 64, 64, 64, radius=3) == "RIGHT KNEE"
    assert sk.hit_test(pose, x * 64 - 2, y * 64, 64, 64, radius=1) is None
    # at 256 px the left knee (1.28 px away) is nearer for a point beside it
    lx, ly = pose.point("LEFT KNEE")
    assert sk.hit_test(pose, lx * 256 + 0.5, ly * 256, 256, 256, 2) == "LEFT KNEE"


# ---- sequences and starters -------------------------------------------------------------


def test_sequence_copy_interpolate_api_and_json():
    a, b = random_pose(8), random_pose(9)
    seq = ps.PoseSequence([a, None, b])
    with pytest.raises(sk.PoseError, match="frames without a pose: 1"):
        seq.to_api(64, 64)
    assert seq.copy_pose(0, [1, 2]) == [1, 2]
    assert seq[1] == a and seq[2] == a
    seq.set_pose(2, b)
    mid = seq.insert_interpolated(1, 0.5, preserve_bone_lengths=False)
    assert len(seq) == 4 and np.allclose(mid.xy, (a.xy + b.xy) / 2)
    frames = seq.to_api(64, 64)
    assert len(frames) == 4 and len(frames[0]) == 18
    back = ps.PoseSequence.from_dict(json.loads(json.dumps(seq.to_dict())))
    assert all(x == y for x, y in zip(back.poses, seq.poses, strict=True))
    with pytest.raises(sk.PoseError, match="frame 9"):
        seq.copy_pose(9, [0])


@pytest.mark.parametrize("name,frames", [("walk", 8), ("run", 8), ("idle", 4), ("jump", 6)])
def test_starters_are_valid_and_move(name, frames):
    seq = ps.starter_sequence(name)
    assert len(seq) == frames
    base_len = ps.BASE_POSE.bone_lengths()
    for pose in seq.poses:
        assert pose.xy.min() >= 0 and pose.xy.max() <= 1
        for bone, length in pose.bone_lengths().items():
            assert length == pytest.approx(base_len[bone])
    assert any(not np.allclose(p.xy, seq[0].xy) for p in seq.poses)
    with pytest.raises(sk.PoseError, match="unknown starter"):
        ps.starter_sequence("dance")


def test_fit_starter_scales_each_bone_to_estimate():
    rng = np.random.default_rng(3)
    estimate = ps.BASE_POSE
    for parent, child in sk.BONES:  # stretch each bone by its own factor
        i, j = sk.LABEL_INDEX[parent], sk.LABEL_INDEX[child]
        xy = estimate.xy.copy()
        factor = float(rng.uniform(0.6, 1.4))
        delta = (xy[j] - xy[i]) * (factor - 1)
        for name in [child, *sk.descendants(child)]:
            xy[sk.LABEL_INDEX[name]] += delta
        estimate = estimate.with_points(xy)
    fitted = ps.fit_starter("walk", estimate)
    est_len = estimate.bone_lengths()
    for pose in fitted.poses:
        for bone, length in pose.bone_lengths().items():
            assert length == pytest.approx(est_len[bone])
    assert fitted[0].point("NECK") == pytest.approx(estimate.point("NECK"), abs=0.05)


def test_fit_starter_mirrors_for_left_facing_estimate():
    estimate = sk.mirror(ps.BASE_POSE)
    fitted = ps.fit_starter("idle", estimate)
    assert ps.faces_left(fitted[0])


def test_pose_survives_project_save_and_load(tmp_path):
    from studio.core.document.document import Document
    from studio.core.fileio.project import load_project, save_project

    doc = Document.new(8, 8)
    pose = sk.rotate_limb(ps.BASE_POSE, "LEFT KNEE", 0.3)
    doc.frames[0].pose = pose
    save_project(doc, tmp_path / "p.pxstudio")
    loaded = load_project(tmp_path / "p.pxstudio").frames[0].pose
    assert isinstance(loaded, sk.Pose) and loaded == pose
