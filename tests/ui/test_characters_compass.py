"""The 8-way compass: layout, checkboxes, images, playing frames, progress, clicks."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from studio.ui.characters.compass import COMPASS_POSITIONS, CompassWidget, rgba_to_qimage
from tests.ui.characters_helpers import solid


@pytest.fixture
def compass(qtbot):
    widget = CompassWidget(checkable=True, thumb=32)
    qtbot.addWidget(widget)
    return widget


def test_cells_sit_on_the_compass_rose(compass):
    grid = compass.layout()
    for direction, (row, col) in COMPASS_POSITIONS.items():
        assert grid.itemAtPosition(row, col).widget() is compass.cells[direction]
    assert grid.itemAtPosition(0, 1).widget().direction == "north"
    assert grid.itemAtPosition(2, 2).widget().direction == "south-east"


def test_all_directions_checked_by_default_and_four_direction_mode(compass):
    assert compass.checked() == list(COMPASS_POSITIONS)
    compass.set_available(["south", "west", "east", "north"])
    assert sorted(compass.checked()) == ["east", "north", "south", "west"]
    assert not compass.cells["north-east"].isEnabled()
    compass.cells["west"].checkbox.setChecked(False)
    assert "west" not in compass.checked()
    with pytest.raises(ValueError, match="unknown direction"):
        compass.set_available(["up"])


def test_frames_loop_and_click_reports_direction(compass, qtbot):
    frames = [solid("east", i) for i in range(3)]
    compass.set_frames("east", frames, fps=50)
    cell = compass.cells["east"]
    assert cell.frame_count == 3 and cell.is_playing
    qtbot.waitUntil(lambda: cell.current_frame == 2, timeout=2000)
    with qtbot.waitSignal(compass.directionClicked) as blocker:
        qtbot.mouseClick(cell.image, Qt.MouseButton.LeftButton)
    assert blocker.args == ["east"]
    compass.set_image("east", None)
    assert not cell.is_playing and compass.filled() == []


def test_progress_is_per_direction(compass):
    compass.set_progress("north", 0.5, "50%")
    compass.set_progress("south", None, "queued")
    assert compass.cells["north"].progress.value() == 50
    assert not compass.cells["north"].progress.isHidden()
    assert compass.cells["south"].progress.isHidden()
    assert "queued" in compass.cells["south"].caption.text()
    assert compass.cells["east"].progress.isHidden()


def test_rgba_conversion_keeps_pixels_and_rejects_bad_shapes():
    pixels = np.zeros((2, 3, 4), np.uint8)
    pixels[1, 2] = (10, 20, 30, 40)
    image = rgba_to_qimage(pixels)
    assert (image.width(), image.height()) == (3, 2)
    colour = image.pixelColor(2, 1)
    assert (colour.red(), colour.green(), colour.blue(), colour.alpha()) == (10, 20, 30, 40)
    with pytest.raises(ValueError):
        rgba_to_qimage(np.zeros((2, 2, 3), np.uint8))
