"""A tile sheet of a corner Wang set, shared by the Tiled, Godot and plain exporters.

Input tiles are keyed by corner index (``8*NW + 4*NE + 2*SW + SE``), never by order or name.
The sheet holds them in index order, ``columns`` per row; each tile's sheet id is its position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.exporters.sheet import ExportError, pack_grid
from studio.core.tiles.wang import corners_of


@dataclass(frozen=True)
class WangSheet:
    sheet: np.ndarray
    tile_width: int
    tile_height: int
    columns: int
    order: tuple[int, ...]  # corner index of the tile at each sheet id

    @property
    def tile_count(self) -> int:
        return len(self.order)

    def sheet_id(self, corner_index: int) -> int:
        return self.order.index(corner_index)

    def position(self, sheet_id: int) -> tuple[int, int]:
        """(column, row) of a tile in the sheet."""
        return sheet_id % self.columns, sheet_id // self.columns

    def corners(self, sheet_id: int) -> tuple[int, int, int, int]:
        return corners_of(self.order[sheet_id])


def build_wang_sheet(tiles: Mapping[int, np.ndarray], columns: int = 4) -> WangSheet:
    if not tiles:
        raise ExportError("nothing to export: the tileset has no tiles")
    bad = [i for i in tiles if not (isinstance(i, int) and 0 <= i <= 15)]
    if bad:
        raise ExportError(f"tiles must be keyed by corner index 0..15, got {bad}")
    order = tuple(sorted(tiles))
    sheet, rects = pack_grid([tiles[i] for i in order], columns, "tile")
    cols = sheet.shape[1] // rects[0][2]
    return WangSheet(sheet, rects[0][2], rects[0][3], cols, order)


def prepare_wang_export(tiles: Mapping[int, np.ndarray], folder: Path | str, name: str,
                        columns: int, *kinds: str) -> tuple[WangSheet, dict[str, Path]]:
    """Check ``name``, build the sheet and name the files; writes nothing.

    The paths are ``folder/<name>.png`` (key ``"png"``) and ``folder/<name>.<kind>`` for each
    kind. Raises ExportError for a name that is no usable file name or for bad tiles.
    """
    if not name or any(c in name for c in '/\\:*?"<>|'):
        raise ExportError(f"{name!r} is not usable as a file name")
    ws = build_wang_sheet(tiles, columns)
    folder = Path(folder)
    return ws, {kind: folder / f"{name}.{kind}" for kind in ("png", *kinds)}


def hex_colour(rgb: tuple[int, int, int]) -> str:
    if len(rgb) < 3 or any(not 0 <= int(c) <= 255 for c in rgb[:3]):
        raise ExportError(f"a colour needs three 0..255 values, got {rgb}")
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgb[:3]))


def tile_images_from_api(tiles) -> dict[int, np.ndarray]:
    """Corner index -> RGBA array from API tiles (dicts or models with a PIL ``image``).

    Tiles are placed by their corners; a second tile with the same corners (a variant) is
    left out of the export sheet, keeping the first.
    """
    from studio.core.tiles.wang import tile_corner_index

    out: dict[int, np.ndarray] = {}
    for tile in tiles:
        image = tile.get("image") if isinstance(tile, Mapping) else getattr(tile, "image", None)
        if image is None:
            raise ExportError("a tile has no image")
        rgba = image if isinstance(image, np.ndarray) else np.asarray(image.convert("RGBA"))
        out.setdefault(tile_corner_index(tile), np.ascontiguousarray(rgba, dtype=np.uint8))
    return out
