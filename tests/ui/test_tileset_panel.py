"""Tileset panel: every POST /tilesets field, validation, reference images, chaining, exports."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import pytiled_parser
from PIL import Image

from studio.api.requests import TilesetRequest
from studio.core.tiles.corners import corners_of
from studio.core.tiles.project_state import shares_terrain
from studio.core.tiles.record import (
    GeneratedTileset,
    corner_index_of_label,
    corners_label,
    from_api_tileset,
)
from studio.ui.tileset.tileset_panel import TilesetPanel
from tests.ui.generation_helpers import qloop, run, wait_for  # noqa: F401
from tests.ui.tileset_helpers import corner_tile, corner_tiles

TS = 16
CANVAS = np.full((20, 20, 4), (10, 200, 30, 255), dtype=np.uint8)


@pytest.fixture
def loop(request):
    """The qasync loop of generation_helpers (coroutines and Qt events together)."""
    return request.getfixturevalue("qloop")


@pytest.fixture
def panel(qtbot) -> TilesetPanel:
    widget = TilesetPanel(canvas_image=lambda: CANVAS)
    qtbot.addWidget(widget)
    return widget


def _fill_every_field(panel: TilesetPanel, tmp_path: Path) -> None:
    form = panel.form
    form.lower.setText("ocean")
    form.upper.setText("sand")
    form.transition.setText("wet sand")
    form.tile_size.setCurrentIndex(1)
    form.view.setCurrentText("high top-down")
    form.guidance.setValue(11.5)
    form.outline.setCurrentText("lineless")
    form.shading.setCurrentText("basic shading")
    form.detail.setCurrentText("low detail")
    form.tile_strength.setValue(1.4)
    form.adherence.setValue(250)
    form.adherence_freedom.setValue(700)
    form.transition_size.setCurrentIndex(2)
    file_png = tmp_path / "ref.png"
    Image.new("RGBA", (8, 8), (200, 10, 10, 255)).save(file_png)
    assert form.images["lower_reference_image"].take_from_canvas()
    assert form.images["upper_reference_image"].load_file(file_png)
    assert form.images["transition_reference_image"].take_from_canvas()
    assert form.images["color_image"].load_file(file_png)
    form.seed.setValue(1234)
    form.set_chain("base-lower", "base-upper")


def test_every_field_reaches_the_request(panel, tmp_path):
    _fill_every_field(panel, tmp_path)
    request, message = panel.form.build_request()
    assert message == "" and isinstance(request, TilesetRequest)
    body = request.to_api_json()
    assert body["lower_description"] == "ocean" and body["upper_description"] == "sand"
    assert body["transition_description"] == "wet sand"
    assert body["tile_size"] == {"width": 32, "height": 32}
    assert body["view"] == "high top-down" and body["text_guidance_scale"] == 11.5
    assert (body["outline"], body["shading"], body["detail"]) == (
        "lineless", "basic shading", "low detail")
    assert body["tile_strength"] == pytest.approx(1.4)
    assert body["tileset_adherence"] == 250 and body["tileset_adherence_freedom"] == 700
    assert body["transition_size"] == 0.5 and body["seed"] == 1234
    assert body["lower_base_tile_id"] == "base-lower"
    assert body["upper_base_tile_id"] == "base-upper"
    for name in ("lower_reference_image", "upper_reference_image",
                 "transition_reference_image", "color_image"):
        assert body[name]["type"] == "base64" and len(body[name]["base64"]) > 20
    lower_ref = request.lower_reference_image.to_pil()
    assert lower_ref.size == (20, 20) and lower_ref.getpixel((0, 0)) == (10, 200, 30, 255)
    assert request.upper_reference_image.to_pil().getpixel((0, 0)) == (200, 10, 10, 255)


def test_defaults_leave_optional_fields_to_the_service(panel):
    panel.form.lower.setText("lava")
    panel.form.upper.setText("rock")
    body = panel.form.build_request()[0].to_api_json()
    for name in ("view", "outline", "shading", "detail", "seed", "lower_base_tile_id",
                 "color_image", "lower_reference_image"):
        assert name not in body


def test_missing_descriptions_are_shown_next_to_the_fields_and_nothing_is_sent(panel):
    sent = []
    panel.runner.submit_fn = lambda request: sent.append(request)
    panel.form.upper.setText("sand")
    assert panel.start_generation() is False
    assert "lower description" in panel.status.text()
    assert "border" in panel.form.lower.styleSheet() and panel.form.lower.toolTip()
    assert panel.form.upper.styleSheet() == ""
    assert sent == []
    panel.form.lower.setText("ocean")
    request, _ = panel.form.build_request()
    assert request is not None and panel.form.lower.styleSheet() == ""


def test_a_bad_reference_file_keeps_the_previous_image(panel, tmp_path):
    field = panel.form.images["color_image"]
    assert field.take_from_canvas()
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG not really")
    assert field.load_file(bad) is False
    assert "cannot read broken.png" in field.error
    assert field.image is not None and field.image.size == (20, 20)
    huge = tmp_path / "huge.png"
    Image.new("RGBA", (2048, 1024)).save(huge)
    assert field.load_file(huge) is False and "at most" in field.error
    field.clear()
    assert field.image is None


def test_tiles_from_the_api_are_keyed_by_corners_not_order():
    shuffled = [5, 0, 15, 9, 3, 12, 7, 1, 14, 2, 11, 4, 8, 13, 6, 10]
    names = ("lower", "upper")
    tiles = [{"id": f"t{i}", "name": f"wang_{(i + 3) % 16}",  # names deliberately misleading
              "corners": dict(zip(("NW", "NE", "SW", "SE"),
                                  (names[b] for b in corners_of(i)), strict=True)),
              "image": Image.fromarray(corner_tile(i, TS))} for i in shuffled]
    tiles.append({"id": "tx", "name": "wang_t", "image": Image.fromarray(corner_tile(0, TS)),
                  "corners": {"NW": "transition", "NE": "lower", "SW": "lower", "SE": "lower"}})
    record = from_api_tileset({"tiles": tiles, "id": "ts1"}, "ocean", "sand")
    assert sorted(record.tiles) == list(range(16)) and record.skipped == ["wang_t"]
    for index in range(16):
        np.testing.assert_array_equal(record.tiles[index], corner_tile(index, TS))
    ids = record.match_library([(100 + i, corner_tile(i, TS)) for i in (3, 7, 15)])
    assert ids == {3: 103, 7: 107, 15: 115}


def test_library_results_link_to_tiles_by_their_corner_labels():
    """Identical tiles (e.g. the two all-lower/all-upper fills) cannot be told apart by pixels;
    the corner label the queue stored can."""
    same = corner_tile(0, TS)
    record = GeneratedTileset("ocean", "sand", TS, {i: same for i in range(16)})
    rows = [SimpleNamespace(id=200 + i, label=corners_label(i)) for i in (15, 2, 9)]
    rows += [SimpleNamespace(id=300, label=""),
             SimpleNamespace(id=301, label="corners NW=transition NE=lower SW=lower SE=lower")]
    unlabelled = record.link_labels(rows)
    assert record.result_ids == {15: 215, 2: 202, 9: 209}
    assert [r.id for r in unlabelled] == [300, 301]
    assert corners_label(6) == "corners NW=lower NE=upper SW=upper SE=lower"
    assert corner_index_of_label(corners_label(6)) == 6
    for bad in ("", "corners", "corners NW=upper", "corners NW NE SW SE", "tile 3", None):
        assert corner_index_of_label(bad) is None


def test_chaining_prefills_the_form_and_layers_a_sharing_tileset(panel):
    ocean_sand = GeneratedTileset("ocean", "sand", TS, corner_tiles(TS), "a",
                                  "base-ocean", "base-sand")
    panel.add_tileset(ocean_sand)
    panel.chain_from(ocean_sand)
    assert panel.form.lower.text() == "sand" and panel.form.upper.text() == ""
    assert panel.form.lower_base.text() == "base-sand"
    sand_grass = GeneratedTileset("Sand", "grass", TS, corner_tiles(TS, lower=1, upper=2), "b",
                                  "base-sand", "base-grass")
    assert shares_terrain(ocean_sand, sand_grass)
    panel.add_tileset(sand_grass)  # continues the top terrain: layered automatically
    assert [r.label for r in panel.layers] == ["ocean / sand", "Sand / grass"]
    assert panel.preview.model.terrains == ["ocean", "sand", "grass"]
    assert [panel.controls.terrain.itemText(i) for i in range(3)] == ["ocean", "sand", "grass"]
    lava = GeneratedTileset("lava", "rock", TS, corner_tiles(TS))
    assert panel.layer_tileset(lava) is False and "top terrain" in panel.status.text()
    panel.add_tileset(lava)  # unrelated: shown on its own
    assert [r.label for r in panel.layers] == ["lava / rock"]


def _tile_at(sheet: np.ndarray, tile_id: int, columns: int) -> np.ndarray:
    col, row = tile_id % columns, tile_id // columns
    return sheet[row * TS : (row + 1) * TS, col * TS : (col + 1) * TS]


def _corner_index_from_wangid(wang_id: list[int]) -> int:
    # wangid order: top, top-right, right, bottom-right, bottom, bottom-left, left, top-left
    ne, se, sw, nw = (wang_id[i] - 1 for i in (1, 3, 5, 7))
    return 8 * nw + 4 * ne + 2 * sw + se


def test_tiled_export_loads_in_a_tiled_parser_and_matches_the_corners(panel, tmp_path):
    record = GeneratedTileset("ocean", "sand", TS, corner_tiles(TS))
    panel.add_tileset(record)
    panel.preview.noise_fill(0.5, seed=4)
    written = panel.exports.export("tiled", tmp_path)
    assert {p.suffix for p in written} == {".png", ".tsx", ".tmx"}
    tsx = next(p for p in written if p.suffix == ".tsx")
    tileset = pytiled_parser.parse_tileset(tsx)
    sheet = np.asarray(Image.open(next(p for p in written if p.suffix == ".png")).convert("RGBA"))
    wang = tileset.wang_sets[0]
    assert wang.wang_type == "corner" and len(wang.wang_colors) == 2
    assert [c.name for c in wang.wang_colors] == ["ocean", "sand"]
    by_tile = {}
    for tile_id, wang_tile in wang.wang_tiles.items():
        index = _corner_index_from_wangid(list(wang_tile.wang_id))
        np.testing.assert_array_equal(_tile_at(sheet, tile_id, tileset.columns),
                                      record.tiles[index])
        by_tile[tile_id] = index
    assert sorted(by_tile.values()) == list(range(16))
    tmx = pytiled_parser.parse_map(next(p for p in written if p.suffix == ".tmx"))
    gids = np.asarray(tmx.layers[0].data)
    assert gids.shape == (panel.preview.model.height, panel.preview.model.width)
    shown = np.vectorize(lambda gid: by_tile[int(gid) - 1])(gids)
    np.testing.assert_array_equal(shown, panel.preview.model.layers[0].corners.indices)


def test_godot_and_plain_exports_match_the_corner_table(panel, tmp_path):
    record = GeneratedTileset("ocean", "sand", TS, corner_tiles(TS, missing=(6,)))
    panel.add_tileset(record)
    tres = next(p for p in panel.exports.export("godot", tmp_path) if p.suffix == ".tres")
    text = tres.read_text()
    assert "terrain_set_0/mode = 1" in text
    assert 'terrain_set_0/terrain_0/name = "ocean"' in text
    sheet = np.asarray(Image.open(tres.with_suffix(".png")).convert("RGBA"))
    bits = {}
    for col, row, bit, value in re.findall(
            r"(\d+):(\d+)/0/terrains_peering_bit/(\w+) = (\d)", text):
        bits.setdefault((int(col), int(row)), {})[bit] = int(value)
    assert len(bits) == 15
    for (col, row), peering in bits.items():
        index = (8 * peering["top_left_corner"] + 4 * peering["top_right_corner"]
                 + 2 * peering["bottom_left_corner"] + peering["bottom_right_corner"])
        np.testing.assert_array_equal(sheet[row * TS:(row + 1) * TS, col * TS:(col + 1) * TS],
                                      record.tiles[index])
    json_path = next(p for p in panel.exports.export("plain", tmp_path) if p.suffix == ".json")
    doc = json.loads(json_path.read_text())
    sheet = np.asarray(Image.open(json_path.parent / doc["image"]).convert("RGBA"))
    assert len(doc["tiles"]) == 15 and doc["terrains"] == {"lower": "ocean", "upper": "sand"}
    for tile in doc["tiles"]:
        c = tile["corners"]
        index = sum(w * (c[k] == "upper") for k, w in (("NW", 8), ("NE", 4), ("SW", 2), ("SE", 1)))
        crop = sheet[tile["y"]:tile["y"] + tile["height"], tile["x"]:tile["x"] + tile["width"]]
        np.testing.assert_array_equal(crop, record.tiles[index])


def test_export_without_a_tileset_says_so(panel, tmp_path):
    with pytest.raises(ValueError, match="generate or select"):
        panel.exports.export("tiled", tmp_path)


def test_generation_through_an_injected_submit_function(qtbot, loop):
    sent = []

    async def submit(request):
        sent.append(request)
        await asyncio.sleep(0.01)
        names = ("lower", "upper")
        return {"id": "ts9", "tiles": [
            {"id": f"t{i}", "name": f"wang_{i}", "image": Image.fromarray(corner_tile(i, 32)),
             "corners": dict(zip(("NW", "NE", "SW", "SE"), (names[b] for b in corners_of(i)),
                                 strict=True))} for i in range(16) if i != 9]}

    panel = TilesetPanel(submit=submit)
    qtbot.addWidget(panel)
    ready = []
    panel.tilesetReady.connect(ready.append)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")
    panel.form.tile_size.setCurrentIndex(1)

    async def scenario():
        assert panel.start_generation()
        assert not panel.generate.isEnabled()
        await wait_for(lambda: bool(ready))
        await asyncio.sleep(0)  # let the runner's task finish before the loop closes

    run(loop, scenario)
    record = ready[0]
    assert sent[0].tile_size.width == 32 and record.tile_size == 32
    assert record.missing == [9] and "missing 1" in panel.status.text()
    assert panel.preview.tile_size == 32 and panel.generate.isEnabled()
    assert panel.progress.value() == 1000
    assert panel.preview.model.layers[0].fallback[9]


def test_a_failed_generation_is_reported_and_the_button_comes_back(qtbot, loop):
    async def submit(request):
        raise RuntimeError("402 insufficient credits")

    panel = TilesetPanel(submit=submit)
    qtbot.addWidget(panel)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")

    async def scenario():
        assert panel.start_generation()
        await wait_for(lambda: "failed" in panel.status.text())
        await asyncio.sleep(0)

    run(loop, scenario)
    assert "insufficient credits" in panel.status.text()
    assert panel.generate.isEnabled() and panel.tilesets == []


def test_manifests_restore_tilesets_from_the_library(qtbot):
    stored = {100 + i: Image.fromarray(corner_tile(i, TS)) for i in range(16)}

    class Library:
        def load_image(self, result_id):
            return stored[result_id]

    panel = TilesetPanel(library=Library())
    qtbot.addWidget(panel)
    record = GeneratedTileset("ocean", "sand", TS, corner_tiles(TS), "ts1")
    record.result_ids = {i: 100 + i for i in range(16)}
    panel.add_tileset(GeneratedTileset("lava", "rock", TS, corner_tiles(TS)))  # not stored
    panel.add_tileset(record)
    [manifest] = panel.manifests()
    fresh = TilesetPanel(library=Library())
    qtbot.addWidget(fresh)
    restored = fresh.restore_tileset(manifest)
    assert restored.label == "ocean / sand" and fresh.layers == [restored]
    for index in range(16):
        np.testing.assert_array_equal(restored.tiles[index], corner_tile(index, TS))
    with pytest.raises(ValueError, match="library"):
        TilesetPanel().restore_tileset(manifest)


def test_canvas_source_can_be_wired_later_and_an_empty_canvas_is_explained(qtbot):
    panel = TilesetPanel()
    qtbot.addWidget(panel)
    field = panel.form.images["color_image"]
    assert not field.from_canvas.isEnabled()
    panel.set_canvas_source(lambda: None)
    assert field.from_canvas.isEnabled()
    assert field.take_from_canvas() is False and "no image" in field.error
    panel.set_canvas_source(lambda: CANVAS)
    field.from_canvas.click()
    assert field.image is not None and field.image.size == (20, 20)


def test_a_closed_panel_stops_listening_to_the_queue(qtbot):
    import shiboken6
    from psygnal import Signal

    class Job:
        id, state, progress, error = "j1", "sending", 0.5, None

    class Queue:
        job_changed = Signal(object)
        client = None

        def submit(self, request):
            return self.job

    queue = Queue()
    queue.job = Job()
    panel = TilesetPanel(queue)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")
    assert panel.start_generation()
    queue.job_changed.emit(queue.job)
    assert panel.progress.value() == 500
    runner = panel.runner
    shiboken6.delete(panel)
    queue.job_changed.emit(queue.job)  # no RuntimeError from a deleted widget
    assert len(queue.job_changed) == 0 and not shiboken6.isValid(runner)


def test_save_to_project_finds_the_main_windows_document_when_docked(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea

    from studio.core.document.document import Document

    doc = Document.new(8, 8, name="level")

    class Window(QMainWindow):
        def current_document(self):
            return doc

    window = Window()
    qtbot.addWidget(window)
    panel = TilesetPanel()
    assert panel.save_to_project() is False and "document" in panel.status.text()
    scroll = QScrollArea()
    scroll.setWidget(panel)
    dock = QDockWidget("Tileset")
    dock.setWidget(scroll)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    assert panel.save_to_project() is False and "Nothing to save" in panel.status.text()
    panel.add_tileset(GeneratedTileset("ocean", "sand", TS, corner_tiles(TS)))
    panel.preview.paint_corner(2, 2, terrain=1)
    dock.setFloating(True)  # a floating dock still belongs to the window
    qtbot.mouseClick(panel.save_project_button, Qt.MouseButton.LeftButton)
    saved = doc.extras["tileset_preview"]
    assert saved["layers"] == [0] and saved["map"]["vertices"][2][2] == 1
    assert saved["tilesets"][0]["tiles"][0]["png"]  # self-contained: the tiles are embedded
    assert "level" in panel.status.text()
