"""Corner Wang maths, autotiling, fallback and layered terrain maps."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.tiles.corners import (
    CornerMap,
    TileSetTerrain,
    WangError,
    corners_of,
    corners_to_api,
    index_from_corners,
    match_score,
    tile_index,
)
from studio.core.tiles.layers import LayeredTerrainMap

# the table of editors.md 3(d): index -> (NW, NE, SW, SE)
TABLE = {
    0: (0, 0, 0, 0), 1: (0, 0, 0, 1), 2: (0, 0, 1, 0), 3: (0, 0, 1, 1),
    4: (0, 1, 0, 0), 5: (0, 1, 0, 1), 6: (0, 1, 1, 0), 7: (0, 1, 1, 1),
    8: (1, 0, 0, 0), 9: (1, 0, 0, 1), 10: (1, 0, 1, 0), 11: (1, 0, 1, 1),
    12: (1, 1, 0, 0), 13: (1, 1, 0, 1), 14: (1, 1, 1, 0), 15: (1, 1, 1, 1),
}


def full_tileset(shuffle_seed: int = 0) -> TileSetTerrain:
    """16 API-style tiles in a shuffled order with names that do not match their index."""
    order = list(range(16))
    np.random.default_rng(shuffle_seed).shuffle(order)
    tiles = [{"id": f"tile-{i}", "name": f"wang_{(i + 5) % 16}", "corners": corners_to_api(i)}
             for i in order]
    return TileSetTerrain.from_api_tiles(tiles, "sand", "grass")


def test_index_table_matches_editors_md():
    for i, corners in TABLE.items():
        assert corners_of(i) == corners
        assert tile_index(*corners) == i
        api = {n: ("upper" if b else "lower") for n, b in zip(("NW", "NE", "SW", "SE"),
                                                                corners, strict=True)}
        assert index_from_corners(api) == i


def test_bad_corner_values():
    with pytest.raises(WangError, match="lower"):
        index_from_corners({"NW": "middle", "NE": "lower", "SW": "lower", "SE": "lower"})
    with pytest.raises(WangError, match="SE"):
        index_from_corners({"NW": "lower", "NE": "lower", "SW": "lower"})
    with pytest.raises(WangError):
        tile_index(0, 2, 0, 0)


def test_tiles_keyed_by_corners_not_order():
    ts = full_tileset(3)
    for i in range(16):
        assert ts.key_for(i) == (f"tile-{i}", False)


def test_every_corner_pattern_resolves_to_its_tile():
    ts = full_tileset()
    cmap = CornerMap(1, 1)
    for i, (nw, ne, sw, se) in TABLE.items():
        cmap.set_corner(0, 0, nw)
        cmap.set_corner(1, 0, ne)
        cmap.set_corner(0, 1, sw)
        cmap.set_corner(1, 1, se)
        assert cmap.resolve_cell(0, 0, ts) == (f"tile-{i}", False)


def test_painted_corner_changes_exactly_four_tiles():
    cmap = CornerMap(6, 5)
    before = cmap.indices.copy()
    changed = cmap.set_corner(3, 2, 1)
    assert sorted(changed) == [(2, 1), (2, 2), (3, 1), (3, 2)]
    diff = np.argwhere(cmap.indices != before)
    assert sorted((int(x), int(y)) for y, x in diff) == sorted(changed)
    assert cmap.indices[2, 3] == 8 and cmap.indices[2, 2] == 4
    assert cmap.indices[1, 3] == 2 and cmap.indices[1, 2] == 1
    assert cmap.set_corner(3, 2, 1) == []  # same value: nothing changes
    assert sorted(cmap.set_corner(0, 0, 1)) == [(0, 0)]  # map corner: one tile


def test_set_corner_rejects_bad_input_without_change():
    cmap = CornerMap(3, 3)
    with pytest.raises(WangError, match="outside"):
        cmap.set_corner(4, 0, 1)
    with pytest.raises(WangError, match="0 \\(lower\\)"):
        cmap.set_corner(1, 1, 2)
    assert not cmap.vertices.any()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 7), st.integers(0, 1)),
                max_size=60))
def test_incremental_indices_equal_full_recompute(edits):
    cmap = CornerMap(9, 7)
    for vx, vy, v in edits:
        cmap.set_corner(vx, vy, v)
    expected = CornerMap(9, 7)
    expected._apply(cmap.vertices.copy())
    assert np.array_equal(cmap.indices, expected.indices)
    v = cmap.vertices.astype(int)
    for y in range(7):
        for x in range(9):
            assert cmap.indices[y, x] == 8 * v[y, x] + 4 * v[y, x + 1] + 2 * v[y + 1, x] + v[
                y + 1, x + 1]


def test_fallback_best_partial_match_and_report():
    ts = TileSetTerrain()
    for i in (0, 15, 3, 12):  # all lower, all upper, south half, north half
        ts.add_tile(i, f"t{i}")
    used, fallback = ts.fallback_table()
    assert used[3] == 3 and not fallback[3]
    assert used[1] == 0 and fallback[1]  # SE only: 0 and 3 both share 3 bits -> lowest
    assert used[7] == 3  # 0111: 3 (0011) scores 3 matches; 15 also 3 -> lowest index wins
    for wanted in range(16):
        best = max(match_score(wanted, c) for c in (0, 15, 3, 12))
        assert match_score(wanted, used[wanted]) == best
    cmap = CornerMap(2, 1)
    cmap.set_corner(2, 1, 1)  # tile (1, 0) becomes index 1 (SE only): missing
    cmap.set_corner(0, 0, 1)  # tile (0, 0) becomes index 8 (NW only): missing -> 12 or 0
    res = cmap.resolve(ts)
    assert ts.fallback_table()[0][8] == 0
    assert res.keys == [["t0", "t0"]]
    assert res.fallback_cells() == [(0, 0), (1, 0)]


def test_match_score_values():
    assert match_score(5, 5) == 40
    assert match_score(0, 15) == -8
    assert match_score(0b1000, 0) == 28


def test_empty_tileset_is_an_error():
    with pytest.raises(WangError, match="no tiles"):
        CornerMap(1, 1).resolve(TileSetTerrain())


def test_variants_are_deterministic_and_weighted():
    ts = full_tileset()
    ts.add_tile(0, "tile-0-alt", probability=3.0)
    cmap = CornerMap(20, 20)
    first = cmap.resolve(ts).keys
    assert first == cmap.resolve(ts).keys
    flat = [k for row in first for k in row]
    assert set(flat) == {"tile-0", "tile-0-alt"}
    assert flat.count("tile-0-alt") > flat.count("tile-0")


def test_brush_fill_noise():
    cmap = CornerMap(10, 10)
    changed = cmap.paint(5, 5, 1, size=3, shape="square")
    assert cmap.vertices[4:7, 4:7].all() and cmap.vertices.sum() == 9
    assert len(changed) == 16  # 4x4 tiles touch the 3x3 vertex block
    cmap.paint(0, 0, 1, size=4, shape="round")
    assert cmap.vertices[0, 0] == 1
    cmap2 = CornerMap(4, 4)
    cmap2.vertices[2, :] = 1
    cmap2._apply(cmap2.vertices.copy())
    cmap2.fill(0, 0, 1)
    assert cmap2.vertices[:2].all() and not cmap2.vertices[3:].any()
    a, b = CornerMap(16, 16), CornerMap(16, 16)
    a.noise_fill(0.5, seed=4)
    b.noise_fill(0.5, seed=4)
    assert np.array_equal(a.vertices, b.vertices) and 0 < a.vertices.sum() < 17 * 17
    with pytest.raises(WangError, match="density"):
        a.noise_fill(1.5)


def test_json_round_trip_and_errors():
    cmap = CornerMap(5, 3)
    cmap.noise_fill(0.4, seed=1)
    data = json.loads(json.dumps(cmap.to_json()))
    back = CornerMap.from_json(data)
    assert np.array_equal(back.vertices, cmap.vertices)
    assert np.array_equal(back.indices, cmap.indices)
    data["vertices"] = data["vertices"][:-1]
    with pytest.raises(WangError, match="rows"):
        CornerMap.from_json(data)
    with pytest.raises(WangError, match="missing"):
        CornerMap.from_json({"width": 2})
    ts = full_tileset(2)
    ts2 = TileSetTerrain.from_json(json.loads(json.dumps(ts.to_json())))
    assert all(ts2.key_for(i) == ts.key_for(i) for i in range(16))


def test_resize_keeps_top_left():
    cmap = CornerMap(4, 4)
    cmap.set_corner(1, 1, 1)
    cmap.resize(8, 2)
    assert cmap.vertices.shape == (3, 9) and cmap.vertices[1, 1] == 1
    assert cmap.indices.shape == (2, 8)


# ---- layered ---------------------------------------------------------------------------


def _pair(lower: str, upper: str) -> TileSetTerrain:
    ts = TileSetTerrain(lower, upper)
    for i in range(16):
        ts.add_tile(i, f"{lower}/{upper}#{i}")
    return ts


def test_layered_chain_validation():
    with pytest.raises(WangError, match="must start with terrain 'sand'"):
        LayeredTerrainMap(4, 4, [_pair("ocean", "sand"), _pair("grass", "rock")])
    tmap = LayeredTerrainMap(4, 4, [_pair("ocean", "sand"), _pair("sand", "grass")])
    assert tmap.terrains == ["ocean", "sand", "grass"]
    with pytest.raises(WangError, match="unknown terrain"):
        tmap.set_corner(0, 0, "lava")


def test_layered_resolution():
    tmap = LayeredTerrainMap(3, 3, [_pair("ocean", "sand"), _pair("sand", "grass")])
    assert sorted(tmap.set_corner(1, 1, "grass")) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    res = tmap.resolve()
    # tile (1,1): NW corner is grass -> ocean/sand sees upper at NW (8), sand/grass too (8)
    assert res.layers[0].keys[1][1] == "ocean/sand#8"
    assert res.layers[1].keys[1][1] == "sand/grass#8" and res.visible[1, 1, 1]
    assert not res.visible[1, 2, 2] and res.visible[0, 2, 2]
    assert res.conflicts[1, 1]  # grass corner next to ocean corners skips sand
    tmap.set_corner(1, 1, "sand")
    res = tmap.resolve()
    assert not res.conflicts.any() and not res.visible[1].any()
    assert res.layers[0].keys[0][0] == "ocean/sand#1"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4), st.integers(0, 2)),
                max_size=40))
def test_layered_incremental_equals_recompute(edits):
    tmap = LayeredTerrainMap(5, 4, [_pair("ocean", "sand"), _pair("sand", "grass")])
    for vx, vy, t in edits:
        tmap.set_corner(vx, vy, t)
    incremental = tmap.indices.copy()
    tmap._recompute()
    assert np.array_equal(incremental, tmap.indices)


def test_layered_json_round_trip():
    tmap = LayeredTerrainMap(4, 3, [_pair("ocean", "sand"), _pair("sand", "grass")])
    tmap.set_corner(2, 2, 2)
    back = LayeredTerrainMap.from_json(json.loads(json.dumps(tmap.to_json())))
    assert np.array_equal(back.vertices, tmap.vertices)
    assert back.terrains == tmap.terrains
    bad = tmap.to_json()
    bad["vertices"][0][0] = 7
    with pytest.raises(WangError, match="terrain ids"):
        LayeredTerrainMap.from_json(bad)


def test_from_api_tile_models_keyed_by_corners():
    from PIL import Image

    from studio.api.tiles import Tile
    from studio.core.exporters.wang_sheet import tile_images_from_api

    tiles = [Tile(id=f"t{i}", name=f"wang_{15 - i}", corners=corners_to_api(i),
                  image=Image.new("RGBA", (4, 4), (i, 0, 0, 255))) for i in range(16)]
    tiles.reverse()
    ts = TileSetTerrain.from_api_tiles(tiles)
    assert ts.complete and all(ts.key_for(i) == (f"t{i}", False) for i in range(16))
    images = tile_images_from_api(tiles)
    assert sorted(images) == list(range(16))
    assert all(int(images[i][0, 0, 0]) == i for i in range(16))
    with pytest.raises(WangError, match="lower"):
        TileSetTerrain.from_api_tiles([{"id": "x", "corners": {"NW": "transition", "NE": "lower",
                                                                "SW": "lower", "SE": "lower"}}])
