"""Whole-image edits (canvas size with anchor, scale, flip, rotate, crop, trim), layer
duplicate / merge down and reference layers: one undo step each, exact pixels."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.document.image_edits import anchor_offset
from studio.core.exporters.aseprite_json import export_aseprite_sheet
from studio.core.fileio.project import load_project_bytes, project_bytes

RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)


def _doc() -> Document:
    a = np.zeros((4, 6, 4), np.uint8)
    a[1, 2] = RED
    b = np.zeros((4, 6, 4), np.uint8)
    b[2, 4] = BLUE
    doc = Document.from_frames([(a, 100), (b, 100)])
    doc.set_mask(0, np.zeros((4, 6), np.uint8))
    doc.history.clear()
    return doc


def _px(doc: Document, frame: int = 0) -> np.ndarray:
    return doc.frames[frame].layers[0].pixels


@pytest.mark.parametrize(("anchor", "offset"), [
    ("nw", (0, 0)), ("c", (2, 1)), ("se", (4, 3)), ("n", (2, 0)), ("w", (0, 1)),
])
def test_anchor_offsets(anchor: str, offset: tuple[int, int]) -> None:
    assert anchor_offset((6, 4), (10, 7), anchor) == offset


def test_canvas_size_keeps_pixels_at_the_anchor_and_undoes() -> None:
    doc = _doc()
    doc.resize_canvas(10, 8, *anchor_offset((6, 4), (10, 8), "c"))
    assert doc.size == (10, 8) and tuple(_px(doc)[3, 4]) == RED
    assert doc.frames[0].mask.shape == (8, 10) and tuple(_px(doc, 1)[4, 6]) == BLUE
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert doc.size == (6, 4) and tuple(_px(doc)[1, 2]) == RED


def test_scale_flip_rotate() -> None:
    doc = _doc()
    doc.scale_image(12, 8)
    assert doc.size == (12, 8) and _px(doc)[2:4, 4:6, 3].all() and _px(doc)[..., 3].sum() == 4 * 255
    doc.history.undo()
    doc.flip_image(horizontal=True)
    assert tuple(_px(doc)[1, 3]) == RED
    doc.flip_image(horizontal=False)
    assert tuple(_px(doc)[2, 3]) == RED
    doc.history.undo()
    doc.history.undo()
    doc.rotate_image(1)
    assert doc.size == (4, 6) and tuple(_px(doc)[2, 2]) == RED
    assert doc.frames[0].mask.shape == (6, 4)
    doc.rotate_image(3)
    assert doc.size == (6, 4) and tuple(_px(doc)[1, 2]) == RED


def test_crop_and_trim() -> None:
    doc = _doc()
    assert doc.content_bounds() == Rect(2, 1, 3, 2)
    assert doc.trim_image() == Rect(2, 1, 3, 2)
    assert doc.size == (3, 2) and tuple(_px(doc)[0, 0]) == RED and tuple(_px(doc, 1)[1, 2]) == BLUE
    assert doc.trim_image() is None and doc.history.undo_count == 1
    with pytest.raises(ValueError, match="outside"):
        doc.crop_image(Rect(10, 10, 2, 2))
    blank = Document.new(4, 4)
    assert blank.trim_image() is None


def test_duplicate_and_merge_down_with_opacity() -> None:
    doc = _doc()
    copy = doc.duplicate_layer(0, 0)
    assert copy == 1 and doc.frames[0].layers[1].name == "Layer 1 copy"
    doc.set_layer_props(0, 1, opacity=0.5)
    layer = doc.frames[0].layers[1].pixels.copy()
    layer[0, 0] = BLUE
    doc.set_pixels(0, 1, doc.bounds, layer)
    steps = doc.history.undo_count
    doc.merge_down(0, 1)
    assert len(doc.frames[0].layers) == 1 and doc.history.undo_count == steps + 1
    assert _px(doc)[0, 0, 3] == 128 and tuple(_px(doc)[1, 2]) == RED


def test_reference_layer_is_shown_but_never_composited_for_export(tmp_path) -> None:
    doc = _doc()
    ref = np.zeros((8, 8, 4), np.uint8)
    ref[:] = (0, 255, 0, 255)
    doc.add_reference_layer(ref, over=False, opacity=0.4)
    assert doc.history.undo_count == 1
    assert all(f.layers[0].kind == "reference" for f in doc.frames)
    assert doc.composite(0)[0, 0, 3] == 0  # not in exports or requests
    assert doc.composite(0, with_reference=True)[0, 0, 1] > 0  # but on the canvas
    data = export_aseprite_sheet([doc.composite(i) for i in range(2)], [100, 100],
                                 tmp_path / "s.png")
    assert data["meta"]["size"] == {"w": 12, "h": 4}
    sheet = np.asarray(__import__("PIL.Image", fromlist=["Image"]).open(tmp_path / "s.png"))
    assert sheet[0, 0, 3] == 0
    again = load_project_bytes(project_bytes(doc))
    assert again.frames[1].layers[0].kind == "reference"
    assert abs(again.frames[1].layers[0].opacity - 0.4) < 1e-6
    assert doc.content_bounds() == Rect(2, 1, 3, 2)  # trim ignores the reference
    doc.add_frame()
    assert doc.frames[2].layers[0].kind == "reference"
    doc.history.undo()
    doc.history.undo()
    assert all(len(f.layers) == 1 for f in doc.frames)


def test_lock_is_one_step_and_saved() -> None:
    doc = _doc()
    doc.set_layer_props(0, 0, locked=True)
    assert doc.frames[0].layers[0].locked and doc.history.undo_count == 1
    again = load_project_bytes(project_bytes(doc))
    assert again.frames[0].layers[0].locked and not again.frames[1].layers[0].locked
    doc.history.undo()
    assert not doc.frames[0].layers[0].locked


def _posed() -> tuple[Document, object]:
    """A 40x20 sprite whose frame 0 has a pose with the LEFT ARM (the hand) on the red pixel
    (10, 4), its NOSE missing (NaN), and frame 1 the same pose in its JSON form."""
    from studio.core.skeleton.pose import LABEL_INDEX
    from studio.core.skeleton.sequence import BASE_POSE

    pixels = np.zeros((20, 40, 4), np.uint8)
    pixels[4, 10] = RED
    doc = Document.from_frames([(pixels, 100), (pixels.copy(), 100)])
    xy = np.array(BASE_POSE.xy)
    xy[LABEL_INDEX["LEFT ARM"]] = ((10 + 0.5) / 40, (4 + 0.5) / 20)
    whole = BASE_POSE.with_points(xy.copy())
    xy[LABEL_INDEX["NOSE"]] = np.nan
    pose = BASE_POSE.with_points(xy)
    doc.set_pose(0, pose)
    doc.frames[1].pose = whole.to_dict()  # as a project file stores it
    doc.history.clear()
    return doc, pose


def _hand_pixel(doc: Document, frame: int = 0) -> tuple[int, int]:
    from studio.core.skeleton.requests import pose_of

    x, y = pose_of(doc.frames[frame].pose).point("LEFT ARM")
    return int(x * doc.width), int(y * doc.height)


def _on_red(doc: Document, at: tuple[int, int]) -> bool:
    x, y = at
    return bool(doc.frames[0].layers[0].pixels[y, x, 0] == 255)


@pytest.mark.parametrize("edit", [
    lambda d: d.flip_image(True), lambda d: d.flip_image(False),
    lambda d: d.rotate_image(1), lambda d: d.rotate_image(2), lambda d: d.rotate_image(3),
    lambda d: d.resize_canvas(50, 30, 7, 3), lambda d: d.crop_image(Rect(5, 2, 20, 10)),
    lambda d: d.scale_image(80, 40),
], ids=["flip-h", "flip-v", "cw", "half", "ccw", "canvas", "crop", "scale"])
def test_poses_move_with_the_pixels_in_the_same_undo_step(edit) -> None:
    from studio.core.skeleton.requests import pose_of

    doc, pose = _posed()
    edit(doc)
    assert _on_red(doc, _hand_pixel(doc))  # the joint is still on its pixel
    assert _on_red(doc, _hand_pixel(doc, 1))  # the JSON form moves the same way
    assert np.isnan(pose_of(doc.frames[0].pose).point("NOSE")[0])  # missing stays missing
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert doc.frames[0].pose is pose and _hand_pixel(doc, 1) == (10, 4)


def test_a_flip_keeps_left_and_right_labels_on_the_character() -> None:
    """Mirroring the picture moves the left arm to the other side; it is still the left arm
    (the labels name the character's limbs, as the service does)."""
    from studio.core.skeleton.requests import pose_of

    doc, pose = _posed()
    before = pose.point("LEFT ARM")
    doc.flip_image(True)
    after = pose_of(doc.frames[0].pose).point("LEFT ARM")
    assert after == pytest.approx((1 - before[0], before[1]))
