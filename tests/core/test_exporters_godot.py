"""Godot 4 .tres export checked with a small parser against each tile's corners."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.core.exporters.godot import export_godot
from studio.core.exporters.sheet import ExportError
from studio.core.exporters.tiled import Terrain
from studio.core.tiles.corners import corners_of
from tests.core.exporter_fixtures import all_tiles

SECTION = re.compile(r"^\[(\w+)(.*)\]$")
ATTR = re.compile(r'(\w+)=("[^"]*"|\S+)')


def parse_tres(text: str) -> list[tuple[str, dict, dict]]:
    """[(section kind, header attributes, properties)] of a text resource."""
    sections: list[tuple[str, dict, dict]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        m = SECTION.match(line)
        if m:
            attrs = {k: v.strip('"') for k, v in ATTR.findall(m.group(2))}
            sections.append((m.group(1), attrs, {}))
            continue
        key, sep, value = line.partition(" = ")
        assert sep, f"not a property line: {line!r}"
        assert sections, "property before any section"
        sections[-1][2][key] = value
    return sections


def test_tres_structure_and_peering_bits(tmp_path):
    tiles = all_tiles(16)
    paths = export_godot(tiles, tmp_path, "beach", Terrain("sand", (255, 0, 0)),
                         Terrain("grass", (0, 255, 0)), res_folder="res://tiles")
    sections = parse_tres(paths["tres"].read_text())
    kinds = [s[0] for s in sections]
    assert kinds == ["gd_resource", "ext_resource", "sub_resource", "resource"]
    head, ext, sub, res = (s for s in sections)
    assert head[1]["type"] == "TileSet" and head[1]["format"] == "3"
    assert ext[1]["type"] == "Texture2D" and ext[1]["path"] == "res://tiles/beach.png"
    assert sub[1]["type"] == "TileSetAtlasSource"
    assert sub[2]["texture"] == f'ExtResource("{ext[1]["id"]}")'
    assert sub[2]["texture_region_size"] == "Vector2i(16, 16)"
    props = res[2]
    assert props["terrain_set_0/mode"] == "1"  # TERRAIN_MODE_MATCH_CORNERS
    assert props["terrain_set_0/terrain_0/name"] == '"sand"'
    assert props["terrain_set_0/terrain_1/name"] == '"grass"'
    assert props["terrain_set_0/terrain_0/color"] == "Color(1, 0, 0, 1)"
    assert props["sources/0"] == f'SubResource("{sub[1]["id"]}")'
    sheet = np.asarray(Image.open(paths["png"]).convert("RGBA"))
    atlas = sub[2]
    coords = {k.split("/")[0] for k in atlas if re.match(r"^\d+:\d+/0$", k)}
    assert len(coords) == 16
    for key in coords:
        col, row = (int(v) for v in key.split(":"))
        index = int(sheet[row * 16, col * 16, 0]) // 10
        nw, ne, sw, se = corners_of(index)
        p = f"{key}/0"
        assert atlas[f"{p}/terrain_set"] == "0"
        assert atlas[f"{p}/terrains_peering_bit/top_left_corner"] == str(nw)
        assert atlas[f"{p}/terrains_peering_bit/top_right_corner"] == str(ne)
        assert atlas[f"{p}/terrains_peering_bit/bottom_left_corner"] == str(sw)
        assert atlas[f"{p}/terrains_peering_bit/bottom_right_corner"] == str(se)
        assert atlas[f"{p}/terrain"] == ("1" if nw + ne + sw + se >= 3 else "0")


def test_godot_escapes_and_errors(tmp_path):
    paths = export_godot(all_tiles(), tmp_path, "x", Terrain('say "hi"', (1, 2, 3)))
    assert 'terrain_set_0/terrain_0/name = "say \\"hi\\""' in paths["tres"].read_text()
    with pytest.raises(ExportError, match="colour"):
        export_godot(all_tiles(), tmp_path, "y", Terrain("a", (300, 0, 0)))
    assert not (tmp_path / "y.tres").exists()


def _texture_path(tres: Path) -> str:
    ext = [s for s in parse_tres(tres.read_text()) if s[0] == "ext_resource"][0]
    return ext[1]["path"]


def test_texture_path_from_nearest_godot_project(tmp_path):
    (tmp_path / "game").mkdir()
    (tmp_path / "game" / "project.godot").write_text("config_version=5\n")
    folder = tmp_path / "game" / "art" / "tilesets"
    paths = export_godot(all_tiles(8), folder, "beach")
    assert _texture_path(paths["tres"]) == "res://art/tilesets/beach.png"
    assert (folder / "beach.png").is_file()


def test_texture_path_outside_a_project_is_relative_to_the_tres(tmp_path):
    paths = export_godot(all_tiles(8), tmp_path / "out", "beach")
    assert _texture_path(paths["tres"]) == "beach.png"
    assert (paths["tres"].parent / _texture_path(paths["tres"])).is_file()
