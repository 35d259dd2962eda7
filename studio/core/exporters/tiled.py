"""Tiled export: PNG tile sheet + TSX with a corner Wang set, and optionally a TMX preview map.

Wang colour 1 is the lower terrain and 2 the upper one. A corner set uses only the odd wangid
positions: ``wangid = "0,NE,0,SE,0,SW,0,NW"`` with each value 1 + the corner's bit
(editors.md 3(b)/(d)). Map cells are ``gid = firstgid + sheet tile id``; a map cell whose corner
combination has no tile uses the tileset's best partial match (as the preview shows it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np

from studio.core.exporters.sheet import ExportError, write_png, write_text
from studio.core.exporters.wang_sheet import WangSheet, hex_colour, prepare_wang_export
from studio.core.tiles.wang import TileSetTerrain

TILED_VERSION = "1.10"
TILED_APP_VERSION = "1.10.2"


@dataclass(frozen=True)
class Terrain:
    name: str
    colour: tuple[int, int, int]


def wangid(corner_index: int) -> str:
    nw, ne, sw, se = ((corner_index >> s) & 1 for s in (3, 2, 1, 0))
    return f"0,{ne + 1},0,{se + 1},0,{sw + 1},0,{nw + 1}"


def _xml(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def build_tsx(ws: WangSheet, name: str, image_name: str, lower: Terrain, upper: Terrain) -> str:
    ts = ET.Element("tileset", {
        "version": TILED_VERSION, "tiledversion": TILED_APP_VERSION, "name": name,
        "tilewidth": str(ws.tile_width), "tileheight": str(ws.tile_height),
        "tilecount": str(ws.tile_count), "columns": str(ws.columns),
    })
    ET.SubElement(ts, "image", {"source": image_name, "width": str(ws.sheet.shape[1]),
                                "height": str(ws.sheet.shape[0])})
    sets = ET.SubElement(ts, "wangsets")
    rep = ws.order.index(15) if 15 in ws.order else 0
    wset = ET.SubElement(sets, "wangset", {"name": name, "type": "corner", "tile": str(rep)})
    for terrain, full in ((lower, 0), (upper, 15)):
        tile = ws.order.index(full) if full in ws.order else -1
        ET.SubElement(wset, "wangcolor", {"name": terrain.name,
                                          "color": hex_colour(terrain.colour),
                                          "tile": str(tile), "probability": "1"})
    for sheet_id, corner_index in enumerate(ws.order):
        ET.SubElement(wset, "wangtile", {"tileid": str(sheet_id), "wangid": wangid(corner_index)})
    return _xml(ts)


def build_tmx(ws: WangSheet, map_indices: np.ndarray, tsx_name: str, firstgid: int = 1) -> str:
    """A map with one CSV tile layer; ``map_indices`` is (H, W) of wanted corner indices."""
    if map_indices.ndim != 2 or map_indices.size == 0:
        raise ExportError("the preview map must be a non-empty (H, W) grid of corner indices")
    lookup = TileSetTerrain()
    for sheet_id, corner_index in enumerate(ws.order):
        lookup.add_tile(corner_index, sheet_id)
    used, _fallback = lookup.fallback_table()
    sheet_ids = {c: s for s, c in enumerate(ws.order)}
    gids = np.vectorize(lambda i: firstgid + sheet_ids[used[int(i)]])(map_indices)
    h, w = map_indices.shape
    root = ET.Element("map", {
        "version": TILED_VERSION, "tiledversion": TILED_APP_VERSION,
        "orientation": "orthogonal", "renderorder": "right-down",
        "width": str(w), "height": str(h), "tilewidth": str(ws.tile_width),
        "tileheight": str(ws.tile_height), "infinite": "0",
        "nextlayerid": "2", "nextobjectid": "1",
    })
    ET.SubElement(root, "tileset", {"firstgid": str(firstgid), "source": tsx_name})
    layer = ET.SubElement(root, "layer", {"id": "1", "name": "terrain", "width": str(w),
                                          "height": str(h)})
    data = ET.SubElement(layer, "data", {"encoding": "csv"})
    data.text = "\n" + ",\n".join(",".join(str(int(g)) for g in row) for row in gids) + "\n"
    return _xml(root)


def export_tiled(
    tiles: Mapping[int, np.ndarray],
    folder: Path | str,
    name: str,
    lower: Terrain = Terrain("lower", (40, 90, 200)),
    upper: Terrain = Terrain("upper", (80, 170, 60)),
    map_indices: np.ndarray | None = None,
    columns: int = 4,
) -> dict[str, Path]:
    """Write ``<name>.png``, ``<name>.tsx`` and (with ``map_indices``) ``<name>.tmx``."""
    ws, paths = prepare_wang_export(tiles, folder, name, columns, "tsx")
    tsx = build_tsx(ws, name, paths["png"].name, lower, upper)
    tmx = None if map_indices is None else build_tmx(ws, np.asarray(map_indices), f"{name}.tsx")
    write_png(paths["png"], ws.sheet)
    write_text(paths["tsx"], tsx)
    if tmx is not None:
        paths["tmx"] = Path(folder) / f"{name}.tmx"
        write_text(paths["tmx"], tmx)
    return paths
