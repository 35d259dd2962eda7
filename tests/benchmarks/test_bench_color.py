"""Issue 18 targets: colour reduction with Floyd-Steinberg, a shared palette over 64 frames, and
unzoom grid detection on 1024x1024. Run with --benchmark-enable (skipped by default)."""

from __future__ import annotations

import numpy as np

from studio.core.cleanup import detect_grid
from studio.core.color import ReduceOptions, count_colors, reduce_frames
from tests.core.unzoom_cases import add_noise, gaussian_blur, make_sprite, upscale


def _ai_like(size: int, seed: int) -> np.ndarray:
    """Smooth shading plus noise, as AI output has: thousands of distinct colours."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    rgb = np.stack([200 * x + 40 * np.sin(9 * y), 180 * y + 50 * x * y, 120 + 100 * np.cos(5 * x)],
                   -1)
    rgb = np.clip(rgb + rng.normal(0, 8, rgb.shape), 0, 255).astype(np.uint8)
    return np.dstack([rgb, np.full((size, size), 255, np.uint8)])


def test_bench_reduce_400_to_16_floyd_steinberg(benchmark) -> None:
    image = _ai_like(400, 1)
    options = ReduceOptions(count=16, method="kmeans", dither="floyd_steinberg")
    result = benchmark(reduce_frames, [image], options)
    assert count_colors([image]) > 10_000 and count_colors(result.frames) <= 16


def test_bench_shared_palette_64_frames_128_to_32(benchmark) -> None:
    frames = [_ai_like(128, seed) for seed in range(64)]
    result = benchmark(reduce_frames, frames, ReduceOptions(count=32, method="kmeans"))
    assert count_colors(result.frames) <= 32 and len(result.frames) == 64


def test_bench_unzoom_detection_1024(benchmark) -> None:
    rng = np.random.default_rng(5)
    sprite = make_sprite(rng, 128, 128)
    image = upscale(sprite, 8.0, (3.0, 5.0), (0, 0))[:1024, :1024]
    image = add_noise(gaussian_blur(image, 0.7), rng, 2.0)
    grid = benchmark(detect_grid, image)
    assert abs(grid.x.scale - 8.0) < 0.01 and abs(grid.y.scale - 8.0) < 0.01
