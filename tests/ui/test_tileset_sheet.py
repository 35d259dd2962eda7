"""The tile sheet: tiles laid out by corners, corner markers, click to open, edits flow back."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.tiles.record import GeneratedTileset
from studio.ui.tileset.qimage_convert import qimage_to_rgba
from studio.ui.tileset.sheet_view import TileSheetView, corner_index
from studio.ui.tileset.tileset_panel import TilesetPanel
from tests.ui.conftest import drag
from tests.ui.tileset_helpers import cell_pixels, corner_tile, corner_tiles, render_map

TS = 16


@pytest.fixture
def sheet(qtbot) -> TileSheetView:
    widget = TileSheetView(TS)
    qtbot.addWidget(widget)
    widget.resize(4 * TS * 3 + 40, 4 * TS * 3 + 40)
    widget.set_tiles(corner_tiles(TS, missing=(9,)))
    return widget


def test_corner_specs_all_name_the_same_tile():
    assert corner_index(6) == 6
    assert corner_index({"NW": "lower", "NE": "upper", "SW": "upper", "SE": "lower"}) == 6
    assert corner_index(("upper", "upper", "upper", "lower")) == 14
    with pytest.raises(ValueError):
        corner_index(("upper", "lower"))
    with pytest.raises(ValueError):
        corner_index(16)


def test_clicking_a_tile_emits_its_corner_index_and_pixels(sheet, qtbot):
    rect = sheet.tile_rect(13)
    with qtbot.waitSignal(sheet.tileClicked) as blocker:
        drag(sheet, [(rect.center().x(), rect.center().y())])
    index, image = blocker.args
    assert index == 13 and sheet.selected == 13
    np.testing.assert_array_equal(qimage_to_rgba(image), corner_tile(13, TS))


def test_clicking_a_missing_tile_opens_nothing(sheet, qtbot):
    rect = sheet.tile_rect(9)
    with qtbot.assertNotEmitted(sheet.tileClicked):
        drag(sheet, [(rect.center().x(), rect.center().y())])


def test_sheet_draws_tiles_and_corner_markers(sheet):
    pixels = qimage_to_rgba(sheet.grab().toImage())
    rect = sheet.tile_rect(6)  # NE and SW upper
    mark = max(4, rect.width() // 8)
    ne = pixels[rect.top() + mark // 2, rect.right() - mark // 2]
    nw = pixels[rect.top() + mark // 2, rect.left() + mark // 2]
    assert tuple(ne[:3]) == (250, 200, 40)  # filled upper marker
    assert tuple(nw[:3]) == (40, 90, 200)  # lower marker
    missing = sheet.tile_rect(9)
    patch = pixels[missing.top() + 12 : missing.bottom() - 12, missing.left() + 12 :
                   missing.right() - 12]
    assert (patch[..., 0].astype(int) - patch[..., 1] > 60).any()  # red hatching


def test_update_tile_rejects_wrong_sizes_and_keeps_the_old_tile(sheet):
    with pytest.raises(ValueError, match="16x16"):
        sheet.update_tile(3, np.zeros((8, 8, 4), np.uint8))
    np.testing.assert_array_equal(sheet.tile_rgba(3), corner_tile(3, TS))


def test_touch_up_on_the_canvas_flows_back_into_the_preview(qtbot):
    opened = []
    panel = TilesetPanel(open_on_canvas=lambda px, title, apply: opened.append((px, title, apply)))
    qtbot.addWidget(panel)
    record = GeneratedTileset("ocean", "sand", TS, corner_tiles(TS))
    panel.add_tileset(record)
    panel.preview.clear_map(0)
    panel.preview.paint_corner(2, 2, terrain=1)  # cells around corner (2, 2) use tiles 1,2,4,8
    panel.sheet.resize(300, 300)
    rect = panel.sheet.tile_rect(1)
    drag(panel.sheet, [(rect.center().x(), rect.center().y())])
    pixels, title, apply_back = opened[0]
    np.testing.assert_array_equal(pixels, corner_tile(1, TS))
    assert "SE=upper" in title and "NW=lower" in title
    edited = pixels.copy()
    edited[:, :, :3] = (255, 0, 255)
    apply_back(edited)
    rendered = render_map(panel.preview)
    np.testing.assert_array_equal(cell_pixels(rendered, 1, 1, TS), edited)  # SE corner is upper
    np.testing.assert_array_equal(cell_pixels(rendered, 2, 2, TS), corner_tile(8, TS))
    np.testing.assert_array_equal(record.tiles[1], edited)


def test_preview_controls_drive_the_view(qtbot):
    panel = TilesetPanel()
    qtbot.addWidget(panel)
    panel.add_tileset(GeneratedTileset("ocean", "sand", TS, corner_tiles(TS)))
    controls, view = panel.controls, panel.preview
    controls.terrain.setCurrentIndex(0)
    assert view.brush_terrain == 0
    controls.brush_size.setValue(3)
    controls.mode.setCurrentIndex(1)
    assert view.brush_size == 3 and view.brush_mode == "fill"
    controls.density.setValue(0.5)
    controls.terrain.setCurrentIndex(1)
    controls.noise.click()
    assert 0.2 < view.model.vertices.mean() < 0.8
    controls.clear.click()
    assert view.model.vertices.sum() == 0
    controls.grid.setChecked(False)
    assert not view.show_grid
    controls.map_width.setValue(30)
    controls.map_width.editingFinished.emit()
    assert view.model.width == 30 and view.renderer.cache.shape[1] == 30 * TS
    view.set_zoom(4.0)
    assert controls.zoom_label.text() == "4x"
