"""Line / rectangle / ellipse shapes, Shift constraints and mirror symmetry."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.painting.shapes import (
    Symmetry,
    constrain_line,
    constrain_square,
    ellipse_points,
    rectangle_points,
    shape_points,
)
from studio.core.painting.stroke import Stroke

RED = (255, 0, 0, 255)


@pytest.mark.parametrize(("end", "snapped"), [
    ((10, 2), (10, 0)), ((1, -9), (0, -9)), ((7, 6), (7, 7)), ((-5, 4), (-5, 5)),
])
def test_constrain_line_snaps_to_45_degrees(end, snapped) -> None:
    assert constrain_line(0, 0, *end) == snapped


def test_constrain_square_keeps_the_drag_direction() -> None:
    assert constrain_square(5, 5, 2, 9) == (1, 9)
    assert constrain_square(0, 0, 3, 1) == (3, 3)


def test_rectangle_outline_and_fill() -> None:
    outline = rectangle_points(1, 1, 4, 3)
    assert len(outline) == len(set(outline)) == 10  # 4x3 box has 10 border pixels
    assert set(rectangle_points(4, 3, 1, 1, filled=True)) == {
        (x, y) for x in range(1, 5) for y in range(1, 4)}
    assert rectangle_points(2, 2, 2, 2) == [(2, 2)]


def test_circle_is_symmetric_and_fits_its_box() -> None:
    pts = set(ellipse_points(0, 0, 10, 10))
    assert min(p[0] for p in pts) == 0 and max(p[0] for p in pts) == 10
    assert min(p[1] for p in pts) == 0 and max(p[1] for p in pts) == 10
    assert pts == {(10 - x, y) for x, y in pts} == {(x, 10 - y) for x, y in pts}
    assert pts == {(y, x) for x, y in pts}


def test_even_sized_ellipse_and_filled_ellipse() -> None:
    pts = set(ellipse_points(0, 0, 7, 3))
    assert {p[0] for p in pts} == set(range(8)) and {p[1] for p in pts} == set(range(4))
    filled = set(ellipse_points(0, 0, 7, 3, filled=True))
    assert pts <= filled and (3, 1) in filled and (3, 1) not in pts


def test_shape_points_names_unknown_shapes() -> None:
    with pytest.raises(ValueError, match="unknown shape"):
        shape_points("star", 0, 0, 1, 1)


def test_symmetry_mirrors_about_the_centre() -> None:
    sym = Symmetry.centred(16, 8, vertical=True, horizontal=True)
    assert sym.images((2, 1)) == [(2, 1), (13, 1), (2, 6), (13, 6)]
    odd = Symmetry(x=7.5)  # centre of pixel 7 of a 15 px image
    assert odd.images((7, 0)) == [(7, 0)]
    assert odd.images((0, 0)) == [(0, 0), (14, 0)]


def test_stroke_with_symmetry_draws_both_sides_in_one_step() -> None:
    doc = Document.new(16, 8)
    stroke = Stroke(doc, 0, 0, RED, symmetry=Symmetry.centred(16, 8, True, False))
    stroke.begin(1, 1)
    stroke.move_to(3, 1)
    stroke.end()
    px = doc.frames[0].layers[0].pixels
    assert {tuple(p) for p in np.argwhere(px[..., 3] > 0)} == {
        (1, 1), (1, 2), (1, 3), (1, 12), (1, 13), (1, 14)}
    assert doc.history.undo_count == 1


def test_pixel_perfect_with_symmetry_removes_mirrored_elbows() -> None:
    doc = Document.new(16, 8)
    stroke = Stroke(doc, 0, 0, RED, pixel_perfect=True,
                    symmetry=Symmetry.centred(16, 8, True, False))
    stroke.begin(1, 1)
    stroke.move_to(2, 1)
    stroke.move_to(2, 2)  # (2, 1) is the elbow of an L and is taken back
    stroke.end()
    alpha = doc.frames[0].layers[0].pixels[..., 3]
    assert alpha[1, 2] == 0 and alpha[1, 13] == 0
    assert alpha[2, 2] == 255 and alpha[2, 13] == 255
