"""Document model: frames, layers, masks, poses, accept/reject, composite, events."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document, Frame, Layer
from studio.core.document.geometry import Rect


def solid(doc: Document, value: tuple[int, int, int, int]) -> np.ndarray:
    return np.broadcast_to(np.array(value, np.uint8), (doc.height, doc.width, 4)).copy()


def test_new_and_from_image_validate_sizes() -> None:
    doc = Document.new(5, 3, name="a")
    assert doc.frames[0].layers[0].pixels.shape == (3, 5, 4)
    with pytest.raises(ValueError, match="outside"):
        Document.new(0, 3)
    img = np.zeros((4, 7, 4), np.uint8)
    assert Document.from_image(img).size == (7, 4)
    with pytest.raises(ValueError, match="expected"):
        Document.from_image(np.zeros((4, 7, 3), np.uint8))


def test_set_pixels_clips_and_emits_dirty_rect() -> None:
    doc = Document.new(4, 4)
    got: list[tuple[int, Rect]] = []
    doc.changed.connect(lambda f, r: got.append((f, r)))
    changed = doc.set_pixels(0, 0, Rect(2, 2, 4, 4), np.full((4, 4, 4), 9, np.uint8))
    assert changed == Rect(2, 2, 2, 2) and got == [(0, Rect(2, 2, 2, 2))]
    assert doc.frames[0].layers[0].pixels[2:, 2:].min() == 9
    assert doc.frames[0].layers[0].pixels[:2].max() == 0
    with pytest.raises(ValueError, match="do not fit"):
        doc.set_pixels(0, 0, Rect(0, 0, 2, 2), np.zeros((3, 3, 4), np.uint8))
    with pytest.raises(IndexError):
        doc.set_pixels(3, 0, Rect(0, 0, 1, 1), np.zeros((1, 1, 4), np.uint8))


def test_frame_add_duplicate_delete_move_all_undoable() -> None:
    doc = Document.new(2, 2)
    doc.set_pixels(0, 0, doc.bounds, solid(doc, (1, 1, 1, 1)))
    structure: list[int] = []
    doc.structure_changed.connect(lambda: structure.append(1))
    doc.add_frame()
    doc.duplicate_frame(0)
    assert len(doc.frames) == 3
    assert (doc.frames[1].layers[0].pixels == 1).all()  # the duplicate sits right after frame 0
    assert not doc.frames[2].layers[0].pixels.any()  # the new blank frame
    doc.frames[1].layers[0].pixels[0, 0] = 77  # the duplicate is a deep copy
    assert doc.frames[0].layers[0].pixels[0, 0, 0] == 1
    order = [f for f in doc.frames]
    doc.move_frame(0, 2)
    assert doc.frames == [order[1], order[2], order[0]]
    doc.delete_frame(1)
    assert doc.frames == [order[1], order[0]]
    for _ in range(4):
        doc.history.undo()
    assert doc.frames == [order[0]] and len(structure) >= 8
    for _ in range(4):
        doc.history.redo()
    assert doc.frames == [order[1], order[0]]


def test_cannot_delete_last_frame_or_layer() -> None:
    doc = Document.new(2, 2)
    with pytest.raises(ValueError, match="only frame"):
        doc.delete_frame(0)
    with pytest.raises(ValueError, match="only layer"):
        doc.remove_layer(0, 0)
    assert doc.history.undo_count == 0


def test_duration_validated_and_undoable() -> None:
    doc = Document.new(2, 2)
    doc.set_duration(0, 250)
    assert doc.frames[0].duration_ms == 250
    with pytest.raises(ValueError, match="65535"):
        doc.set_duration(0, 0)
    doc.history.undo()
    assert doc.frames[0].duration_ms == 100


def test_current_frame_is_clamped_after_delete() -> None:
    doc = Document.new(2, 2)
    doc.add_frame()
    doc.current_frame = 1
    doc.delete_frame(1)
    assert doc.current_frame == 0


def test_composite_respects_visibility_and_opacity() -> None:
    doc = Document.new(2, 1)
    doc.set_pixels(0, 0, doc.bounds, solid(doc, (0, 0, 255, 255)))
    top = doc.add_layer(0, name="red")
    doc.set_pixels(0, top, Rect(0, 0, 1, 1), np.array([[[255, 0, 0, 255]]], np.uint8))
    out = doc.composite(0)
    assert tuple(out[0, 0]) == (255, 0, 0, 255) and tuple(out[0, 1]) == (0, 0, 255, 255)
    doc.set_layer_props(0, top, opacity=0.5)
    half = doc.composite(0)[0, 0]
    assert abs(int(half[0]) - 128) <= 1 and abs(int(half[2]) - 127) <= 1 and half[3] == 255
    doc.set_layer_props(0, top, visible=False)
    assert tuple(doc.composite(0)[0, 0]) == (0, 0, 255, 255)
    doc.history.undo()
    doc.history.undo()
    assert tuple(doc.composite(0, Rect(0, 0, 1, 1))[0, 0]) == (255, 0, 0, 255)
    with pytest.raises(ValueError, match="opacity"):
        doc.set_layer_props(0, top, opacity=2)


def test_semi_transparent_over_transparent_keeps_colour() -> None:
    doc = Document.new(1, 1)
    doc.set_pixels(0, 0, doc.bounds, np.array([[[10, 20, 30, 100]]], np.uint8))
    doc.add_layer(0)
    assert tuple(doc.composite(0)[0, 0]) == (10, 20, 30, 100)


def test_accept_ai_layer_merges_masked_pixels_as_one_step() -> None:
    doc = Document.new(3, 1)
    doc.set_pixels(0, 0, doc.bounds, solid(doc, (0, 0, 255, 255)))
    ai = doc.add_layer(0, Layer("AI", solid(doc, (255, 0, 0, 255)), kind="ai"))
    before_steps = doc.history.undo_count
    mask = np.array([[0, 255, 0]], np.uint8)
    doc.accept_layer(0, ai, mask=mask)
    assert doc.history.undo_count == before_steps + 1
    assert len(doc.frames[0].layers) == 1
    px = doc.frames[0].layers[0].pixels
    assert [tuple(p) for p in px[0]] == [(0, 0, 255, 255), (255, 0, 0, 255), (0, 0, 255, 255)]
    doc.history.undo()
    assert len(doc.frames[0].layers) == 2 and doc.frames[0].layers[1].kind == "ai"
    assert (doc.frames[0].layers[0].pixels[..., 2] == 255).all()
    doc.history.redo()
    assert len(doc.frames[0].layers) == 1


def test_accept_without_mask_merges_all_and_reject_removes() -> None:
    doc = Document.new(2, 1)
    ai = doc.add_layer(0, Layer("AI", solid(doc, (9, 9, 9, 255)), kind="ai"))
    doc.accept_layer(0, ai)
    assert (doc.frames[0].layers[0].pixels == (9, 9, 9, 255)).all()
    ai = doc.add_layer(0, Layer("AI 2", solid(doc, (5, 5, 5, 255)), kind="ai"))
    doc.reject_layer(0, ai)
    assert len(doc.frames[0].layers) == 1
    assert (doc.frames[0].layers[0].pixels[..., 0] == 9).all()
    doc.history.undo()
    assert doc.frames[0].layers[1].name == "AI 2"
    with pytest.raises(ValueError, match="below"):
        doc.accept_layer(0, 0)


def test_layer_move_and_bad_layer_rejected() -> None:
    doc = Document.new(2, 2)
    doc.add_layer(0, name="B")
    names = lambda: [ly.name for ly in doc.frames[0].layers]  # noqa: E731
    doc.move_layer(0, 1, 0)
    assert names() == ["B", "Layer 1"]
    doc.history.undo()
    assert names() == ["Layer 1", "B"]
    with pytest.raises(ValueError, match="expected"):
        doc.add_layer(0, Layer("bad", np.zeros((3, 3, 4), np.uint8)))
    with pytest.raises(ValueError, match="kind"):
        doc.add_layer(0, kind="weird")


def test_mask_pixels_create_mask_and_undo_removes_it() -> None:
    doc = Document.new(4, 4)
    got: list[Rect] = []
    doc.mask_changed.connect(lambda f, r: got.append(r))
    doc.set_mask_pixels(0, Rect(1, 1, 2, 2), np.full((2, 2), 255, np.uint8))
    assert doc.frames[0].mask is not None and doc.frames[0].mask.sum() == 4 * 255
    assert Rect(1, 1, 2, 2) in got
    assert doc.history.undo_count == 1  # creating the mask and painting it is one step
    doc.history.undo()
    assert doc.frames[0].mask is None
    with pytest.raises(ValueError, match="mask shape"):
        doc.set_mask(0, np.zeros((2, 2), np.uint8))


def test_pose_palette_and_extras_are_undoable() -> None:
    doc = Document.new(2, 2)
    fired: list[int] = []
    doc.pose_changed.connect(fired.append)
    pose = [{"label": "NOSE", "x": 0.5, "y": 0.25, "z_index": 0}]
    doc.set_pose(0, pose)
    doc.set_palette([(1, 2, 3, 255)])
    doc.set_extra("tilemap", {"cells": [[1, 2]]})
    assert doc.frames[0].pose == pose and fired == [0]
    assert doc.extras == {"tilemap": {"cells": [[1, 2]]}}
    doc.history.undo()
    doc.history.undo()
    doc.history.undo()
    assert doc.frames[0].pose is None and doc.palette == [] and doc.extras == {}
    with pytest.raises(ValueError, match="palette"):
        doc.set_palette([(1, 2, 3)])


def test_frame_constructor_rejects_mismatched_layers() -> None:
    with pytest.raises(ValueError, match="expected"):
        Document(2, 2, [Frame([Layer("x", np.zeros((3, 2, 4), np.uint8))])])
    with pytest.raises(ValueError, match="at least one frame"):
        Document(2, 2, [])


def test_resize_canvas_moves_content_and_undoes() -> None:
    doc = Document.new(3, 2)
    doc.set_pixels(0, 0, Rect(0, 0, 1, 1), np.array([[[9, 9, 9, 255]]], np.uint8))
    doc.set_mask_pixels(0, Rect(2, 1, 1, 1), np.array([[255]], np.uint8))
    doc.add_frame()
    structure: list[int] = []
    doc.structure_changed.connect(lambda: structure.append(1))
    doc.resize_canvas(5, 4, 1, 2)
    assert doc.size == (5, 4) and structure
    assert all(ly.pixels.shape == (4, 5, 4) for f in doc.frames for ly in f.layers)
    assert tuple(doc.frames[0].layers[0].pixels[2, 1]) == (9, 9, 9, 255)
    assert doc.frames[0].mask.shape == (4, 5) and doc.frames[0].mask[3, 3] == 255
    doc.resize_canvas(2, 2, -1, -2)  # crop back to the original corner
    assert tuple(doc.frames[0].layers[0].pixels[0, 0]) == (9, 9, 9, 255)
    doc.history.undo()
    doc.history.undo()
    assert doc.size == (3, 2) and doc.frames[0].mask[1, 2] == 255
    with pytest.raises(ValueError, match="outside"):
        doc.resize_canvas(0, 5)


def test_add_result_layer_is_an_ai_layer_on_top() -> None:
    doc = Document.new(2, 2)
    index = doc.add_result_layer(0, np.full((2, 2, 4), 40, np.uint8), "variant 1")
    layer = doc.frames[0].layers[index]
    assert index == 1 and layer.kind == "ai" and layer.name == "variant 1"
    with pytest.raises(ValueError, match="expected"):
        doc.add_result_layer(0, np.zeros((3, 3, 4), np.uint8))
    doc.history.undo()
    assert len(doc.frames[0].layers) == 1
