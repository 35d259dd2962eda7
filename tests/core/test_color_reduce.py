"""Remapping with dithering, alpha snap and colour reduction over one or many frames."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.color import (
    ReduceOptions,
    bayer_matrix,
    count_colors,
    palette_of,
    reduce_frames,
    remap_pixels,
    snap_alpha,
    srgb_to_oklab,
)

BW = np.array([[0, 0, 0], [255, 255, 255]], np.uint8)


def _flat(color: tuple[int, int, int, int], size: int = 32) -> np.ndarray:
    return np.tile(np.array(color, np.uint8), (size, size, 1))


def _colours(frame: np.ndarray) -> set[tuple[int, ...]]:
    return {tuple(c) for c in frame[frame[..., 3] > 0][:, :3].tolist()}


def test_bayer_matrices_hold_each_threshold_once() -> None:
    assert (bayer_matrix(2) * 4 + 1.5).tolist() == [[0, 2], [3, 1]]
    for size in (2, 4, 8):
        ranks = np.rint((bayer_matrix(size) + 0.5) * size * size - 0.5).astype(int)
        assert sorted(ranks.ravel().tolist()) == list(range(size * size))
    with pytest.raises(ValueError, match="2, 4 or 8"):
        bayer_matrix(3)


def test_remap_without_dither_takes_the_oklab_nearest_colour() -> None:
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (40, 40, 4)).astype(np.uint8)
    frame[..., 3] = 255
    palette = rng.integers(0, 256, (12, 3)).astype(np.uint8)
    out = remap_pixels(frame, palette)
    lab, pal = srgb_to_oklab(frame), srgb_to_oklab(palette)
    best = ((lab[:, :, None, :] - pal) ** 2).sum(-1).min(-1)
    got = ((lab - srgb_to_oklab(out)) ** 2).sum(-1)
    assert np.allclose(got, best, atol=1e-6)


@pytest.mark.parametrize("dither", ["bayer2", "bayer4", "bayer8", "floyd_steinberg"])
def test_dithering_mixes_black_and_white_into_grey(dither: str) -> None:
    grey = _flat((128, 128, 128, 255), 64)
    out = remap_pixels(grey, BW, dither)  # type: ignore[arg-type]
    assert _colours(out) == {(0, 0, 0), (255, 255, 255)}
    white_share = (out[..., 0] == 255).mean()
    assert 0.35 <= white_share <= 0.65
    assert remap_pixels(grey, BW, "none")[..., 0].std() == 0  # no dither: one flat colour


def test_ordered_dither_repeats_with_the_matrix_size() -> None:
    grey = _flat((100, 100, 100, 255), 32)
    out = remap_pixels(grey, BW, "bayer4")
    assert np.array_equal(out[:4, :4], out[4:8, 8:12])


def test_remap_keeps_alpha_and_hidden_pixels() -> None:
    frame = _flat((120, 10, 10, 200), 8)
    frame[:4] = (9, 9, 9, 0)
    for dither in ("none", "bayer4", "floyd_steinberg"):
        out = remap_pixels(frame, np.array([[255, 0, 0], [0, 0, 255]], np.uint8), dither)
        assert np.array_equal(out[:4], frame[:4])
        assert (out[4:, :, 3] == 200).all() and _colours(out) <= {(255, 0, 0), (0, 0, 255)}
        assert (out[4:, :, 0] == 255).mean() > 0.5
    with pytest.raises(ValueError, match="unknown dithering"):
        remap_pixels(frame, BW, "random")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        remap_pixels(frame, BW[:0])


def test_snap_alpha() -> None:
    frame = np.zeros((1, 4, 4), np.uint8)
    frame[0, :, :3] = 50
    frame[0, :, 3] = [0, 127, 128, 255]
    out = snap_alpha(frame, 128)
    assert out[0, :, 3].tolist() == [0, 0, 255, 255]
    assert out[0, 1].tolist() == [0, 0, 0, 0]
    with pytest.raises(ValueError, match="1..255"):
        snap_alpha(frame, 0)


def _sprite(seed: int, size: int = 48) -> np.ndarray:
    rng = np.random.default_rng(seed)
    frame = rng.integers(0, 256, (size, size, 4)).astype(np.uint8)
    frame[..., 3] = np.where(rng.random((size, size)) < 0.2, 0, 255)
    return frame


def test_all_frames_share_one_palette() -> None:
    frames = [_sprite(s) for s in range(5)]
    result = reduce_frames(frames, ReduceOptions(count=12, method="kmeans", dither="bayer4"))
    used = set().union(*(_colours(f) for f in result.frames))
    assert len(used) <= 12
    assert used == {tuple(c) for c in result.palette[:, :3].tolist()}
    assert (result.palette[:, 3] == 255).all()
    assert count_colors(result.frames) == len(used)
    for before, after in zip(frames, result.frames, strict=True):
        assert np.array_equal(before[..., 3] > 0, after[..., 3] > 0)


def test_reduce_to_a_given_palette() -> None:
    palette = ((255, 0, 0, 255), (0, 0, 255, 255), (255, 255, 255, 255))
    result = reduce_frames([_sprite(7)], ReduceOptions(palette=palette, dither="floyd_steinberg"))
    assert _colours(result.frames[0]) <= {c[:3] for c in palette}
    assert [tuple(c) for c in result.palette.tolist()] == list(palette)


def test_reduce_without_alpha_snap_keeps_soft_alpha() -> None:
    frame = _sprite(2)
    frame[..., 3] = 90
    result = reduce_frames([frame], ReduceOptions(count=4, alpha_threshold=None))
    assert (result.frames[0][..., 3] == 90).all()
    assert count_colors(result.frames) <= 4
    with pytest.raises(ValueError, match="2..256"):
        reduce_frames([frame], ReduceOptions(count=1))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 5000), count=st.integers(2, 24),
       method=st.sampled_from(["kmeans", "median_cut", "octree"]),
       dither=st.sampled_from(["none", "bayer2", "bayer8", "floyd_steinberg"]),
       frames=st.integers(1, 3))
def test_reduce_never_exceeds_the_count(seed, count, method, dither, frames) -> None:
    source = [_sprite(seed + i, 20) for i in range(frames)]
    result = reduce_frames(source, ReduceOptions(count=count, method=method, dither=dither))
    assert count_colors(result.frames) <= count
    assert len(result.palette) <= count


def test_palette_of_is_exact_when_it_fits() -> None:
    frame = _flat((1, 2, 3, 255), 4)
    frame[0, 0] = (9, 9, 9, 255)
    frame[1, 1] = (0, 0, 0, 0)
    assert palette_of([frame], 8).tolist() == [[1, 2, 3, 255], [9, 9, 9, 255]]
    assert count_colors([frame]) == 2
    assert count_colors([np.zeros((2, 2, 4), np.uint8)]) == 0
