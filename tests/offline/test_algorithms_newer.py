"""The newer routes' algorithms on their own: HLS maths, recolouring, style, in-betweens."""

from __future__ import annotations

import colorsys

import numpy as np

from studio.offline.algorithms.keyframes import eight_rotations, inbetweens
from studio.offline.algorithms.restyle import (
    _hls_to_rgb,
    _hue_sat_light,
    outline_colour,
    recolour_by_text,
    transfer_style,
)


def test_vectorised_hls_matches_colorsys() -> None:
    colours = np.random.default_rng(3).integers(0, 256, (400, 3), dtype=np.uint8)
    hue, sat, light = _hue_sat_light(colours)
    expected = np.array([colorsys.rgb_to_hls(*(c / 255)) for c in colours])
    assert np.allclose(hue, expected[:, 0]) and np.allclose(light, expected[:, 1])
    assert np.allclose(sat, expected[:, 2])
    lights = np.linspace(0, 1, 50)
    for h, s in ((0.05, 0.6), (0.5, 1.0), (0.9, 0.2), (0.3, 0.0)):
        want = np.array([colorsys.hls_to_rgb(h, v, s) for v in lights])
        assert np.allclose(_hls_to_rgb(h, lights, s), want)


def figure(colour=(50, 90, 200), edge=(20, 20, 20)) -> np.ndarray:
    px = np.zeros((24, 24, 4), np.uint8)
    px[4:20, 6:18] = (*edge, 255)
    px[5:19, 7:17] = (*colour, 255)
    px[5:9, 7:17] = (230, 180, 140, 255)  # a face that is not blue
    return px


def test_recolour_changes_only_the_named_source_colour() -> None:
    out, note = recolour_by_text(figure(), "turn the blue cape red")
    assert tuple(out[12, 10, :3])[0] > out[12, 10, 2]
    assert np.array_equal(out[6, 10], figure()[6, 10])  # the face kept
    assert np.array_equal(out[4, 6], figure()[4, 6])  # the outline kept
    assert note.startswith("Recoloured")
    same, why = recolour_by_text(figure(), "make it shinier")
    assert np.array_equal(same, figure()) and "names no colour" in why


def test_style_transfer_takes_palette_and_outline() -> None:
    style = figure((200, 40, 40), edge=(10, 10, 90))
    assert outline_colour(style) == (10, 10, 90)
    out = transfer_style(figure(), style)
    colours = {tuple(c[:3]) for c in out[out[..., 3] > 0]}
    assert colours <= {tuple(c[:3]) for c in style[style[..., 3] > 0]}
    assert tuple(out[4, 6, :3]) == (10, 10, 90)


def test_inbetweens_end_on_the_last_frame_and_rotations_mirror() -> None:
    first, last = figure(), np.roll(figure(), 4, axis=1)
    frames = inbetweens(first, last, 4)
    assert len(frames) == 4 and np.array_equal(frames[-1], last)
    views = eight_rotations(first)
    assert list(views)[0] == "south" and np.array_equal(views["south"], first)
    assert np.array_equal(views["south-west"], views["south-east"][:, ::-1])
