"""Issue 22, tilesets: tiles of one terrain differ from tile to tile, yet the texture continues
across every tile border of a painted 16x16 map."""

from __future__ import annotations

import numpy as np
import pytest

from studio.offline.algorithms.tile_map import compose_map, paint_corners, tile_indices
from studio.offline.algorithms.wang import WangTile, wang_tileset

PAIRS = [("ocean water", "sand", 16), ("grass", "dirt path", 32), ("lava", "stone", 16)]


def painted(tiles: list[WangTile], seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(map pixels, terrain class per pixel, tile index per pixel) of a 16x16 painted map."""
    corners = paint_corners(16, seed=seed)
    image = compose_map({t.index: t.image for t in tiles}, corners)
    classes = compose_map({t.index: np.repeat(t.classes[..., None], 4, axis=2) for t in tiles},
                          corners)[..., 0]
    size = tiles[0].image.shape[0]
    cells = np.kron(tile_indices(corners), np.ones((size, size), dtype=np.int32))
    return image, classes, cells


def repeat_ratio(image: np.ndarray, classes: np.ndarray, cells: np.ndarray, lag: int) -> float:
    """How often a pixel equals the pixel one tile to its right, where both show the same
    terrain but belong to different tiles (1.0: every tile of a terrain is the same texture)."""
    same = (image[:, :-lag, :3] == image[:, lag:, :3]).all(axis=2)
    comparable = (classes[:, :-lag] == classes[:, lag:]) & (cells[:, :-lag] != cells[:, lag:])
    return float(same[comparable].mean())


def seam_ratio(image: np.ndarray, classes: np.ndarray, size: int) -> float:
    """Mean brightness step across tile borders over the mean step inside tiles, between
    horizontal neighbours of the same terrain (about 1: no visible seam)."""
    lum = image[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    step = np.abs(np.diff(lum, axis=1))
    same = classes[:, 1:] == classes[:, :-1]
    border = np.zeros(step.shape, dtype=bool)
    border[:, size - 1::size] = True
    return float(step[border & same].mean() / step[~border & same].mean())


@pytest.mark.parametrize(("lower", "upper", "size"), PAIRS)
def test_tiles_of_one_terrain_vary_across_a_painted_map(lower: str, upper: str,
                                                        size: int) -> None:
    ratios = []
    for seed in (1, 2, 3):
        tiles = wang_tileset(lower, upper, size, size, seed + 5, transition_size=0.25)
        ratios.append(repeat_ratio(*painted(tiles, seed), lag=size))
    assert np.mean(ratios) < 0.75  # the old per-terrain texture repeated exactly: 1.0


@pytest.mark.parametrize(("lower", "upper", "size"), PAIRS)
def test_texture_continues_across_tile_borders(lower: str, upper: str, size: int) -> None:
    ratios, broken = [], []
    for seed in (1, 2, 3):
        tiles = wang_tileset(lower, upper, size, size, seed + 5, transition_size=0.25)
        image, classes, _ = painted(tiles, seed)
        ratios.append(seam_ratio(image, classes, size))
        # the same tiles with their texture cut at a random place show the seams it measures
        rng = np.random.default_rng(seed)
        cut = [WangTile(t.index, t.corners, t.classes,
                        np.roll(t.image, int(rng.integers(3, size - 3)), axis=1))
               for t in tiles if t.index in (0, 15)] + [t for t in tiles if t.index not in (0, 15)]
        image, classes, _ = painted(cut, seed)
        broken.append(seam_ratio(image, classes, size))
    assert np.mean(ratios) < 1.3
    assert np.mean(broken) > np.mean(ratios) + 0.1


def test_the_whole_terrain_tiles_use_every_shade_of_their_terrain() -> None:
    """Tile 0 and 15 carry every colour their terrain uses in any tile (clients tell terrain
    apart by those colours)."""
    tiles = wang_tileset("ocean water", "desert sand", 32, 16, 21)
    lower = {tuple(c) for c in tiles[0].image.reshape(-1, 4)}
    upper = {tuple(c) for c in tiles[15].image.reshape(-1, 4)}
    for tile in tiles:
        colours = {tuple(c) for c in tile.image.reshape(-1, 4)}
        assert colours <= lower | upper | {tuple(c) for c in tile.image[tile.classes == 1]}
