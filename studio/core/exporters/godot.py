"""Godot 4 TileSet (``.tres``) with one atlas source and a corner-matching terrain set.

Terrain set 0 uses mode 1 (``TERRAIN_MODE_MATCH_CORNERS``) with terrain 0 = lower and 1 = upper.
Each tile gets ``terrain_set = 0``, a centre ``terrain`` (the majority of its corners, lower on a
2-2 tie) and the four corner peering bits (``top_left_corner`` = NW, ``top_right_corner`` = NE,
``bottom_left_corner`` = SW, ``bottom_right_corner`` = SE) set to the corner's terrain id.

The sheet's path is written so Godot finds it wherever the user saves: ``res://`` from the
nearest ``project.godot`` above the folder, or relative to the ``.tres`` outside a project.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from studio.core.exporters.sheet import ExportError, write_png, write_text
from studio.core.exporters.tiled import Terrain
from studio.core.exporters.wang_sheet import WangSheet, prepare_wang_export

TERRAIN_MODE_MATCH_CORNERS = 1
PEERING_BITS = ("top_left_corner", "top_right_corner", "bottom_left_corner",
                "bottom_right_corner")  # in (NW, NE, SW, SE) order


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _colour(rgb: tuple[int, int, int]) -> str:
    if len(rgb) < 3 or any(not 0 <= int(c) <= 255 for c in rgb[:3]):
        raise ExportError(f"a colour needs three 0..255 values, got {rgb}")
    r, g, b = (round(int(c) / 255, 6) for c in rgb[:3])
    return f"Color({r:g}, {g:g}, {b:g}, 1)"


def centre_terrain(corners: tuple[int, int, int, int]) -> int:
    return 1 if sum(corners) >= 3 else 0


def build_tres(ws: WangSheet, texture_path: str, lower: Terrain, upper: Terrain) -> str:
    lines = [
        '[gd_resource type="TileSet" load_steps=3 format=3]',
        "",
        f'[ext_resource type="Texture2D" path={_string(texture_path)} id="1_sheet"]',
        "",
        '[sub_resource type="TileSetAtlasSource" id="TileSetAtlasSource_wang"]',
        'texture = ExtResource("1_sheet")',
        f"texture_region_size = Vector2i({ws.tile_width}, {ws.tile_height})",
    ]
    for sheet_id in range(ws.tile_count):
        col, row = ws.position(sheet_id)
        corners = ws.corners(sheet_id)
        key = f"{col}:{row}/0"
        lines += [f"{key} = 0", f"{key}/terrain_set = 0",
                  f"{key}/terrain = {centre_terrain(corners)}"]
        lines += [f"{key}/terrains_peering_bit/{bit} = {value}"
                  for bit, value in zip(PEERING_BITS, corners, strict=True)]
    lines += [
        "",
        "[resource]",
        f"tile_size = Vector2i({ws.tile_width}, {ws.tile_height})",
        f"terrain_set_0/mode = {TERRAIN_MODE_MATCH_CORNERS}",
    ]
    for i, terrain in enumerate((lower, upper)):
        lines += [f"terrain_set_0/terrain_{i}/name = {_string(terrain.name)}",
                  f"terrain_set_0/terrain_{i}/color = {_colour(terrain.colour)}"]
    lines += ['sources/0 = SubResource("TileSetAtlasSource_wang")', ""]
    return "\n".join(lines)


def find_godot_project(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding a ``project.godot``, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / "project.godot").is_file():
            return candidate
    return None


def texture_path(png: Path) -> str:
    """``res://`` path of the PNG from the nearest Godot project above it; outside a project,
    the bare file name, which Godot resolves relative to the ``.tres`` next to it."""
    png = Path(png).absolute()
    root = find_godot_project(png.parent)
    if root is None:
        return png.name
    return "res://" + png.relative_to(root).as_posix()


def export_godot(
    tiles: Mapping[int, np.ndarray],
    folder: Path | str,
    name: str,
    lower: Terrain = Terrain("lower", (40, 90, 200)),
    upper: Terrain = Terrain("upper", (80, 170, 60)),
    res_folder: str | None = None,
    columns: int = 4,
) -> dict[str, Path]:
    """Write ``<name>.png`` and ``<name>.tres``.

    The texture path is ``res_folder + name.png`` when ``res_folder`` is given, else one that
    resolves wherever the files are saved: see :func:`texture_path`.
    """
    ws, paths = prepare_wang_export(tiles, folder, name, columns, "tres")
    if res_folder is None:
        texture = texture_path(paths["png"])
    else:
        texture = (res_folder if res_folder.endswith("/") else res_folder + "/") + f"{name}.png"
    text = build_tres(ws, texture, lower, upper)
    write_png(paths["png"], ws.sheet)
    write_text(paths["tres"], text)
    return paths
