"""OKLab, palette building (exact, median cut, k-means, octree) and palette order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.color import (
    build_palette,
    nearest_indices,
    oklab_to_srgb,
    sort_palette,
    srgb_to_oklab,
)
from studio.core.color.quantize import exact_colors


def test_oklab_reference_values() -> None:
    lab = srgb_to_oklab(np.array([[255, 255, 255], [0, 0, 0], [255, 0, 0]], np.uint8))
    assert lab[0] == pytest.approx([1.0, 0.0, 0.0], abs=1e-3)
    assert lab[1] == pytest.approx([0.0, 0.0, 0.0], abs=1e-6)
    assert lab[2] == pytest.approx([0.6279, 0.2249, 0.1258], abs=1e-3)  # Ottosson's table


def test_oklab_round_trip_is_exact_for_many_colours() -> None:
    rgb = np.random.default_rng(0).integers(0, 256, (200_000, 3)).astype(np.uint8)
    assert np.array_equal(oklab_to_srgb(srgb_to_oklab(rgb)), rgb)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 40))
def test_nearest_indices_matches_brute_force(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.random((500, 3)).astype(np.float32)
    palette = rng.random((k, 3)).astype(np.float32)
    brute = ((points[:, None, :] - palette[None]) ** 2).sum(-1)
    chosen = nearest_indices(points, palette, chunk=64)
    assert np.allclose(brute[np.arange(500), chosen], brute.min(axis=1), atol=1e-6)


def _photo(seed: int = 3, size: int = 96) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size]
    rgb = np.stack([x * 255 // size, y * 255 // size, (x * y) % 256], -1)
    return np.clip(rgb + rng.integers(-12, 12, rgb.shape), 0, 255).astype(np.uint8).reshape(-1, 3)


def _error(rgb: np.ndarray, palette: np.ndarray) -> float:
    lab, pal = srgb_to_oklab(rgb), srgb_to_oklab(palette)
    return float(np.sqrt(((lab - pal[nearest_indices(lab, pal)]) ** 2).sum(-1)).mean())


@pytest.mark.parametrize("method", ["kmeans", "median_cut", "octree"])
def test_palette_has_at_most_the_asked_count(method: str) -> None:
    rgb = _photo()
    for count in (2, 16, 64):
        palette = build_palette(rgb, count, method)
        assert 1 <= len(palette) <= count
        assert len(np.unique(palette, axis=0)) == len(palette)


def test_kmeans_improves_on_the_median_cut_it_starts_from() -> None:
    rgb = _photo()
    median = _error(rgb, build_palette(rgb, 16, "median_cut"))
    kmeans = _error(rgb, build_palette(rgb, 16, "kmeans"))
    assert kmeans < median


@pytest.mark.parametrize("method", ["kmeans", "median_cut", "octree"])
def test_few_colours_come_back_exactly(method: str) -> None:
    colors = np.array([[10, 20, 30], [200, 0, 0], [0, 255, 0]], np.uint8)
    rgb = np.repeat(colors, [5, 50, 20], axis=0)
    palette = build_palette(rgb, 8, method)
    assert palette.tolist() == [[200, 0, 0], [0, 255, 0], [10, 20, 30]]  # most frequent first


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="1..256"):
        build_palette(_photo(), 0)
    with pytest.raises(ValueError, match="unknown quantiser 'magic'"):
        build_palette(_photo(), 8, "magic")  # type: ignore[arg-type]
    assert build_palette(np.zeros((0, 3), np.uint8), 8).shape == (0, 3)


def test_exact_colors_counts() -> None:
    rgb = np.array([[1, 1, 1]] * 3 + [[2, 2, 2]] * 5, np.uint8)
    colors, counts = exact_colors(rgb)
    assert colors.tolist() == [[2, 2, 2], [1, 1, 1]] and counts.tolist() == [5, 3]


def test_sort_by_luminance_and_by_hue() -> None:
    red, green, blue = (255, 0, 0, 255), (0, 200, 0, 255), (0, 0, 255, 255)
    white, black, grey = (255, 255, 255, 255), (0, 0, 0, 255), (128, 128, 128, 255)
    colors = [white, blue, grey, red, black, green]
    by_light = sort_palette(colors, "luminance")
    assert by_light[0] == black and by_light[-1] == white
    lab = srgb_to_oklab(np.array(by_light, np.uint8)[:, :3])
    assert np.all(np.diff(lab[:, 0]) >= 0)
    assert sort_palette(colors, "hue") == [black, grey, white, red, green, blue]
    with pytest.raises(ValueError, match="unknown sort key"):
        sort_palette(colors, "name")  # type: ignore[arg-type]
