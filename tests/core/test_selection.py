"""Selections (lasso, magic wand, modes, invert, outlines) and floating transforms."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.selection.floating import apply_floating, lift, scale_nearest
from studio.core.selection.region import (
    Selection,
    combine,
    invert,
    mode_for,
    outline_edges,
    select_all,
)
from studio.core.selection.shapes import lasso, magic_wand

RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)


def _picture() -> np.ndarray:
    px = np.zeros((10, 10, 4), np.uint8)
    px[1:4, 1:4] = RED
    px[6:9, 6:9] = RED
    px[5, 5] = (250, 5, 0, 255)
    return px


def test_magic_wand_contiguous_global_and_tolerance() -> None:
    px = _picture()
    sel = magic_wand(px, 2, 2)
    assert sel.rect == Rect(1, 1, 3, 3) and sel.pixel_count == 9
    glob = magic_wand(px, 2, 2, contiguous=False)
    assert glob.pixel_count == 18 and not glob.contains(5, 5)
    tol = magic_wand(px, 2, 2, tolerance=5, contiguous=False)
    assert tol.contains(5, 5) and tol.pixel_count == 19
    assert magic_wand(px, 20, 2) is None
    with pytest.raises(ValueError, match="tolerance"):
        magic_wand(px, 2, 2, tolerance=300)


def test_magic_wand_on_transparent_pixels_ignores_their_hidden_colour() -> None:
    px = np.zeros((4, 4, 4), np.uint8)
    px[0, 0] = (9, 9, 9, 0)
    px[3, 3] = BLUE
    sel = magic_wand(px, 1, 1)
    assert sel.pixel_count == 15 and sel.contains(0, 0)


def test_lasso_selects_inside_and_the_path() -> None:
    sel = lasso([(1, 1), (8, 1), (8, 8), (1, 8)], 10, 10)
    assert sel.rect == Rect(1, 1, 8, 8) and sel.pixel_count == 64
    tri = lasso([(0, 0), (9, 0), (0, 9)], 10, 10)
    assert tri.contains(1, 1) and not tri.contains(8, 8)
    line = lasso([(2, 5), (7, 5)], 10, 10)
    assert line.pixel_count == 6


def test_modes_add_subtract_intersect() -> None:
    a = Selection(Rect(0, 0, 4, 4))
    b = Selection(Rect(2, 2, 4, 4))
    assert combine(a, b, "add", 10, 10).pixel_count == 28
    sub = combine(a, b, "subtract", 10, 10)
    assert sub.pixel_count == 12 and not sub.contains(3, 3) and sub.contains(0, 0)
    assert combine(a, b, "intersect", 10, 10).rect == Rect(2, 2, 2, 2)
    assert combine(a, b, "replace", 10, 10) is b
    assert combine(None, b, "subtract", 10, 10) is None
    assert combine(a, Selection(Rect(8, 8, 5, 5)), "replace", 10, 10).rect == Rect(8, 8, 2, 2)
    assert (mode_for(False, False), mode_for(True, False), mode_for(False, True),
            mode_for(True, True)) == ("replace", "add", "subtract", "intersect")


def test_invert_and_select_all() -> None:
    sel = invert(Selection(Rect(0, 0, 10, 5)), 10, 10)
    assert sel.rect == Rect(0, 5, 10, 5) and sel.is_rectangular
    assert invert(None, 4, 3).rect == Rect(0, 0, 4, 3)
    assert invert(select_all(4, 3), 4, 3) is None


def test_outline_of_a_rectangle_is_four_segments() -> None:
    horizontal, vertical = outline_edges(Selection(Rect(2, 3, 4, 5)))
    assert sorted(map(tuple, horizontal)) == [(2, 3, 6, 3), (2, 8, 6, 8)]
    assert sorted(map(tuple, vertical)) == [(2, 3, 2, 8), (6, 3, 6, 8)]


def _doc() -> Document:
    doc = Document.new(10, 10)
    doc.set_pixels(0, 0, doc.bounds, _picture())
    doc.history.clear()
    return doc


def test_lift_move_apply_is_one_step_and_undoes() -> None:
    doc = _doc()
    before = doc.frames[0].layers[0].pixels.copy()
    floating = lift(doc, 0, 0, magic_wand(before, 2, 2))
    floating.move_by(3, 0)
    apply_floating(doc, 0, 0, floating)
    px = doc.frames[0].layers[0].pixels
    assert tuple(px[2, 5]) == RED and px[2, 1, 3] == 0
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert np.array_equal(doc.frames[0].layers[0].pixels, before)


def test_masked_lift_leaves_unselected_pixels() -> None:
    doc = _doc()
    sel = Selection(Rect(0, 0, 5, 5), np.eye(5, dtype=bool))
    floating = lift(doc, 0, 0, sel)
    assert floating.base[1, 1, 3] == 255 and floating.base[1, 2, 3] == 0
    floating.move_by(0, 4)
    apply_floating(doc, 0, 0, floating)
    px = doc.frames[0].layers[0].pixels
    assert px[1, 1, 3] == 0 and tuple(px[1, 2]) == RED and tuple(px[5, 1]) == RED


def test_flip_rotate_and_scale() -> None:
    base = np.zeros((2, 3, 4), np.uint8)
    base[0, 0] = RED
    doc = Document.new(10, 10)
    doc.set_pixels(0, 0, Rect(2, 2, 3, 2), base)
    floating = lift(doc, 0, 0, Selection(Rect(2, 2, 3, 2)))
    floating.flip(horizontal=True)
    assert tuple(floating.base[0, 2]) == RED
    floating.rotate(1)
    assert floating.rect == Rect(2, 1, 2, 3) and tuple(floating.base[2, 1]) == RED
    floating.rotate(1)
    assert floating.rect == Rect(2, 2, 3, 2) and tuple(floating.base[1, 0]) == RED
    floating.resize(Rect(2, 2, 6, 4))
    img = floating.image()
    assert img.shape == (4, 6, 4) and tuple(img[3, 0]) == tuple(img[2, 1]) == RED


def test_scale_nearest_shrinks_and_grows() -> None:
    px = np.arange(16, dtype=np.uint8).reshape(4, 4, 1)
    assert scale_nearest(px, 2, 2)[..., 0].tolist() == [[0, 2], [8, 10]]
    assert scale_nearest(px[:2, :2], 4, 4)[..., 0].tolist()[0] == [0, 0, 1, 1]
