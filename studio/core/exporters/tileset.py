"""Glue between a :class:`GeneratedTileset` and the core exporters (no Qt here).

Terrain colours for Tiled and Godot are the average colours of the all-lower and all-upper tiles,
so the engines' terrain swatches look like the terrain.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.core.exporters import godot, plain, tiled
from studio.core.tiles.record import GeneratedTileset

FALLBACK_COLOURS = ((40, 90, 200), (80, 170, 60))


def file_stem(record: GeneratedTileset) -> str:
    """A safe file name from the terrain names, e.g. ``ocean_sand``."""
    raw = f"{record.lower}_{record.upper}".lower()
    cleaned = "".join(c if c.isalnum() else "_" for c in raw)
    return "_".join(part for part in cleaned.split("_") if part) or "tileset"


def terrain_colour(record: GeneratedTileset, index: int, default: tuple[int, int, int]
                   ) -> tuple[int, int, int]:
    """Mean opaque colour of tile ``index`` (0 = all lower, 15 = all upper)."""
    tile = record.tiles.get(index)
    if tile is None:
        return default
    opaque = tile[tile[..., 3] > 0]
    if len(opaque) == 0:
        return default
    r, g, b = (int(round(c)) for c in opaque[:, :3].mean(axis=0))
    return (r, g, b)


def _terrains(record: GeneratedTileset) -> tuple[tiled.Terrain, tiled.Terrain]:
    return (tiled.Terrain(record.lower, terrain_colour(record, 0, FALLBACK_COLOURS[0])),
            tiled.Terrain(record.upper, terrain_colour(record, 15, FALLBACK_COLOURS[1])))


def export_tiled(record: GeneratedTileset, folder: Path,
                 map_indices: np.ndarray | None = None) -> list[Path]:
    """PNG sheet + TSX corner Wang set (+ TMX of the preview map when indices are given)."""
    lower, upper = _terrains(record)
    paths = tiled.export_tiled(record.tiles, folder, file_stem(record), lower, upper,
                               map_indices=map_indices)
    return list(paths.values())


def export_godot(record: GeneratedTileset, folder: Path) -> list[Path]:
    """PNG sheet + Godot 4 ``.tres`` TileSet with a corner-matching terrain set."""
    lower, upper = _terrains(record)
    paths = godot.export_godot(record.tiles, folder, file_stem(record), lower, upper)
    return list(paths.values())


def export_plain(record: GeneratedTileset, folder: Path) -> list[Path]:
    """PNG sheet + JSON with each tile's corners and position."""
    paths = plain.export_plain(record.tiles, folder, file_stem(record), record.lower,
                               record.upper)
    return list(paths.values())
