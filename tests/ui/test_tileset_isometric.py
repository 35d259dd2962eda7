"""Isometric tile panel fields and the isometric grid preview (stamp, stack, remove, picking)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from studio.api.requests import IsometricTileRequest
from studio.ui.tileset.iso_grid_view import MAX_STACK, IsoGridView, side_height
from studio.ui.tileset.isometric_panel import IsometricPanel
from tests.ui.conftest import drag, send_wheel

CANVAS = np.full((24, 24, 4), (90, 90, 200, 255), dtype=np.uint8)


def iso_tile(width: int = 32, height: int = 32, side: int = 16) -> np.ndarray:
    """A tile standing on the image's bottom edge: top face (width/2 rows) + ``side`` rows."""
    tile = np.zeros((height, width, 4), dtype=np.uint8)
    top = height - side - width // 2
    tile[top:, :, :] = (60, 160, 60, 255)
    return tile


@pytest.fixture
def panel(qtbot) -> IsometricPanel:
    widget = IsometricPanel(canvas_image=lambda: CANVAS)
    qtbot.addWidget(widget)
    return widget


def test_every_field_reaches_the_request(panel):
    panel.description.setText("snowy rock")
    panel.width_spin.setValue(48)
    panel.height_spin.setValue(40)
    assert panel.build_request()[0].image_size.as_tuple() == (48, 40)
    panel.guidance.setValue(12)
    panel.outline.setCurrentText("single color outline")
    panel.shading.setCurrentText("flat shading")
    panel.detail.setCurrentText("highly detailed")
    assert panel.init_image.take_from_canvas()  # the size follows the 24x24 init image
    assert (panel.width_spin.value(), panel.height_spin.value()) == (24, 24)
    panel.init_strength.setValue(450)
    panel.use_tile_size.setChecked(True)
    panel.tile_size.setValue(16)
    panel.tile_shape.setCurrentText("thin tile")
    assert panel.color_image.take_from_canvas()
    panel.seed.setValue(99)
    request, message = panel.build_request()
    assert message == "" and isinstance(request, IsometricTileRequest)
    body = request.to_api_json()
    assert body["description"] == "snowy rock"
    assert body["image_size"] == {"width": 24, "height": 24}
    assert body["text_guidance_scale"] == 12
    assert (body["outline"], body["shading"], body["detail"]) == (
        "single color outline", "flat shading", "highly detailed")
    assert body["init_image_strength"] == 450 and body["isometric_tile_size"] == 16
    assert body["isometric_tile_shape"] == "thin tile" and body["seed"] == 99
    assert request.init_image.to_pil().size == (24, 24)
    assert request.color_image.to_pil().getpixel((3, 3)) == (90, 90, 200, 255)


def test_an_init_image_of_another_size_is_explained(panel):
    panel.description.setText("rock")
    assert panel.init_image.take_from_canvas()
    panel.width_spin.setValue(40)
    request, message = panel.build_request()
    assert request is None and "24x24" in message


def test_defaults_and_validation(panel):
    request, message = panel.build_request()
    assert request is None and "description" in message
    assert "border" in panel.description.styleSheet()
    assert panel.start_generation() is False and "description" in panel.status.text()
    panel.description.setText("crate")
    body = panel.build_request()[0].to_api_json()
    assert body["isometric_tile_shape"] == "block"
    assert "isometric_tile_size" not in body and "seed" not in body


@pytest.mark.parametrize("side", [5, 8, 16])
def test_side_height_is_measured_from_the_tile(side):
    assert side_height(iso_tile(side=side)) == side
    assert side_height(np.zeros((8, 8, 4), np.uint8)) == 1


@pytest.fixture
def grid(qtbot) -> IsoGridView:
    view = IsoGridView(6, 6)
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.add_tile(iso_tile(side=8))
    return view


def test_stacking_raises_the_top_face_by_the_side_height(grid):
    ground = grid.cell_centre((1, 1))
    assert grid.stamp((1, 1)) and grid.stack((1, 1))
    assert ground.y() - grid.cell_centre((1, 1)).y() == 2 * 8 * grid.zoom
    assert grid.remove((1, 1)) and grid.remove((1, 1)) and not grid.remove((1, 1))
    assert grid.stacks == {}
    for _ in range(MAX_STACK):
        grid.stack((0, 0))
    assert grid.stack((0, 0)) is False and grid.height_at((0, 0)) == MAX_STACK
    assert grid.stamp((9, 9)) is False  # outside the grid


def test_mouse_stamp_stack_remove_and_replace(grid):
    centre = grid.cell_centre((3, 2))
    drag(grid, [(centre.x(), centre.y())])
    drag(grid, [(centre.x(), centre.y())], modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert grid.stacks[(3, 2)] == [0, 0]
    second = grid.add_tile(iso_tile(side=16))
    top = grid.cell_centre((3, 2))
    drag(grid, [(top.x(), top.y())])  # plain click on a stack: replace its top tile
    assert grid.stacks[(3, 2)] == [0, second]
    top = grid.cell_centre((3, 2))
    drag(grid, [(top.x(), top.y())], button=Qt.MouseButton.RightButton)
    assert grid.stacks[(3, 2)] == [0]
    drag(grid, [(1, 1)])  # outside the diamond grid: nothing happens
    assert list(grid.stacks) == [(3, 2)]


def test_drawing_puts_tile_pixels_on_the_stamped_cell(grid):
    from studio.ui.tileset.qimage_convert import qimage_to_rgba

    before = qimage_to_rgba(grid.grab().toImage())
    grid.stamp((2, 2))
    after = qimage_to_rgba(grid.grab().toImage())
    centre = grid.cell_centre((2, 2))
    pixel = after[int(centre.y()), int(centre.x())]
    assert tuple(pixel[:3]) == (60, 160, 60)
    assert (before != after).any(axis=2).sum() > 100


def test_wheel_zoom_and_bad_tiles(grid):
    zoom = grid.zoom
    send_wheel(grid, (200, 200), 120)
    assert grid.zoom == zoom + 1
    with pytest.raises(ValueError, match="too small"):
        grid.add_tile(np.zeros((1, 1, 4), np.uint8))
    assert len(grid.tiles) == 1
    assert grid.cell_at(QPointF(-50, -50)) is None


def test_panel_palette_selects_the_stamp_tile(panel):
    first = panel.add_tile(iso_tile(side=8), "a")
    second = panel.add_tile(iso_tile(side=16), "b")
    assert panel.grid.current == second
    panel.tile_choice.setCurrentIndex(0)
    assert panel.grid.current == first
