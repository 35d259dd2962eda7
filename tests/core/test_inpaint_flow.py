"""Inpaint inputs: whole frame or a crop around the mask, pure black/white mask at the sent
size, the answer pasted back at the crop, init images fitted, mask edits as undo steps."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.painting import mask_stroke as mask_edit
from studio.core.workflows.inpaint import (
    InpaintInputError,
    fit_sized_input,
    prepare_inpaint,
    result_layer_pixels,
)


def sprite(w: int, h: int, seed: int = 1) -> Document:
    rng = np.random.default_rng(seed)
    return Document.from_image(rng.integers(0, 256, (h, w, 4), dtype=np.uint8))


def paint_mask(doc: Document, rect: Rect) -> None:
    mask_edit.fill_rect(doc, 0, rect)


def test_small_sprite_is_sent_whole():
    doc = sprite(64, 48)
    paint_mask(doc, Rect(10, 12, 5, 6))
    inputs = prepare_inpaint(doc, 0)
    assert inputs.size == (64, 48) and inputs.note == ""
    assert np.array_equal(np.asarray(inputs.image), doc.composite(0))
    mask = np.asarray(inputs.mask_image)
    assert inputs.mask_image.size == (64, 48) and inputs.mask_image.mode == "RGB"
    assert set(np.unique(mask)) == {0, 255}
    assert np.array_equal(mask[..., 0] == 255, doc.frames[0].mask > 0)


def test_large_sprite_sends_a_crop_and_pastes_back():
    doc = sprite(320, 260)
    paint_mask(doc, Rect(250, 200, 30, 20))
    inputs = prepare_inpaint(doc, 0)
    plan = inputs.plan
    assert inputs.size == (200, 200) and plan.is_cropped
    assert "crop" in inputs.note and "320x260" in inputs.note
    # the crop holds the mask and lies inside the image
    assert plan.x <= 250 and plan.x + plan.w >= 280 and plan.x + plan.w <= 320
    assert plan.y <= 200 and plan.y + plan.h >= 220 and plan.y + plan.h <= 260
    crop = doc.composite(0)[plan.y:plan.y + 200, plan.x:plan.x + 200]
    assert np.array_equal(np.asarray(inputs.image), crop)
    mask = np.asarray(inputs.mask_image)[..., 0]
    assert mask.shape == (200, 200) and set(np.unique(mask)) == {0, 255}
    assert int((mask == 255).sum()) == 30 * 20
    answer = np.full((200, 200, 4), 77, np.uint8)
    layer = result_layer_pixels(answer, inputs, 320, 260)
    assert layer.shape == (260, 320, 4)
    assert (layer[plan.y:plan.y + 200, plan.x:plan.x + 200] == 77).all()
    outside = np.ones((260, 320), bool)
    outside[plan.y:plan.y + 200, plan.x:plan.x + 200] = False
    assert not layer[outside].any()


def test_tiny_sprite_is_padded_to_the_minimum():
    doc = sprite(10, 12)
    paint_mask(doc, Rect(2, 2, 3, 3))
    inputs = prepare_inpaint(doc, 0)
    assert inputs.size == (16, 16) and "padded" in inputs.note
    layer = result_layer_pixels(np.full((16, 16, 4), 9, np.uint8), inputs, 10, 12)
    assert layer.shape == (12, 10, 4) and (layer == 9).all()


def test_refusals_are_specific():
    doc = sprite(40, 40)
    with pytest.raises(InpaintInputError, match="mask is empty"):
        prepare_inpaint(doc, 0)
    big = sprite(500, 300)
    paint_mask(big, Rect(0, 0, 260, 10))
    with pytest.raises(InpaintInputError, match="at most 200"):
        prepare_inpaint(big, 0)
    paint_mask(doc, Rect(1, 1, 2, 2))
    inputs = prepare_inpaint(doc, 0)
    with pytest.raises(InpaintInputError, match="answered a 30x30"):
        result_layer_pixels(np.zeros((30, 30, 4), np.uint8), inputs, 40, 40)


def test_init_image_is_fitted_with_the_same_crop():
    doc = sprite(300, 100)
    paint_mask(doc, Rect(280, 10, 5, 5))
    inputs = prepare_inpaint(doc, 0)
    full = np.random.default_rng(4).integers(0, 256, (100, 300, 4), dtype=np.uint8)
    fitted = np.asarray(fit_sized_input(full, inputs, "init image"))
    plan = inputs.plan
    assert np.array_equal(fitted, full[:, plan.x:plan.x + 200])
    sent = np.zeros((100, 200, 4), np.uint8)
    assert np.asarray(fit_sized_input(sent, inputs, "init image")).shape == (100, 200, 4)
    with pytest.raises(InpaintInputError, match="init image is 7x7"):
        fit_sized_input(np.zeros((7, 7, 4), np.uint8), inputs, "init image")


def test_accept_merges_only_masked_pixels_in_one_step():
    doc = sprite(32, 32)
    before = doc.frames[0].layers[0].pixels.copy()
    paint_mask(doc, Rect(4, 4, 6, 6))
    inputs = prepare_inpaint(doc, 0)
    answer = np.full((32, 32, 4), 200, np.uint8)
    answer[..., 3] = 255
    doc.add_result_layer(0, result_layer_pixels(answer, inputs, 32, 32))
    steps = doc.history.undo_count
    doc.accept_layer(0, 1, mask=inputs.mask)
    after = doc.frames[0].layers[0].pixels
    inside = inputs.mask > 0
    assert (after[inside] == (200, 200, 200, 255)).all()
    assert np.array_equal(after[~inside], before[~inside])
    assert len(doc.frames[0].layers) == 1 and doc.history.undo_count == steps + 1
    doc.history.undo()
    assert len(doc.frames[0].layers) == 2


def test_mask_commands_are_single_steps():
    doc = sprite(20, 20)
    mask_edit.fill_rect(doc, 0, Rect(5, 5, 2, 2))
    mask_edit.grow(doc, 0)
    assert int((doc.frames[0].mask > 0).sum()) == 16
    mask_edit.invert(doc, 0)
    assert int((doc.frames[0].mask > 0).sum()) == 400 - 16
    doc.history.undo()
    doc.history.undo()
    assert int((doc.frames[0].mask > 0).sum()) == 4
    assert mask_edit.clear(doc, 0) == Rect(5, 5, 2, 2)
    assert mask_edit.clear(doc, 0).is_empty  # nothing left: no step recorded
