"""The terrain preview: real mouse painting on the corner grid, tile choice, fallbacks, layers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtTest import QTest

from studio.ui.tileset.map_view import ZOOM_STEPS, TileMapView
from tests.ui.conftest import drag, send_mouse, send_wheel
from tests.ui.tileset_helpers import (
    cell_pixels,
    corner_tile,
    corner_tiles,
    render,
    render_map,
)

TS = 16


@pytest.fixture
def view(qtbot) -> TileMapView:
    widget = TileMapView(TS, 10, 8)
    qtbot.addWidget(widget)
    widget.set_tileset(0, corner_tiles(TS))
    widget.resize(600, 480)
    return widget


def _record_updates(view: TileMapView) -> list[QRect]:
    rects: list[QRect] = []
    original = view.update

    def record(*args):
        rects.append(args[0] if args else view.rect())
        original(*args)

    view.update = record
    return rects


def _cells_of_diff(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero((before != after).any(axis=2))
    return np.stack([xs, ys], axis=1) if len(xs) else np.zeros((0, 2), dtype=int)


@pytest.mark.parametrize("zoom", [2.0, 3.0])
def test_mouse_painting_a_corner_changes_exactly_the_four_tiles_sharing_it(view, qtbot, zoom):
    view.set_zoom(zoom)
    view.set_offset(QPointF(10, 12))
    changed_signal: list[list[tuple[int, int]]] = []
    view.cellsChanged.connect(changed_signal.append)
    before_indices = view.model.layers[0].corners.indices.copy()
    before_pixels = render(view)
    updates = _record_updates(view)

    target = view.vertex_pos(4, 3)
    # a few pixels off the exact vertex: the nearest corner is painted
    drag(view, [(target.x() + 3, target.y() - 2)])

    after_indices = view.model.layers[0].corners.indices
    ys, xs = np.nonzero(after_indices != before_indices)
    expected = {(3, 2), (4, 2), (3, 3), (4, 3)}
    assert set(zip(xs.tolist(), ys.tolist(), strict=True)) == expected
    assert set(changed_signal[0]) == expected
    assert view.model.vertices[3, 4] == 1 and view.model.vertices.sum() == 1
    # The rendered widget changed inside those four tiles only.
    after_pixels = render(view)
    region = view.cells_rect(3, 2, 5, 4).toAlignedRect()
    diff = _cells_of_diff(before_pixels, after_pixels)
    assert len(diff) > 0
    assert region.contains(QRect(int(diff[:, 0].min()), int(diff[:, 1].min()),
                                 int(np.ptp(diff[:, 0])) + 1, int(np.ptp(diff[:, 1])) + 1))
    # ... and only a rectangle around them was scheduled for repaint, not the whole widget.
    assert updates, "painting must schedule a repaint"
    for rect in updates:
        assert rect.width() <= 2 * TS * zoom + 8 and rect.height() <= 2 * TS * zoom + 8
        assert rect.intersects(region)


def test_right_button_paints_the_lower_terrain_back(view):
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    p = view.vertex_pos(2, 2)
    drag(view, [(p.x(), p.y())])
    assert view.model.vertices[2, 2] == 1
    drag(view, [(p.x(), p.y())], button=Qt.MouseButton.RightButton)
    assert view.model.vertices.sum() == 0
    assert (view.model.layers[0].corners.indices == 0).all()


def test_a_drag_paints_every_corner_along_the_stroke(view):
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    a, b = view.vertex_pos(1, 4), view.vertex_pos(7, 4)
    drag(view, [(a.x(), a.y()), (b.x(), b.y())])  # one big jump: no gaps allowed
    assert view.model.vertices[4, 1:8].tolist() == [1] * 7
    assert view.model.vertices.sum() == 7


def test_every_corner_pattern_resolves_to_the_tile_with_those_corners(qtbot):
    view = TileMapView(TS, 32, 2)
    qtbot.addWidget(view)
    view.set_tileset(0, corner_tiles(TS))
    for index in range(16):
        x = 2 * index  # cells two apart share no corners
        bits = ((index >> 3) & 1, (index >> 2) & 1, (index >> 1) & 1, index & 1)
        for bit, (vx, vy) in zip(bits, ((x, 0), (x + 1, 0), (x, 1), (x + 1, 1)), strict=True):
            view.paint_corner(vx, vy, terrain=bit)
    rendered = render_map(view)
    for index in range(16):
        assert view.model.tile_at(0, 2 * index, 0) == (index, False)
        np.testing.assert_array_equal(cell_pixels(rendered, 2 * index, 0, TS),
                                      corner_tile(index, TS))


def test_missing_combinations_fall_back_to_the_best_match_and_are_highlighted(qtbot):
    view = TileMapView(TS, 6, 4)
    qtbot.addWidget(view)
    view.set_tileset(0, corner_tiles(TS, missing=(6, 9)))
    view.resize(400, 300)
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    # NE and SW of cell (2, 1) upper: index 6 (a diagonal), which the set lacks.
    view.paint_corner(3, 1, terrain=1)
    view.paint_corner(2, 2, terrain=1)
    assert view.model.layers[0].corners.indices[1, 2] == 6
    resolved, fallback = view.model.tile_at(0, 2, 1)
    assert fallback and resolved == 2  # 3 of 4 corners match; ties go to the lowest index
    mask = view.renderer.fallback_cells(0, 0, 6, 4)
    assert mask[1, 2] and mask.sum() == 1
    pixels = render(view)

    def red_count(x: int, y: int) -> int:
        rect = view.cells_rect(x, y, x + 1, y + 1).toAlignedRect()
        cell = pixels[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
        return int(((cell[..., 0] > 200) & (cell[..., 1] < 90) & (cell[..., 2] < 90)).sum())

    assert red_count(2, 1) > 20  # outlined and hatched in red
    assert red_count(1, 1) == 0 and red_count(3, 1) == 0


def test_brush_size_fill_and_noise(view):
    view.brush_size = 3
    changed = view.paint_corner(5, 4, terrain=1)
    assert view.model.vertices.sum() == 9
    assert len(changed) == 16  # a 3x3 block of corners touches 4x4 tiles
    view.brush_size = 1
    view.clear_map(0)
    view.fill_at(0, 0, terrain=1)
    assert (view.model.layers[0].corners.indices == 15).all()
    view.noise_fill(0.3, seed=7, terrain=0)
    first = view.model.vertices.copy()
    share = 1 - first.mean()
    assert 0.1 < share < 0.5
    view.clear_map(1)
    view.noise_fill(0.3, seed=7, terrain=0)
    np.testing.assert_array_equal(view.model.vertices, first)


def test_fill_mode_by_mouse_floods_the_connected_terrain(view):
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    for vx in range(11):  # a wall of upper corners along row 3
        view.paint_corner(vx, 3, terrain=1)
    view.brush_mode = "fill"
    p = view.vertex_pos(2, 1)
    drag(view, [(p.x(), p.y())])
    assert (view.model.vertices[:4] == 1).all()
    assert (view.model.vertices[4:] == 0).all()


def test_middle_drag_and_space_drag_pan_without_painting(view, qtbot):
    view.set_zoom(2.0)
    view.set_offset(QPointF(10, 10))
    drag(view, [(50, 50), (80, 70)], button=Qt.MouseButton.MiddleButton)
    assert view.offset == QPointF(40, 30)
    QTest.keyPress(view, Qt.Key.Key_Space)
    drag(view, [(100, 100), (90, 95)])
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert view.offset == QPointF(30, 25)
    assert view.model.vertices.sum() == 0


def test_wheel_zooms_in_integer_steps_about_the_cursor(view):
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    cursor = (123.0, 77.0)
    before = (QPointF(*cursor) - view.offset) / view.zoom
    send_wheel(view, cursor, 120)
    assert view.zoom == 3.0
    after = (QPointF(*cursor) - view.offset) / view.zoom
    assert abs(after.x() - before.x()) < 0.5 and abs(after.y() - before.y()) < 0.5
    send_wheel(view, cursor, -120)
    send_wheel(view, cursor, -120)
    assert view.zoom == 1.0
    assert all(z == int(z) for z in ZOOM_STEPS if z >= 1)


def test_grid_toggle_changes_the_drawing(view, qtbot):
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    with_grid = render(view)
    QTest.keyClick(view, Qt.Key.Key_G)
    assert not view.show_grid
    without = render(view)
    step = TS * 2
    assert (with_grid[:, step] != without[:, step]).any()  # a tile border column
    assert (with_grid[5, 5] == without[5, 5]).all()  # inside a tile


def test_resizing_the_map_keeps_painted_corners(view):
    view.paint_corner(3, 3, terrain=1)
    view.resize_map(24, 16)
    assert (view.model.width, view.model.height) == (24, 16)
    assert view.model.vertices[3, 3] == 1 and view.model.vertices.sum() == 1
    assert view.model.layers[0].corners.indices[2, 2] == 1
    assert view.renderer.cache.shape == (16 * TS, 24 * TS, 4)
    render_map(view)  # no stale cache size


def test_two_tilesets_sharing_a_terrain_layer_in_one_preview(qtbot):
    view = TileMapView(TS, 8, 6, terrains=("ocean", "sand", "grass"))
    qtbot.addWidget(view)
    view.set_tileset(0, corner_tiles(TS, lower=0, upper=1))
    view.set_tileset(1, corner_tiles(TS, lower=1, upper=2), 1, 2)
    view.clear_map(1)  # all sand
    view.paint_corner(4, 3, terrain=2)  # one grass corner
    view.paint_corner(0, 0, terrain=0)  # one ocean corner far away
    rendered = render_map(view)
    # the grass corner is the SE corner of cell (3, 2): sand/grass tile 1 drawn on top
    np.testing.assert_array_equal(cell_pixels(rendered, 3, 2, TS), corner_tile(1, TS, 1, 2))
    # all-sand cells show the ocean/sand set's all-upper tile
    np.testing.assert_array_equal(cell_pixels(rendered, 6, 5, TS), corner_tile(15, TS, 0, 1))
    # ocean corner: the ocean/sand set's tile with NW lower
    np.testing.assert_array_equal(cell_pixels(rendered, 0, 0, TS), corner_tile(7, TS, 0, 1))
    # grass right next to ocean skips sand: drawn approximately and highlighted
    view.paint_corner(1, 1, terrain=2)
    assert view.renderer.fallback_cells(0, 0, 8, 6)[0, 0]


def test_bad_tiles_are_rejected_with_a_clear_error(view):
    with pytest.raises(ValueError, match="must be"):
        view.set_tileset(0, {0: np.zeros((8, 8, 4), np.uint8)})
    with pytest.raises(ValueError, match="terrain"):
        view.paint_corner(1, 1, terrain=5)
    # the preview still works afterwards
    assert view.paint_corner(1, 1, terrain=1)


def test_hover_shows_the_brush_and_painting_outside_the_map_is_ignored(view):
    view.set_zoom(2.0)
    view.set_offset(QPointF(100, 100))
    send_mouse(view, "move", (5, 5), button=Qt.MouseButton.NoButton)
    drag(view, [(5, 5)])
    assert view.model.vertices.sum() == 0


def test_noise_of_an_upper_layer_terrain_never_skips_a_terrain(qtbot):
    view = TileMapView(TS, 24, 16, terrains=("ocean", "sand", "grass"))
    qtbot.addWidget(view)
    view.set_tileset(0, corner_tiles(TS, lower=0, upper=1))
    view.set_tileset(1, corner_tiles(TS, lower=1, upper=2), 1, 2)
    view.noise_fill(0.9, seed=2, terrain=1)
    view.noise_fill(0.5, seed=5, terrain=2)
    counts = np.bincount(view.model.vertices.ravel(), minlength=3)
    assert (counts > 0).all()  # all three terrains present
    assert not view.renderer.fallback_cells(0, 0, 24, 16).any()


def test_fit_to_view_picks_the_largest_fitting_zoom_and_centres(view):
    view.resize(400, 300)  # map is 160x128 px at 1x
    QTest.keyClick(view, Qt.Key.Key_F)
    assert view.zoom == 2.0
    assert view.offset == QPointF((400 - 320) / 2, (300 - 256) / 2)
