"""Tiled export: TSX/TMX parsed back with pytiled_parser and xml.etree against the corner table."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from xml.etree import ElementTree as ET

import numpy as np
import pytest
import pytiled_parser
from PIL import Image

from studio.core.exporters.sheet import ExportError
from studio.core.exporters.tiled import Terrain, export_tiled, wangid
from studio.core.tiles.corners import CornerMap, corners_of
from tests.core.exporter_fixtures import all_tiles


def expected_wangid(index: int) -> list[int]:
    nw, ne, sw, se = corners_of(index)
    return [0, ne + 1, 0, se + 1, 0, sw + 1, 0, nw + 1]


def test_wangid_examples():
    assert wangid(0) == "0,1,0,1,0,1,0,1"
    assert wangid(15) == "0,2,0,2,0,2,0,2"
    assert wangid(1) == "0,1,0,2,0,1,0,1"  # SE only, like desert.tsx's example
    assert wangid(8) == "0,1,0,1,0,1,0,2"  # NW only


def test_tsx_parses_with_pytiled_parser(tmp_path):
    tiles = all_tiles()
    paths = export_tiled(tiles, tmp_path, "grass", Terrain("sand", (200, 180, 90)),
                         Terrain("grass", (60, 160, 60)))
    ts = pytiled_parser.parse_tileset(paths["tsx"])
    assert ts.tile_count == 16 and ts.columns == 4
    assert (ts.tile_width, ts.tile_height) == (8, 8)
    (wset,) = ts.wang_sets
    assert wset.wang_type == "corner"
    assert [c.name for c in wset.wang_colors] == ["sand", "grass"]
    sheet = np.asarray(Image.open(paths["png"]).convert("RGBA"))
    for tile_id, wt in wset.wang_tiles.items():
        col, row = tile_id % ts.columns, tile_id // ts.columns
        pixels = sheet[row * 8:(row + 1) * 8, col * 8:(col + 1) * 8]
        index = int(pixels[0, 0, 0]) // 10  # the fixture encodes its corner index here
        assert np.array_equal(pixels, tiles[index])
        assert wt.wang_id == expected_wangid(index)
    assert len(wset.wang_tiles) == 16


def test_tsx_with_xml_etree(tmp_path):
    paths = export_tiled(all_tiles(skip=(6, 9)), tmp_path, "partial")
    root = ET.parse(paths["tsx"]).getroot()
    assert root.tag == "tileset" and root.get("tilecount") == "14"
    image = root.find("image")
    assert image.get("source") == "partial.png"
    colours = root.findall("./wangsets/wangset/wangcolor")
    assert [c.get("name") for c in colours] == ["lower", "upper"]
    assert all(c.get("color").startswith("#") and len(c.get("color")) == 7 for c in colours)
    seen = set()
    for wt in root.findall("./wangsets/wangset/wangtile"):
        values = [int(v) for v in wt.get("wangid").split(",")]
        assert values[0::2] == [0, 0, 0, 0]
        ne, se, sw, nw = (v - 1 for v in values[1::2])
        seen.add(8 * nw + 4 * ne + 2 * sw + se)
    assert seen == set(range(16)) - {6, 9}


def test_tmx_preview_map(tmp_path):
    cmap = CornerMap(6, 4)
    cmap.noise_fill(0.5, seed=11)
    paths = export_tiled(all_tiles(), tmp_path, "set", map_indices=cmap.indices)
    tmap = pytiled_parser.parse_map(paths["tmx"])
    assert tmap.map_size.width == 6 and tmap.map_size.height == 4
    (layer,) = tmap.layers
    firstgid = next(iter(tmap.tilesets))
    ts = tmap.tilesets[firstgid]
    wang = ts.wang_sets[0].wang_tiles
    for y in range(4):
        for x in range(6):
            tile_id = layer.data[y][x] - firstgid
            assert wang[tile_id].wang_id == expected_wangid(int(cmap.indices[y, x]))
    csv = ET.parse(paths["tmx"]).getroot().find("./layer/data")
    assert csv.get("encoding") == "csv"
    rows = [[int(v) for v in r.strip().strip(",").split(",")] for r in csv.text.strip().split("\n")]
    assert rows == layer.data


def test_tmx_uses_fallback_for_missing_tiles(tmp_path):
    cmap = CornerMap(1, 1)
    cmap.set_corner(1, 1, 1)  # index 1 (SE only) is missing below
    paths = export_tiled(all_tiles(skip=(1,)), tmp_path, "fb", map_indices=cmap.indices)
    layer = pytiled_parser.parse_map(paths["tmx"]).layers[0]
    assert layer.data == [[1]]  # firstgid + sheet id 0, the all-lower tile (best match, lowest)


def test_bad_names_and_keys(tmp_path):
    with pytest.raises(ExportError, match="file name"):
        export_tiled(all_tiles(), tmp_path, "../evil")
    with pytest.raises(ExportError, match="corner index"):
        export_tiled({16: all_tiles()[0]}, tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("tiled") is None, reason="the Tiled editor (Debian package "
                    "'tiled') is not installed")
def test_tiled_itself_loads_the_tsx_and_tmx(tmp_path):
    """Tiled's own command line re-exports both files: they load, with a corner Wang set whose
    wangids are the corner table and a map whose tiles are the exported ones."""
    cmap = CornerMap(6, 4)
    cmap.noise_fill(0.5, seed=5)
    paths = export_tiled(all_tiles(), tmp_path, "set", map_indices=cmap.indices)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    for kind, source, target in (("--export-tileset", paths["tsx"], tmp_path / "ts.json"),
                                 ("--export-map", paths["tmx"], tmp_path / "map.json")):
        done = subprocess.run(["tiled", kind, "json", str(source), str(target)], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
    tileset = json.loads((tmp_path / "ts.json").read_text())
    (wang_set,) = tileset["wangsets"]
    assert wang_set["type"] == "corner" and len(wang_set["colors"]) == 2
    wang_of = {t["tileid"]: t["wangid"] for t in wang_set["wangtiles"]}
    layer = json.loads((tmp_path / "map.json").read_text())["layers"][0]
    assert (layer["width"], layer["height"]) == (6, 4)
    for n, gid in enumerate(layer["data"]):
        y, x = divmod(n, 6)
        assert wang_of[gid - 1] == expected_wangid(int(cmap.indices[y, x]))
