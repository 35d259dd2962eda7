"""Pixel tools: stamp sizes, Bresenham, pixel-perfect, eraser, fills, picker, move."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.painting import pixels as tools
from studio.core.painting.fill import contiguous_region
from studio.core.painting.stroke import Stroke

RED = (255, 0, 0, 255)


def alpha(doc: Document) -> np.ndarray:
    return doc.frames[0].layers[0].pixels[..., 3]


def test_stamp_sizes_and_shapes() -> None:
    doc = Document.new(9, 9)
    assert tools.stamp(doc, 0, 0, 4, 4, 1, RED) == Rect(4, 4, 1, 1)
    assert alpha(doc).sum() == 255
    doc.history.undo()
    tools.stamp(doc, 0, 0, 4, 4, 3, RED)
    assert (alpha(doc)[3:6, 3:6] == 255).all() and alpha(doc).sum() == 9 * 255
    doc.history.undo()
    tools.stamp(doc, 0, 0, 4, 4, 5, RED, "circle")
    painted = alpha(doc) > 0
    assert painted[4, 4] and not painted[2, 2] and painted[2, 4] and painted[4, 6]
    assert painted.sum() == tools.brush_footprint(5, "circle").sum()


def test_stamp_at_edge_is_clipped_and_outside_is_noop() -> None:
    doc = Document.new(4, 4)
    assert tools.stamp(doc, 0, 0, 0, 0, 3, RED) == Rect(0, 0, 2, 2)
    assert tools.stamp(doc, 0, 0, 20, 20, 3, RED).is_empty
    assert doc.history.undo_count == 1


def test_eraser_makes_pixels_transparent() -> None:
    doc = Document.new(3, 3)
    tools.stamp(doc, 0, 0, 1, 1, 3, RED)
    tools.erase(doc, 0, 0, 1, 1, 1)
    assert alpha(doc)[1, 1] == 0 and alpha(doc).sum() == 8 * 255


def test_line_points_known_cases() -> None:
    assert tools.line_points(0, 0, 3, 0) == [(0, 0), (1, 0), (2, 0), (3, 0)]
    assert tools.line_points(0, 0, 2, 2) == [(0, 0), (1, 1), (2, 2)]
    back = tools.line_points(2, 1, 0, 0)
    assert back[0] == (2, 1) and back[-1] == (0, 0) and len(back) == 3


@settings(max_examples=200, deadline=None)
@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50))
def test_bresenham_is_8_connected_and_minimal(x0: int, y0: int, x1: int, y1: int) -> None:
    pts = tools.line_points(x0, y0, x1, y1)
    assert pts[0] == (x0, y0) and pts[-1] == (x1, y1)
    assert len(pts) == max(abs(x1 - x0), abs(y1 - y0)) + 1
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        assert max(abs(ax - bx), abs(ay - by)) == 1


def test_pixel_perfect_removes_l_elbows() -> None:
    staircase = [(0, 0), (1, 0), (1, 1), (2, 1), (2, 2)]
    assert tools.pixel_perfect(staircase) == [(0, 0), (1, 1), (2, 2)]
    straight = [(0, 0), (1, 0), (2, 0)]
    assert tools.pixel_perfect(straight) == straight


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=30))
def test_pixel_perfect_output_has_no_elbows(raw: list[tuple[int, int]]) -> None:
    # build a connected freehand path through the random points
    path: list[tuple[int, int]] = [raw[0]]
    for p in raw[1:]:
        path.extend(tools.line_points(*path[-1], *p)[1:])
    out = tools.pixel_perfect(path)
    assert set(out) <= set(path)
    for a, b, c in zip(out, out[1:], out[2:], strict=False):
        assert not tools.is_corner(a, b, c)


def test_stroke_is_one_step_and_pixel_perfect_restores_elbow() -> None:
    doc = Document.new(8, 8)
    stroke = Stroke(doc, 0, 0, RED, pixel_perfect=True)
    stroke.begin(0, 0)
    for x, y in [(1, 0), (1, 1), (2, 1), (2, 2)]:
        stroke.move_to(x, y)
    dirty = stroke.end()
    painted = {(int(x), int(y)) for y, x in zip(*np.nonzero(alpha(doc)), strict=False)}
    assert painted == {(0, 0), (1, 1), (2, 2)}
    assert dirty.contains(1, 0) and doc.history.undo_count == 1
    doc.history.undo()
    assert not alpha(doc).any()


def test_stroke_interpolates_fast_moves_with_a_big_brush() -> None:
    doc = Document.new(20, 5)
    stroke = Stroke(doc, 0, 0, RED, size=3)
    stroke.begin(1, 2)
    stroke.move_to(18, 2)
    stroke.end()
    assert (alpha(doc)[1:4, 0:20] == 255).all()


def test_flood_fill_contiguous_stops_at_walls_and_global_does_not() -> None:
    doc = Document.new(5, 3)
    for y in range(3):
        tools.stamp(doc, 0, 0, 2, y, 1, RED)
    changed = tools.flood_fill(doc, 0, 0, 0, 0, (0, 255, 0, 255))
    assert changed == Rect(0, 0, 2, 3)
    px = doc.frames[0].layers[0].pixels
    assert (px[:, :2, 1] == 255).all() and (px[:, 3:, 3] == 0).all()
    doc.history.undo()
    tools.flood_fill(doc, 0, 0, 0, 0, (0, 255, 0, 255), contiguous=False)
    assert (px[:, 3:, 1] == 255).all() and tuple(px[0, 2]) == RED


def test_flood_fill_tolerance() -> None:
    img = np.zeros((1, 3, 4), np.uint8)
    img[0] = [(10, 10, 10, 255), (14, 10, 10, 255), (40, 10, 10, 255)]
    doc = Document.from_image(img)
    tools.flood_fill(doc, 0, 0, 0, 0, RED, tolerance=5)
    assert [tuple(p) for p in doc.frames[0].layers[0].pixels[0]][:2] == [RED, RED]
    assert doc.frames[0].layers[0].pixels[0, 2, 0] == 40


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**31 - 1))
def test_contiguous_region_matches_a_plain_bfs(w: int, h: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    same = rng.random((h, w)) < 0.6
    sx, sy = int(rng.integers(0, w)), int(rng.integers(0, h))
    expected = np.zeros_like(same)
    if same[sy, sx]:
        todo = [(sx, sy)]
        while todo:
            x, y = todo.pop()
            if 0 <= x < w and 0 <= y < h and same[y, x] and not expected[y, x]:
                expected[y, x] = True
                todo += [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)]
    np.testing.assert_array_equal(contiguous_region(same, sx, sy), expected)


def test_pick_color_composite_layer_and_outside() -> None:
    doc = Document.new(3, 3)
    tools.stamp(doc, 0, 0, 1, 1, 1, RED)
    assert tools.pick_color(doc, 0, 1, 1) == RED
    assert tools.pick_color(doc, 0, 0, 0, layer=0) == (0, 0, 0, 0)
    assert tools.pick_color(doc, 0, -1, 5) is None


def test_move_selection_moves_pixels_as_one_step() -> None:
    doc = Document.new(6, 6)
    tools.stamp(doc, 0, 0, 1, 1, 2, RED)  # covers (0..1, 0..1)
    tools.stamp(doc, 0, 0, 4, 4, 1, (0, 0, 255, 255))
    steps = doc.history.undo_count
    new = tools.move_selection(doc, 0, 0, Rect(0, 0, 2, 2), 3, 3)
    assert new == Rect(3, 3, 2, 2) and doc.history.undo_count == steps + 1
    a = alpha(doc)
    assert not a[:2, :2].any() and (a[3:5, 3:5] == 255).all()
    assert tuple(doc.frames[0].layers[0].pixels[4, 4]) == RED
    doc.history.undo()
    assert (alpha(doc)[:2, :2] == 255).all()
    assert tuple(doc.frames[0].layers[0].pixels[4, 4]) == (0, 0, 255, 255)


def test_move_selection_off_canvas_loses_clipped_part() -> None:
    doc = Document.new(4, 4)
    tools.stamp(doc, 0, 0, 1, 1, 2, RED)
    new = tools.move_selection(doc, 0, 0, Rect(0, 0, 2, 2), 3, 0)
    assert new == Rect(3, 0, 1, 2) and alpha(doc).sum() == 2 * 255
    assert tools.copy_rect(doc, 0, 0, Rect(3, 0, 5, 5)).shape == (4, 1, 4)


def test_bad_brush_arguments() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        tools.brush_footprint(0)
    with pytest.raises(ValueError, match="shape"):
        tools.brush_footprint(4, "star")  # type: ignore[arg-type]
