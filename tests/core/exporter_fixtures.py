"""Shared test data for the exporter tests: distinct tile images keyed by corner index."""

from __future__ import annotations

import numpy as np

from studio.core.tiles.corners import corners_of


def tile_image(index: int, size: int = 8) -> np.ndarray:
    """A tile whose four quadrants show its corners (dark = lower, bright = upper) and whose
    top-left pixel encodes the index, so a test can read a tile back from the sheet."""
    img = np.zeros((size, size, 4), np.uint8)
    img[..., 3] = 255
    half = size // 2
    for (y, x), bit in zip([(0, 0), (0, half), (half, 0), (half, half)], corners_of(index),
                           strict=True):
        img[y : y + half, x : x + half, 1] = 220 if bit else 30
    img[0, 0, 0] = index * 10
    return img


def all_tiles(size: int = 8, skip: tuple[int, ...] = ()) -> dict[int, np.ndarray]:
    return {i: tile_image(i, size) for i in range(16) if i not in skip}
