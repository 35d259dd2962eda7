"""Background removal, outlines and orphan pixels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.cleanup import (
    add_outline,
    background_mask,
    border_color,
    orphan_mask,
    outline_mask,
    remove_background,
    remove_orphans,
)

RED, BLUE, GREEN = (200, 30, 30, 255), (30, 30, 200, 255), (40, 180, 60, 255)


def _canvas(color=GREEN, size: int = 12) -> np.ndarray:
    return np.tile(np.array(color, np.uint8), (size, size, 1))


def test_border_flood_removes_the_surrounding_colour_but_not_enclosed_holes() -> None:
    img = _canvas()
    img[3:9, 3:9] = RED
    img[5:7, 5:7] = GREEN  # same colour as the background, but enclosed
    noisy = img.astype(int)
    noisy[..., :3] += np.random.default_rng(0).integers(-6, 7, noisy[..., :3].shape)
    out = remove_background(np.clip(noisy, 0, 255).astype(np.uint8), tolerance=20)
    assert (out[..., 3] > 0).sum() == 36
    assert out[5, 5, 3] == 255 and out[0, 0].tolist() == [0, 0, 0, 0]


def test_colour_key_removes_every_match() -> None:
    img = _canvas(RED)
    img[5:7, 5:7] = GREEN
    img[0:2, 0:2] = BLUE
    out = remove_background(img, mode="key", key=GREEN, tolerance=10)
    assert (out[..., 3] == 0).sum() == 4 and out[0, 0, 3] == 255
    with pytest.raises(ValueError, match="key colour"):
        background_mask(img, mode="key")
    with pytest.raises(ValueError, match="unknown background mode"):
        background_mask(img, mode="magic")  # type: ignore[arg-type]


def test_soft_edge_pixels_snap_by_coverage() -> None:
    img = _canvas((255, 255, 255, 255), 10)
    img[3:7, 3:7] = (0, 0, 0, 255)
    img[3:7, 2] = (230, 230, 230, 255)   # mostly background: goes
    img[3:7, 7] = (60, 60, 60, 255)      # mostly sprite: stays opaque
    out = remove_background(img, tolerance=40)
    assert (out[3:7, 2, 3] == 0).all() and (out[3:7, 7, 3] == 255).all()
    assert set(np.unique(out[..., 3])) == {0, 255}
    assert border_color(img) == (255, 255, 255, 255)


def test_already_transparent_background_counts_as_background() -> None:
    img = np.zeros((8, 8, 4), np.uint8)
    img[2:6, 2:6] = RED
    img[1, 1] = (200, 30, 30, 90)
    out = remove_background(img)
    assert (out[2:6, 2:6] == RED).all() and out[1, 1, 3] == 0


def test_outline_outside_and_inside() -> None:
    img = np.zeros((7, 7, 4), np.uint8)
    img[2:5, 2:5] = RED
    outside = add_outline(img, BLUE, "outside", connectivity=4)
    ring = outline_mask(img, "outside", 4)
    assert ring.sum() == 12 and not ring[1, 1]
    assert (outside[ring] == BLUE).all() and (outside[2:5, 2:5] == RED).all()
    assert outline_mask(img, "outside", 8).sum() == 16
    inside = add_outline(img, BLUE, "inside")
    assert (inside[3, 3] == RED).all() and (inside[2, 2:5] == BLUE).all()
    full = _canvas(RED, 4)
    assert outline_mask(full, "inside").sum() == 12  # the image border counts as outside
    with pytest.raises(ValueError, match="unknown outline side"):
        outline_mask(img, "middle")  # type: ignore[arg-type]


def test_orphans_take_the_most_common_neighbour() -> None:
    img = _canvas(RED, 6)
    img[2, 2] = BLUE
    img[0, 5] = GREEN
    img[4, 1:3] = BLUE  # two pixels together are not orphans
    assert orphan_mask(img).sum() == 2
    out = remove_orphans(img)
    assert (out[2, 2] == RED).all() and (out[0, 5] == RED).all()
    assert (out[4, 1:3] == BLUE).all()


def test_transparent_pixels_are_never_orphans_and_count_as_one_colour() -> None:
    img = np.zeros((5, 5, 4), np.uint8)
    img[..., :3] = np.arange(75).reshape(5, 5, 3)  # garbage RGB under alpha 0
    img[2, 2] = RED
    out = remove_orphans(img)
    assert out[2, 2].tolist() == [0, 0, 0, 0] and orphan_mask(out).sum() == 0


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_orphan_removal_leaves_no_orphans_it_could_fix(seed: int) -> None:
    rng = np.random.default_rng(seed)
    palette = np.array([RED, BLUE, GREEN, (0, 0, 0, 0)], np.uint8)
    img = palette[rng.choice(4, (16, 16), p=[0.6, 0.2, 0.15, 0.05])]
    before = orphan_mask(img)
    out = remove_orphans(img)
    assert np.array_equal(out[~before], img[~before])  # only orphans change
    assert (out[before][:, None, :] == palette[None]).all(-1).any(-1).all()
