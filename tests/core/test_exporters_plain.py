"""Plain export: PNG sheet + JSON of each tile's corners and position."""

from __future__ import annotations

import json

import numpy as np
from PIL import Image

from studio.core.exporters.plain import export_plain
from studio.core.tiles.corners import index_from_corners
from tests.core.exporter_fixtures import all_tiles


def test_plain_json_matches_sheet(tmp_path):
    tiles = all_tiles(skip=(5,))
    paths = export_plain(tiles, tmp_path, "ts", "water", "sand")
    doc = json.loads(paths["json"].read_text())
    sheet = np.asarray(Image.open(paths["png"]).convert("RGBA"))
    assert doc["image"] == "ts.png" and doc["terrains"] == {"lower": "water", "upper": "sand"}
    assert len(doc["tiles"]) == 15
    for t in doc["tiles"]:
        index = index_from_corners(t["corners"])
        assert index == t["wang_index"]
        pixels = sheet[t["y"]:t["y"] + t["height"], t["x"]:t["x"] + t["width"]]
        assert np.array_equal(pixels, tiles[index])
    assert sorted(t["wang_index"] for t in doc["tiles"]) == sorted(tiles)
