"""Mask operations: exact footprints, fills, morphology, export and crop planning."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.painting import mask as mo
from studio.core.workflows import inpaint_crop as crop


def _reference_round(size: int) -> set[tuple[int, int]]:
    """Offsets (dx, dy) from the dab pixel, from the documented rule, computed independently."""
    cx = cy = (size // 2) * -1 + size / 2.0  # centre relative to pixel (0,0)'s top-left corner
    out = set()
    for dy in range(-size, size + 1):
        for dx in range(-size, size + 1):
            px, py = dx + 0.5, dy + 0.5
            if (px - cx) ** 2 + (py - cy) ** 2 <= (size / 2.0) ** 2:
                out.add((dx, dy))
    return out


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 8, 9, 16])
def test_round_dab_matches_documented_rule(size):
    mask = mo.new_mask(60, 60)
    rect = mo.stamp(mask, 30, 30, size, "round")
    ys, xs = np.nonzero(mask)
    got = {(int(x) - 30, int(y) - 30) for x, y in zip(xs, ys, strict=True)}
    assert got == _reference_round(size)
    assert rect == mo.bbox(mask)


def test_small_round_dabs_have_known_shapes():
    assert mo.dab_footprint(1, "round").sum() == 1
    assert mo.dab_footprint(2, "round").all()  # 2x2 block
    fp4 = mo.dab_footprint(4, "round")
    assert not fp4[0, 0] and fp4[0, 1] and fp4[1, 0]  # corners dropped


@pytest.mark.parametrize("size", [1, 2, 3, 6, 7])
def test_square_dab_covers_box_from_documented_top_left(size):
    mask = mo.new_mask(20, 20)
    mo.stamp(mask, 10, 10, size, "square")
    left = 10 - size // 2
    assert mo.bbox(mask) == (left, left, size, size)
    assert mask.sum() == 255 * size * size


def test_stamp_clips_at_edges_and_outside():
    mask = mo.new_mask(10, 10)
    assert mo.stamp(mask, 0, 0, 5, "square") == (0, 0, 3, 3)
    assert mo.stamp(mask, -20, -20, 3) is None
    assert mask.sum() == 255 * 9


def test_erase_clears_footprint_only():
    mask = np.full((10, 10), 255, np.uint8)
    mo.erase(mask, 5, 5, 3, "square")
    assert (mask[4:7, 4:7] == 0).all()
    assert (mask == 0).sum() == 9


def test_bad_brush_arguments():
    with pytest.raises(mo.MaskError, match="brush size"):
        mo.dab_footprint(0)
    with pytest.raises(mo.MaskError, match="shape"):
        mo.dab_footprint(3, "star")
    with pytest.raises(mo.MaskError, match="uint8"):
        mo.stamp(np.zeros((4, 4), np.float32), 1, 1, 1)


def test_bresenham_line_is_connected_and_ends_exact():
    pts = mo.line_points(0, 0, 7, 3)
    assert pts[0] == (0, 0) and pts[-1] == (7, 3)
    assert len(pts) == 8
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        assert max(abs(ax - bx), abs(ay - by)) == 1


def test_stroke_equals_union_of_dabs():
    a = mo.new_mask(40, 40)
    b = mo.new_mask(40, 40)
    rect = mo.stroke(a, 3, 5, 30, 20, 4, "round")
    for x, y in mo.line_points(3, 5, 30, 20):
        mo.stamp(b, x, y, 4, "round")
    assert np.array_equal(a, b)
    assert rect == mo.bbox(a)


def test_fill_rect_and_negative_rect():
    mask = mo.new_mask(10, 10)
    assert mo.fill_rect(mask, (8, 8, 5, 5)) == (8, 8, 2, 2)
    with pytest.raises(mo.MaskError, match="negative"):
        mo.fill_rect(mask, (0, 0, -1, 2))


def test_lasso_even_odd_and_pixel_centres():
    mask = mo.new_mask(10, 10)
    mo.fill_lasso(mask, [(2, 2), (6, 2), (6, 5), (2, 5)])
    assert mo.bbox(mask) == (2, 2, 4, 3)
    # self-intersecting: two overlapping squares traced as one polygon -> overlap is a hole
    star = mo.polygon_mask(20, 20, [(0, 0), (10, 0), (10, 10), (5, 10), (5, 5), (15, 5),
                                    (15, 15), (0, 15)])
    assert star[2, 2]
    assert star[12, 12]


def test_lasso_needs_three_points():
    with pytest.raises(mo.MaskError, match="3"):
        mo.fill_lasso(mo.new_mask(5, 5), [(0, 0), (3, 3)])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 25), st.floats(-5, 25)), min_size=3, max_size=8))
def test_lasso_matches_pointwise_even_odd(points):
    got = mo.polygon_mask(20, 20, points)
    n = len(points)
    for py in range(0, 20, 3):
        for px in range(0, 20, 3):
            x, y = px + 0.5, py + 0.5
            inside = False
            for i in range(n):
                (ax, ay), (bx, by) = points[i], points[(i + 1) % n]
                if (ay <= y) != (by <= y):
                    xa = ax + (y - ay) * (bx - ax) / (by - ay)
                    if xa < x:
                        inside = not inside
            assert got[py, px] == inside


def test_invert_and_clear():
    mask = mo.new_mask(4, 3)
    mask[1, 1] = 255
    mo.invert(mask)
    assert mask[1, 1] == 0 and (mask > 0).sum() == 11
    assert mo.clear(mask) == (0, 0, 4, 3)
    assert not mask.any()


def test_grow_shrink_neighbourhoods():
    mask = mo.new_mask(9, 9)
    mask[4, 4] = 255
    grown8 = mask.copy()
    mo.grow(grown8)
    assert (grown8 > 0).sum() == 9
    grown4 = mask.copy()
    mo.grow(grown4, connectivity=4)
    assert (grown4 > 0).sum() == 5 and grown4[3, 4] and not grown4[3, 3]
    mo.shrink(grown8)
    assert np.array_equal(grown8, mask)
    full = np.full((5, 5), 255, np.uint8)
    mo.shrink(full)  # the border counts as keep
    assert (full > 0).sum() == 9


def test_flood_fill_contiguous_only():
    mask = mo.new_mask(10, 10)
    mask[:, 5] = 255  # wall
    rect = mo.flood_fill(mask, 1, 1)
    assert rect == (0, 0, 5, 10)
    assert not mask[:, 6:].any()
    assert mo.flood_fill(mask, 1, 1) is None  # same value: nothing to do


def test_mask_from_rect_and_alpha():
    m = mo.mask_from_rect(8, 6, (1, 2, 3, 2))
    assert mo.bbox(m) == (1, 2, 3, 2)
    rgba = np.zeros((4, 4, 4), np.uint8)
    rgba[0, 0, 3] = 255
    rgba[1, 1, 3] = 1
    t = mo.mask_from_alpha(rgba)
    o = mo.mask_from_alpha(rgba, transparent_regenerates=False)
    assert t[0, 0] == 0 and t[3, 3] == 255
    assert np.array_equal(t ^ o, np.full((4, 4), 255, np.uint8))


def test_export_mask_is_pure_black_white_at_size():
    mask = mo.new_mask(37, 21)
    mo.stamp(mask, 10, 10, 7)
    mask[0, 0] = 3  # any non-zero is regenerate
    img = mo.export_mask_image(mask)
    assert img.mode == "RGB" and img.size == (37, 21)
    arr = np.asarray(img)
    assert set(np.unique(arr)) <= {0, 255}
    assert np.array_equal(arr[:, :, 0] > 0, mask > 0)
    assert (arr[:, :, 0] == arr[:, :, 1]).all() and (arr[:, :, 1] == arr[:, :, 2]).all()


# ---- crop planning ------------------------------------------------------------------------


def test_small_image_is_sent_whole():
    plan = crop.plan_inpaint_crop(64, 48, (3, 3, 5, 5))
    assert plan.rect == (0, 0, 64, 48) and (plan.width, plan.height) == (64, 48)
    assert not plan.is_cropped and not plan.is_padded and plan.note() == ""


def test_tiny_image_is_padded_to_minimum():
    plan = crop.plan_inpaint_crop(10, 20, (0, 0, 2, 2))
    assert (plan.width, plan.height) == (16, 20) and plan.rect == (0, 0, 10, 20)
    assert plan.is_padded and "16" in plan.note()


def test_large_image_crop_centres_and_stays_inside():
    plan = crop.plan_inpaint_crop(500, 300, (480, 10, 10, 10))
    assert (plan.w, plan.h) == (200, 200)
    assert plan.x == 300 and plan.y == 0  # clamped to the right / top edge
    assert "crop" in plan.note()
    mid = crop.plan_inpaint_crop(500, 300, (240, 140, 20, 20))
    assert mid.x == 150 and mid.y == 50


def test_mask_too_large_and_empty():
    with pytest.raises(crop.MaskTooLargeError, match="201 px wide"):
        crop.plan_inpaint_crop(400, 100, (0, 0, 201, 5))
    with pytest.raises(ValueError, match="empty"):
        crop.plan_inpaint_crop(400, 100, None)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 600), st.integers(1, 600), st.data(),
)
def test_crop_plan_always_valid_and_holds_mask(w, h, data):
    bx = data.draw(st.integers(0, w - 1))
    by = data.draw(st.integers(0, h - 1))
    bw = data.draw(st.integers(1, min(200, w - bx)))
    bh = data.draw(st.integers(1, min(200, h - by)))
    plan = crop.plan_inpaint_crop(w, h, (bx, by, bw, bh))
    assert 16 <= plan.width <= 200 and 16 <= plan.height <= 200
    assert plan.x >= 0 and plan.x + plan.w <= w and plan.y >= 0 and plan.y + plan.h <= h
    assert plan.x <= bx and bx + bw <= plan.x + plan.w
    assert plan.y <= by and by + bh <= plan.y + plan.h


def test_crop_extract_and_paste_back_round_trip():
    rng = np.random.default_rng(1)
    base = rng.integers(0, 256, (260, 300, 4), dtype=np.uint8)
    mask = mo.new_mask(300, 260)
    mo.fill_rect(mask, (250, 100, 20, 30))
    plan = crop.plan_inpaint_crop(300, 260, mo.bbox(mask))
    sent = crop.extract_crop(base, plan)
    sent_mask = crop.extract_crop(mask, plan)
    assert sent.shape == (200, 200, 4) and sent_mask.shape == (200, 200)
    assert sent_mask.sum() == mask.sum()
    result = np.full_like(sent, 7)
    merged = crop.paste_back(base, result, plan, mask)
    assert (merged[mask > 0] == 7).all()
    assert np.array_equal(merged[mask == 0], base[mask == 0])
    whole = crop.paste_back(base, result, plan)
    assert (whole[plan.y : plan.y + 200, plan.x : plan.x + 200] == 7).all()
    with pytest.raises(ValueError, match="expected 200x200"):
        crop.paste_back(base, result[:10], plan)


def test_padded_crop_paste_back_ignores_padding():
    base = np.zeros((8, 8, 4), np.uint8)
    plan = crop.plan_inpaint_crop(8, 8, (0, 0, 8, 8))
    result = np.full((16, 16, 4), 9, np.uint8)
    out = crop.paste_back(base, result, plan)
    assert out.shape == base.shape and (out == 9).all()


def test_merge_masked_accepts_only_masked():
    base = np.zeros((5, 5, 4), np.uint8)
    result = np.full((5, 5, 4), 200, np.uint8)
    mask = mo.new_mask(5, 5)
    mask[2, 3] = 255
    out = crop.merge_masked(base, result, mask)
    assert out[2, 3, 0] == 200 and out.sum() == 200 * 4
    assert base.sum() == 0  # base untouched
    with pytest.raises(ValueError, match="mask shape"):
        crop.merge_masked(base, result, mo.new_mask(4, 5))
