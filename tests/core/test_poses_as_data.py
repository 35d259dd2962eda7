"""Poses as data: pose files round-trip exactly, the service's keypoints import, retargeting
keeps the target's bone lengths, the pose library lists and stores, rig data comes out in
pixels, and applying poses is one undo step."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.document.document import Document
from studio.core.exporters.rig import export_rig
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.pose_files import (
    PoseFile,
    parse_pose_data,
    read_pose_file,
    write_pose_file,
)
from studio.core.fileio.pose_library import PoseLibrary
from studio.core.skeleton.apply import apply_poses
from studio.core.skeleton.pose import BONES, LABEL_INDEX, SKELETON_LABELS, Pose
from studio.core.skeleton.retarget import bone_lengths_px, retarget_sequence
from studio.core.skeleton.sequence import BASE_POSE, fit_starter, starter_sequence

coords = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, width=64)


@st.composite
def poses(draw):
    xy = np.array(draw(st.lists(coords, min_size=36, max_size=36))).reshape(18, 2)
    z = np.array(draw(st.lists(st.integers(-50, 50), min_size=18, max_size=18)), float)
    return Pose(xy, z)


@settings(max_examples=40, deadline=None)
@given(st.lists(poses(), min_size=1, max_size=5), st.integers(1, 2000))
def test_pose_file_round_trip_keeps_every_joint_exactly(tmp_path_factory, frames, duration):
    path = tmp_path_factory.mktemp("poses") / "walk.pose.json"
    written = PoseFile("walk", tuple(frames), tuple(duration for _ in frames), (48, 32))
    write_pose_file(path, written)
    read = read_pose_file(path)
    assert read.name == "walk" and read.sprite_size == (48, 32)
    assert read.durations_ms == written.durations_ms
    assert all(a == b for a, b in zip(read.poses, written.poses, strict=True))
    assert read.kind == ("pose" if len(frames) == 1 else "sequence")


def test_service_keypoints_in_pixels_or_normalised_import():
    pose = fit_starter("walk", BASE_POSE).poses[0]
    pixels = pose.to_api(1, 1)
    for p in pixels:
        p["x"], p["y"] = p["x"] * 64, p["y"] * 48
    imported = parse_pose_data({"skeleton_keypoints": [pixels]}, (64, 48))
    assert np.allclose(imported.poses[0].xy, np.clip(pose.xy, 0, 1))
    normalised = parse_pose_data(pose.to_api(64, 48), None)
    assert np.allclose(normalised.poses[0].xy, np.clip(pose.xy, 0, 1))
    with pytest.raises(ValueError, match="pixels"):
        parse_pose_data([pixels], None)  # pixels with no sprite to scale them to


@pytest.mark.parametrize(("content", "reason"), [
    ("{", "not a JSON file"),
    ('{"format": "pixel-studio-pose", "version": 99}', "newer"),
    ('{"format": "pixel-studio-pose", "version": 1, "sprite_size": {"width": 8, "height": 8},'
     ' "frames": []}', "no frames"),
    ('[{"label": "NOSE", "x": 0.1, "y": 0.2}]', "missing"),
    ('{"format": "pixel-studio-pose", "version": 1, "sprite_size": {"width": 0, "height": 8},'
     ' "frames": [{}]}', "positive"),
])
def test_bad_pose_files_say_what_is_wrong(tmp_path, content, reason):
    path = tmp_path / "bad.pose.json"
    path.write_text(content)
    with pytest.raises(FileFormatError, match=reason):
        read_pose_file(path)


def _proportions(pose: Pose, legs: float, arms: float) -> Pose:
    """``pose`` with longer legs and arms (a sprite of other proportions)."""
    xy = pose.xy.copy()
    for parent, child in BONES:
        factor = legs if "HIP" in parent or "KNEE" in parent else \
            arms if "SHOULDER" in parent or "ELBOW" in parent else 1.0
        if factor != 1.0:
            p, c = LABEL_INDEX[parent], LABEL_INDEX[child]
            tail = [LABEL_INDEX[child]]
            xy[tail] += (xy[c] - xy[p]) * (factor - 1.0)
    return Pose(xy, pose.z)


def test_retargeted_sequence_keeps_target_bone_lengths_within_a_pixel():
    source = fit_starter("walk", BASE_POSE).poses * 2  # 16 frames
    target_ref = _proportions(BASE_POSE, legs=1.4, arms=0.7)
    out = retarget_sequence(source, source[0], (64, 64), target_ref, (96, 80))
    want = bone_lengths_px(target_ref, (96, 80))
    assert len(out) == 16
    for pose in out:
        assert np.abs(bone_lengths_px(pose, (96, 80)) - want).max() < 1.0
    # directions of the source bones are kept (in pixels of each sprite)
    src = source[3].joint_pixels(64, 64)
    dst = out[3].joint_pixels(96, 80)
    knee, hip = LABEL_INDEX["RIGHT KNEE"], LABEL_INDEX["RIGHT HIP"]
    a, b = src[knee] - src[hip], dst[knee] - dst[hip]
    assert np.allclose(a / np.linalg.norm(a), b / np.linalg.norm(b))


def test_pose_library_lists_starters_and_saved_poses(tmp_path):
    library = PoseLibrary(tmp_path / "poses")
    names = [e.name for e in library.entries()]
    assert {"walk", "idle", "jump"} <= set(names)
    saved = library.save(PoseFile("My wave!", (BASE_POSE,), (120,), (32, 32)))
    assert saved.name == "My wave" and not saved.builtin
    assert library.load(saved).poses[0] == BASE_POSE
    with pytest.raises(FileExistsError):
        library.save(PoseFile("My wave", (BASE_POSE,), (120,), (32, 32)))
    with pytest.raises(FileFormatError, match="built-in"):
        library.save(PoseFile("walk", (BASE_POSE,), (120,), (32, 32)))
    walk = next(e for e in library.entries() if e.name == "walk")
    assert len(library.load(walk).poses) == len(starter_sequence("walk"))
    library.delete(saved)
    assert "My wave" not in [e.name for e in library.entries()]


def test_applying_a_sequence_is_one_undo_step_and_says_what_it_replaced():
    doc = Document.new(40, 60)
    estimate = _proportions(BASE_POSE, legs=1.2, arms=1.0)
    doc.set_pose(0, estimate)
    walk = list(fit_starter("walk", BASE_POSE).poses)
    text = apply_poses(doc, walk, (64, 64), estimate, 0, whole_timeline=True,
                       durations_ms=[80] * len(walk), label="walk")
    assert len(doc.frames) == len(walk) and "replaced the poses of frame 1" in text
    assert all(doc.frames[i].duration_ms == 80 for i in range(len(walk)))
    doc.history.undo()
    assert len(doc.frames) == 1 and doc.frames[0].pose == estimate


def test_rig_sidecar_has_every_frames_joints_in_pixels(tmp_path):
    doc = Document.new(40, 30)
    doc.add_frame(1)
    pose = fit_starter("walk", BASE_POSE).poses[1]
    doc.set_pose(0, pose)
    path = export_rig(doc, tmp_path / "hero.rig.json", image_name="hero.png")
    data = json.loads(path.read_text())
    assert data["format"] == "pixel-studio-rig" and data["labels"] == list(SKELETON_LABELS)
    first, second = data["frames"]
    hand = first["joints"]["RIGHT ARM"]
    x, y = pose.point("RIGHT ARM")
    assert (hand["x"], hand["y"]) == (round(x * 40, 3), round(y * 30, 3))
    assert second["joints"] is None and second["duration"] == doc.frames[1].duration_ms
