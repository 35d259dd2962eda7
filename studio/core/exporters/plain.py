"""Plain export: PNG tile sheet + JSON listing each tile's corners and position in the sheet."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from studio.core.exporters.sheet import write_png, write_text
from studio.core.exporters.wang_sheet import WangSheet, prepare_wang_export
from studio.core.tiles.wang import corners_to_api


def build_plain_json(ws: WangSheet, image_name: str, lower: str, upper: str) -> dict:
    tiles = []
    for sheet_id, corner_index in enumerate(ws.order):
        col, row = ws.position(sheet_id)
        tiles.append({
            "id": sheet_id,
            "wang_index": corner_index,
            "corners": corners_to_api(corner_index),
            "column": col,
            "row": row,
            "x": col * ws.tile_width,
            "y": row * ws.tile_height,
            "width": ws.tile_width,
            "height": ws.tile_height,
        })
    return {
        "image": image_name,
        "tile_width": ws.tile_width,
        "tile_height": ws.tile_height,
        "columns": ws.columns,
        "terrains": {"lower": lower, "upper": upper},
        "index_formula": "8*NW + 4*NE + 2*SW + SE (upper = 1)",
        "tiles": tiles,
    }


def export_plain(
    tiles: Mapping[int, np.ndarray],
    folder: Path | str,
    name: str,
    lower: str = "lower",
    upper: str = "upper",
    columns: int = 4,
) -> dict[str, Path]:
    ws, paths = prepare_wang_export(tiles, folder, name, columns, "json")
    doc = build_plain_json(ws, paths["png"].name, lower, upper)
    write_png(paths["png"], ws.sheet)
    write_text(paths["json"], json.dumps(doc, indent=1))
    return paths
