"""Zoom/pan maths of the canvas (pure functions, no Qt)."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from studio.ui.canvas.viewport import ZOOM_STEPS, Viewport, nearest_step_index, zoom_label


def test_steps_follow_aseprite_table() -> None:
    integer = [z for z in ZOOM_STEPS if z >= 1]
    assert integer == [1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 48, 64]
    assert min(ZOOM_STEPS) == pytest.approx(1 / 16)
    assert list(ZOOM_STEPS) == sorted(ZOOM_STEPS)


def test_mapping_round_trip() -> None:
    vp = Viewport(zoom=8, ox=13, oy=-5)
    assert vp.to_screen(2, 3) == (29, 19)
    assert vp.pixel_at(29, 19) == (2, 3)
    assert vp.pixel_at(28.9, 18.9) == (1, 2)


@given(
    start=st.sampled_from(ZOOM_STEPS),
    steps=st.integers(-6, 6),
    sx=st.floats(0, 1900), sy=st.floats(0, 1000),
    ox=st.integers(-3000, 1000), oy=st.integers(-3000, 1000),
)
# a cursor a hair left of a pixel edge at 1/8: pixel_at's epsilon must be used when anchoring
@example(start=0.125, steps=6, sx=1.9999999999997726, sy=0.0, ox=-255, oy=0)
@example(start=2, steps=-1, sx=0.0, sy=1.9999999999998863, ox=0, oy=0)
def test_zoom_about_keeps_pixel_under_cursor(start, steps, sx, sy, ox, oy) -> None:
    vp = Viewport(zoom=start, ox=float(ox), oy=float(oy))
    before = vp.pixel_at(sx, sy)
    vp.step(steps, sx, sy)
    assert vp.pixel_at(sx, sy) == before
    if vp.zoom >= 1:
        assert vp.ox == int(vp.ox) and vp.oy == int(vp.oy)  # crisp pixels


def test_step_stops_at_limits() -> None:
    vp = Viewport(zoom=64)
    assert vp.step(1, 10, 10) is False
    assert vp.zoom == 64
    vp = Viewport(zoom=1 / 16)
    assert vp.step(-1, 10, 10) is False


def test_fit_and_actual_size_centre_the_image() -> None:
    vp = Viewport()
    vp.fit(800, 600, 32, 32, margin=16)
    assert vp.zoom == 16  # 32*16 = 512 fits 568, 32*24 = 768 does not
    assert vp.to_screen(16, 16) == (400, 300)
    vp.fit(800, 600, 4000, 100, margin=0)
    assert vp.zoom == pytest.approx(1 / 5)  # 4000 / 5 = 800 fits exactly
    vp.actual_size(800, 600, 100, 50)
    assert (vp.zoom, vp.ox, vp.oy) == (1, 350, 275)


def test_visible_rect_is_clipped_and_covers_partial_pixels() -> None:
    vp = Viewport(zoom=8, ox=-4, oy=0)
    assert vp.screen_rect_to_image(0, 0, 20, 9, 100, 100) == (0, 0, 3, 2)
    assert vp.screen_rect_to_image(-100, -100, 10, 10, 100, 100)[2:] == (0, 0)


def test_labels_and_nearest_step() -> None:
    assert zoom_label(8) == "800%"
    assert zoom_label(1 / 3) == "33.3%"
    assert ZOOM_STEPS[nearest_step_index(7.5)] == 8
    assert math.isclose(ZOOM_STEPS[nearest_step_index(0.01)], 1 / 16)
