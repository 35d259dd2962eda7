"""Paint a corner map and lay a Wang tileset over it (for the gallery and the tile tests)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .common import make_rng
from .noise import fractal_noise


def paint_corners(cells: int, seed: int = 1, upper_share: float = 0.5) -> np.ndarray:
    """A (cells+1, cells+1) 0/1 corner map with blobby regions, like a hand-painted map."""
    field = fractal_noise(make_rng(seed), cells + 1, cells + 1, cells=max(2, cells // 4))
    threshold = np.quantile(field, 1.0 - upper_share)
    return (field >= threshold).astype(np.uint8)


def tile_indices(corners: np.ndarray) -> np.ndarray:
    """Per cell the Wang index NW*8 + NE*4 + SW*2 + SE of its four corners."""
    c = corners.astype(np.int32)
    return 8 * c[:-1, :-1] + 4 * c[:-1, 1:] + 2 * c[1:, :-1] + c[1:, 1:]


def compose_map(tiles: Mapping[int, np.ndarray], corners: np.ndarray) -> np.ndarray:
    """The map's pixels: every cell drawn with the tile of its corners."""
    indices = tile_indices(corners)
    th, tw = tiles[0].shape[:2]
    rows, cols = indices.shape
    out = np.zeros((rows * th, cols * tw, 4), dtype=np.uint8)
    for y in range(rows):
        for x in range(cols):
            out[y * th:(y + 1) * th, x * tw:(x + 1) * tw] = tiles[int(indices[y, x])]
    return out
