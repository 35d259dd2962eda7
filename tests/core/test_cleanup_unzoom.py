"""Unzoom: grid detection and recovery of generated upscaled, offset, blurred and noisy sprites."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.cleanup import AxisGrid, Grid, detect_grid, unzoom
from tests.core.unzoom_cases import (
    add_noise,
    gaussian_blur,
    jpeg_damage,
    make_case,
    make_sprite,
    recovered,
    trimmed,
    upscale,
)

CASES = 120
RECOVERY_TARGET = 0.90


def test_recovery_figure_on_generated_cases() -> None:
    """Issue 18's figure: sprites 12-40 px, scale 2-8 (a third non-integer), random offset,
    blur and noise; the visible pixels must come back exactly in at least 90 % of cases."""
    results = [recovered(case, unzoom(case.image)) for case in map(make_case, range(CASES))]
    figure = sum(results) / CASES
    print(f"unzoom recovery: {sum(results)}/{CASES} = {figure:.1%}")
    assert figure >= RECOVERY_TARGET


@pytest.mark.parametrize("scale", [2, 3, 4, 5, 6, 7, 8])
def test_integer_scales_are_found_with_their_offset(scale: int) -> None:
    rng = np.random.default_rng(scale)
    sprite = make_sprite(rng, 24, 20)
    image = upscale(sprite, float(scale), (scale - 1.0, 1.0), (3, 2))
    grid = detect_grid(image)
    assert grid.x.scale == pytest.approx(scale, abs=0.01)
    assert grid.y.scale == pytest.approx(scale, abs=0.01)
    assert np.array_equal(trimmed(unzoom(image, grid)), sprite[sprite.any(-1).any(1)][
        :, sprite.any(-1).any(0)])


@pytest.mark.parametrize("scale", [2.5, 3.3, 4.75, 6.2])
def test_non_integer_scales(scale: float) -> None:
    rng = np.random.default_rng(int(scale * 10))
    sprite = make_sprite(rng, 32, 32)
    image = gaussian_blur(upscale(sprite, scale, (0.7, 1.9), (0, 0)), 0.4)
    grid = detect_grid(image)
    assert grid.x.scale == pytest.approx(scale, rel=0.01)
    assert grid.y.scale == pytest.approx(scale, rel=0.01)


def test_jpeg_damaged_edges_still_give_the_scale() -> None:
    found = 0
    for seed in range(20):
        case = make_case(seed, integer_scale=True)
        damaged = jpeg_damage(upscale(case.sprite, case.scale, case.offset, (4, 4)), 75,
                              (40, 60, 80))
        grid = detect_grid(damaged)
        found += abs(grid.x.scale - case.scale) < 0.05 and abs(grid.y.scale - case.scale) < 0.05
    print(f"JPEG (quality 75) scale found: {found}/20")
    assert found >= 18


def test_an_image_without_a_grid_is_left_alone() -> None:
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (64, 64, 4)).astype(np.uint8)
    noise[..., 3] = 255
    assert not detect_grid(noise).upscaled
    assert np.array_equal(unzoom(noise), noise)


def test_unzoom_snaps_alpha_and_merges_noisy_shades() -> None:
    sprite = np.zeros((6, 6, 4), np.uint8)
    sprite[1:5, 1:5] = (200, 40, 40, 255)
    sprite[2, 2] = (20, 20, 200, 255)
    image = add_noise(upscale(sprite, 6.0, (0.0, 0.0), (0, 0)), np.random.default_rng(1), 1.0)
    grid = Grid(AxisGrid(6.0, 0.0), AxisGrid(6.0, 0.0))
    out = unzoom(image, grid)
    assert np.array_equal(out, sprite)
    raw = unzoom(image, grid, tolerance=0)
    assert set(np.unique(raw[..., 3])) <= {0, 255}
