"""Skeleton request building, size plans, pose timeline edits and the animation export."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from studio.api.keypoints import SKELETON_LABELS
from studio.core.document.document import Document
from studio.core.document.tags import FrameTag
from studio.core.exporters.document_export import ExportSettings, export_document, export_note
from studio.core.exporters.sheet import ExportError
from studio.core.skeleton.edits import (
    apply_starter,
    copy_pose,
    frame_poses,
    insert_interpolated,
    mirror_pose,
)
from studio.core.skeleton.pose import LABEL_INDEX, PoseError, interpolate, mirror
from studio.core.skeleton.requests import (
    AnimateOptions,
    SkeletonFlowError,
    build_animate_request,
    estimate_request,
    plan_size,
    pose_from_estimate,
    pose_of,
)
from studio.core.skeleton.sequence import BASE_POSE, starter_sequence


def figure(w: int = 32, h: int = 32) -> np.ndarray:
    px = np.zeros((h, w, 4), np.uint8)
    px[h // 4:h - 2, w // 3:w - w // 3] = (200, 80, 40, 255)
    return px


def b64_png(entry: dict) -> Image.Image:
    import base64

    return Image.open(io.BytesIO(base64.b64decode(entry["base64"])))


# -- size plans ---------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(16, 16), (64, 64), (128, 128), (256, 256)])
def test_standard_squares_are_sent_unchanged(size) -> None:
    plan = plan_size(*size)
    assert plan.is_identity and plan.message() == ""
    assert (plan.out_w, plan.out_h) == size


def test_sizes_inside_the_schema_limits_are_kept_when_not_squaring() -> None:
    assert plan_size(100, 40, square=False).is_identity
    assert (plan_size(100, 40).out_w, plan_size(100, 40).out_h) == (128, 128)
    assert (plan_size(8, 300, square=False).out_w, plan_size(8, 300, square=False).out_h) == (
        16, 150)


@pytest.mark.parametrize("square", [True, False])
@pytest.mark.parametrize("size", [(8, 8), (48, 64), (300, 300), (600, 20), (10, 512)])
def test_other_sizes_are_scaled_or_padded_into_16_to_256(size, square) -> None:
    plan = plan_size(*size, square=square)
    assert 16 <= plan.out_w <= 256 and 16 <= plan.out_h <= 256
    if square:
        assert plan.out_w == plan.out_h and plan.out_w in (16, 32, 64, 128, 256)
    assert ("16..256" in plan.message()) != plan.is_identity  # said whenever it changes
    assert plan.inner_w <= plan.out_w and plan.inner_h <= plan.out_h
    rgba = np.random.default_rng(1).integers(0, 256, (size[1], size[0], 4), dtype=np.uint8)
    sent = plan.to_request_image(rgba)
    assert sent.shape == (plan.out_h, plan.out_w, 4)
    back = plan.from_result(sent)
    assert back.shape == rgba.shape
    if plan.scale == 1:
        assert np.array_equal(back, rgba)  # padding only: lossless
    else:  # every scale-th pixel survives exactly
        assert np.array_equal(back[::plan.scale, ::plan.scale], rgba[::plan.scale, ::plan.scale])


@pytest.mark.parametrize("size", [(8, 8), (300, 300), (48, 64), (100, 30)])
def test_poses_map_to_the_sent_image_and_back(size) -> None:
    plan = plan_size(*size)
    there = plan.pose_to_request(BASE_POSE)
    assert np.allclose(plan.pose_from_request(there).xy, BASE_POSE.xy)
    nose_px = np.array(BASE_POSE.point("NOSE")) * size / plan.scale + (plan.pad_x, plan.pad_y)
    assert np.allclose(np.array(there.point("NOSE")) * (plan.out_w, plan.out_h), nose_px)


# -- estimate ----------------------------------------------------------------------------------
def test_estimate_request_and_pixel_keypoints_back_to_document_coordinates() -> None:
    rgba = figure(8, 8)  # padded to 16x16: offset 4 px
    request, plan = estimate_request(rgba)
    assert request.image.to_pil().size == (16, 16)
    points = [{"label": label, "x": 4 + 2.0, "y": 4 + 6.0, "z_index": 0.4}
              for label in SKELETON_LABELS]  # pixel coordinates of the sent image
    pose = pose_from_estimate(points, plan)
    assert np.allclose(pose.xy, [2 / 8, 6 / 8])
    with pytest.raises(SkeletonFlowError, match="not a full skeleton"):
        pose_from_estimate(points[:-1], plan)
    with pytest.raises(SkeletonFlowError, match="empty"):
        estimate_request(np.zeros((16, 16, 4), np.uint8))


# -- animate -----------------------------------------------------------------------------------
def test_animate_request_body_normalised_integer_z_and_nulls() -> None:
    ref = figure()
    poses = [BASE_POSE.with_points(z=BASE_POSE.z + 0.4), BASE_POSE, mirror(BASE_POSE)]
    options = AnimateOptions(guidance_scale=6.5, view="side", direction="east", isometric=True,
                             oblique_projection=True, init_image_strength=150, seed=42)
    init = figure()
    init[..., 0] = 7
    request, _ = build_animate_request(ref, poses, options, frozen={0: ref},
                                       init_images={2: init},
                                       color_image=np.full((1, 3, 4), 200, np.uint8))
    body = request.to_api_json()
    assert body["image_size"] == {"width": 32, "height": 32}
    assert (body["guidance_scale"], body["view"], body["direction"], body["seed"]) == (
        6.5, "side", "east", 42)
    assert body["isometric"] is True and body["oblique_projection"] is True
    assert body["init_image_strength"] == 150
    frames = body["skeleton_keypoints"]
    assert len(frames) == 3 and all(len(f) == 18 for f in frames)
    for frame in frames:
        for point in frame:
            assert 0.0 <= point["x"] <= 1.0 and 0.0 <= point["y"] <= 1.0
            assert type(point["z_index"]) is int
    assert frames[0][LABEL_INDEX["NOSE"]]["x"] == pytest.approx(BASE_POSE.point("NOSE")[0])
    # per-frame lists: one entry per frame, JSON null where a frame has no image
    assert body["inpainting_images"][1:] == [None, None]
    assert body["mask_images"][1:] == [None, None]
    assert body["init_images"][:2] == [None, None]
    assert np.array_equal(np.asarray(b64_png(body["inpainting_images"][0]).convert("RGBA")), ref)
    freeze = np.asarray(b64_png(body["mask_images"][0]).convert("L"))
    assert freeze.shape == (32, 32) and freeze.max() == 0  # keep every pixel
    assert np.asarray(b64_png(body["init_images"][2]).convert("RGBA"))[..., 0].max() == 7
    assert b64_png(body["color_image"]).size == (3, 1)
    json.dumps(body)  # the wire form is plain JSON


def test_no_per_frame_images_means_the_fields_are_omitted() -> None:
    request, _ = build_animate_request(figure(), [BASE_POSE, BASE_POSE])
    body = request.to_api_json()
    for name in ("init_images", "inpainting_images", "mask_images", "color_image", "seed"):
        assert name not in body


def test_inpainting_mask_is_black_and_white_at_the_sent_size() -> None:
    mask = np.zeros((8, 8), np.uint8)
    mask[2:4, 2:4] = 255
    request, plan = build_animate_request(figure(8, 8), [BASE_POSE, BASE_POSE],
                                          inpaint={1: (figure(8, 8), mask)})
    body = request.to_api_json()
    sent = np.asarray(b64_png(body["mask_images"][1]).convert("L"))
    assert sent.shape == (16, 16) and set(np.unique(sent)) == {0, 255}
    assert sent[plan.pad_y + 2, plan.pad_x + 2] == 255 and sent[0, 0] == 0
    assert body["mask_images"][0] is None


def test_bad_animate_input_gets_a_specific_error() -> None:
    with pytest.raises(SkeletonFlowError, match="no pose frames"):
        build_animate_request(figure(), [])
    with pytest.raises(SkeletonFlowError, match="frame\\(s\\) 2 have no pose"):
        build_animate_request(figure(), [BASE_POSE, None])
    with pytest.raises(SkeletonFlowError, match="frame 5"):
        build_animate_request(figure(), [BASE_POSE], frozen={4: figure()})
    with pytest.raises(SkeletonFlowError, match="guidance_scale"):
        build_animate_request(figure(), [BASE_POSE], AnimateOptions(guidance_scale=50))


# -- timeline edits on a document ------------------------------------------------------------
@pytest.fixture
def doc() -> Document:
    d = Document.from_frames([(figure(), 100), (figure(), 120), (figure(), 80)])
    d.set_pose(0, BASE_POSE)
    d.history.clear()
    return d


def test_copy_pose_is_one_undo_step(doc) -> None:
    assert copy_pose(doc, 0, [1, 2]) == [1, 2]
    assert frame_poses(doc) == [BASE_POSE] * 3
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert frame_poses(doc)[1:] == [None, None]


def test_mirror_pose_swaps_sides(doc) -> None:
    mirror_pose(doc, 0)
    pose = pose_of(doc.frames[0].pose)
    lx, ly = BASE_POSE.point("LEFT ELBOW")
    assert pose.point("RIGHT ELBOW") == pytest.approx((1 - lx, ly))
    with pytest.raises(PoseError, match="frame 2 has no pose"):
        mirror_pose(doc, 1)


def test_insert_interpolated_adds_the_in_between(doc) -> None:
    walk = starter_sequence("walk")
    doc.set_pose(0, walk[0])
    doc.set_pose(1, walk[2])
    doc.history.clear()
    new = insert_interpolated(doc, 0)
    assert new == 1 and len(doc.frames) == 4 and doc.current_frame == 1
    expected = interpolate(walk[0], walk[2], 0.5, preserve_bone_lengths=True)
    assert pose_of(doc.frames[1].pose) == expected
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert len(doc.frames) == 3
    with pytest.raises(PoseError, match="next frame"):
        insert_interpolated(doc, 2)


def test_starter_fitted_to_the_estimate_adds_frames(doc) -> None:
    small = BASE_POSE.with_points((BASE_POSE.xy - 0.5) * 0.5 + 0.5)
    doc.set_pose(0, small)
    frames = apply_starter(doc, "walk", 0)
    assert list(frames) == list(range(8)) and len(doc.frames) == 8
    poses = frame_poses(doc)
    assert all(p is not None for p in poses)
    # fitted to the estimate's proportions: bones are half the starter's length
    thigh = ("RIGHT HIP", "RIGHT KNEE")
    assert poses[3].bone_lengths()[thigh] == pytest.approx(
        starter_sequence("walk")[3].bone_lengths()[thigh] * 0.5)
    doc.history.undo()
    assert len(doc.frames) == 3
    with pytest.raises(PoseError, match="unknown starter"):
        apply_starter(doc, "moonwalk", 0)


# -- animation export (File → Export…, which the skeleton panel's Export button opens) ----------
def test_sheet_json_has_phaser_frame_names_durations_and_tags(doc, tmp_path) -> None:
    doc.set_tags([FrameTag("walk", 0, 2)])
    written = export_document(doc, ExportSettings("sheet", str(tmp_path / "hero.png"), scale=2,
                                                  rig=False))
    assert [p.name for p in written] == ["hero.png", "hero.json"]
    data = json.loads((tmp_path / "hero.json").read_text())
    assert list(data["frames"]) == ["0", "1", "2"]
    assert [f["duration"] for f in data["frames"].values()] == [100, 120, 80]
    assert data["meta"]["frameTags"] == [
        {"name": "walk", "from": 0, "to": 2, "direction": "forward"}]
    sheet = np.asarray(Image.open(tmp_path / "hero.png").convert("RGBA"))
    assert data["meta"]["size"] == {"w": sheet.shape[1], "h": sheet.shape[0]}
    for i, entry in enumerate(data["frames"].values()):
        r = entry["frame"]
        assert (r["w"], r["h"]) == (64, 64)
        crop = sheet[r["y"]:r["y"] + r["h"], r["x"]:r["x"] + r["w"]]
        assert np.array_equal(crop[::2, ::2], doc.composite(i))


def test_a_posed_sheet_carries_its_rig_unless_asked_not_to(doc, tmp_path) -> None:
    doc.set_pose(2, mirror(BASE_POSE))  # frame 1 has no pose: its joints are null
    sheet = tmp_path / "hero.png"
    written = export_document(doc, ExportSettings("sheet", str(sheet), scale=2))
    assert [p.name for p in written] == ["hero.png", "hero.json", "hero.rig.json"]
    rig = json.loads((tmp_path / "hero.rig.json").read_text())
    assert rig["image"] == "hero.png" and rig["frame_size"] == {"w": 64, "h": 64}
    assert [f["joints"] is not None for f in rig["frames"]] == \
        [f.pose is not None for f in doc.frames]
    (tmp_path / "hero.rig.json").unlink()
    export_document(doc, ExportSettings("sheet", str(sheet), rig=False))
    assert not (tmp_path / "hero.rig.json").exists()


@pytest.mark.parametrize("kind", ["gif", "apng"])
def test_gif_and_apng_at_integer_scale(doc, tmp_path, kind) -> None:
    path = tmp_path / f"anim.{kind if kind == 'gif' else 'png'}"
    export_document(doc, ExportSettings(kind, str(path), scale=3))
    with Image.open(path) as img:
        assert img.size == (96, 96) and img.n_frames == 3
    with pytest.raises(ExportError, match="scale"):
        export_document(doc, ExportSettings(kind, str(path), scale=0))


def test_gif_export_note_only_when_colours_are_reduced(doc, tmp_path) -> None:
    gif = ExportSettings("gif", str(tmp_path / "a.gif"))
    assert export_note(doc, gif) is None
    rng = np.random.default_rng(3)
    pixels = doc.frames[0].layers[0].pixels
    pixels[:] = rng.integers(0, 256, pixels.shape, dtype=np.uint8) | 0x80
    note = export_note(doc, gif)
    assert note and "colours" in note and "APNG" in note
    assert export_note(doc, ExportSettings("apng", str(tmp_path / "a.png"))) is None


def test_a_pose_that_cannot_be_read_does_not_stop_the_export(doc, tmp_path) -> None:
    """A project may keep keypoints of another shape as they were: the sheet is exported
    and that frame's joints are null in the rig."""
    doc.frames[1].pose = [{"label": "head", "x": 0.5, "y": 0.2}]
    written = export_document(doc, ExportSettings("sheet", str(tmp_path / "hero.png")))
    assert [p.name for p in written] == ["hero.png", "hero.json", "hero.rig.json"]
    rig = json.loads((tmp_path / "hero.rig.json").read_text())
    assert [f["joints"] is None for f in rig["frames"]] == [False, True, True]
