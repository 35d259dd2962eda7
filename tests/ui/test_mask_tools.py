"""Mask mode on the canvas with real mouse and key events: exact footprints at several zooms,
fill / rectangle / lasso, commands, tint settings, undo, and the mask saved in the project."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.fileio.project import load_project, save_project
from studio.core.painting import mask as mask_ops
from studio.ui.canvas import CanvasWidget
from studio.ui.mask import MaskController, MaskToolbar
from tests.ui.conftest import drag, send_mouse


@pytest.fixture
def canvas(qtbot):
    widget = CanvasWidget()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.set_document(Document.new(48, 40))
    return widget


@pytest.fixture
def controller(canvas):
    return MaskController(canvas)


@pytest.fixture
def toolbar(qtbot, controller):
    bar = MaskToolbar(controller)
    qtbot.addWidget(bar)
    return bar


def centre(canvas: CanvasWidget, x: int, y: int) -> tuple[float, float]:
    return canvas.viewport.to_screen(x + 0.5, y + 0.5)


def mask_of(canvas: CanvasWidget) -> np.ndarray:
    mask = canvas.document.frames[0].mask
    return np.zeros((canvas.document.height, canvas.document.width), np.uint8) \
        if mask is None else mask


def expected_stroke(points, size, shape, w=48, h=40) -> np.ndarray:
    out = mask_ops.new_mask(w, h)
    for (x0, y0), (x1, y1) in zip(points, points[1:] or points, strict=False):
        mask_ops.stroke(out, x0, y0, x1, y1, size, shape)
    return out


@pytest.mark.parametrize("zoom", [0.5, 1, 4, 16])
@pytest.mark.parametrize("shape,size", [("round", 5), ("square", 4), ("round", 8)])
def test_brush_sets_exactly_the_footprint(canvas, controller, toolbar, zoom, shape, size):
    canvas.set_view(zoom, 5, 3)
    toolbar.tool_buttons["mask.brush"].click()
    assert canvas.tool_name == "mask.brush"
    toolbar.size.setValue(size)
    toolbar.shape.setCurrentText(shape)
    drag(canvas, [centre(canvas, 10, 12)])
    expected = mask_ops.new_mask(48, 40)
    mask_ops.stamp(expected, 10, 12, size, shape)
    assert np.array_equal(mask_of(canvas), expected)
    assert set(np.unique(mask_of(canvas))) <= {0, 255}


@pytest.mark.parametrize("zoom", [2, 8])
def test_stroke_is_one_undo_step_and_eraser_removes(canvas, controller, toolbar, zoom):
    canvas.set_view(zoom, 0, 0)
    canvas.set_tool("mask.brush")
    controller.settings.size = 3
    pts = [(4, 4), (14, 4), (14, 12)]
    drag(canvas, [centre(canvas, x, y) for x, y in pts])
    want = expected_stroke(pts, 3, "round")
    assert np.array_equal(mask_of(canvas), want)
    history = canvas.document.history
    assert history.undo_count == 1
    toolbar.tool_buttons["mask.eraser"].click()
    controller.settings.size = 1
    drag(canvas, [centre(canvas, 9, 4)])
    assert mask_of(canvas)[4, 9] == 0 and mask_of(canvas)[4, 10] == 255
    history.undo()
    assert np.array_equal(mask_of(canvas), want)
    history.undo()
    assert not mask_of(canvas).any()


def test_right_button_keeps(canvas, controller):
    canvas.set_view(8, 0, 0)
    canvas.set_tool("mask.brush")
    controller.settings.size = 1
    drag(canvas, [centre(canvas, 3, 3), centre(canvas, 6, 3)])
    drag(canvas, [centre(canvas, 4, 3)], Qt.MouseButton.RightButton)
    assert list(mask_of(canvas)[3, 3:7]) == [255, 0, 255, 255]


def test_bracket_keys_change_size_only_in_mask_mode(qtbot, canvas, controller, toolbar):
    assert MaskController.of(canvas) is controller  # one controller (one key binding) per canvas
    canvas.set_tool("mask.brush")
    controller.settings.size = 8
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert controller.settings.size == 9 and toolbar.size.value() == 9
    qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert controller.settings.size == 7 and toolbar.size.value() == 7
    canvas.set_tool("pencil")
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert controller.settings.size == 7
    assert not any(b.isChecked() for b in toolbar.tool_buttons.values())


def test_fill_rect_and_lasso(canvas, controller):
    canvas.set_view(8, 0, 0)
    canvas.set_tool("mask.rect")
    drag(canvas, [centre(canvas, 2, 3), centre(canvas, 5, 4), centre(canvas, 9, 6)])
    expected = mask_ops.mask_from_rect(48, 40, (2, 3, 8, 4))
    assert np.array_equal(mask_of(canvas), expected)
    assert controller.preview.rect is None  # the draft is gone after release
    # fill the outside (contiguous keep region) with the fill tool
    canvas.set_tool("mask.fill")
    drag(canvas, [centre(canvas, 30, 30)])
    assert mask_of(canvas).all()
    canvas.document.history.undo()
    # lasso a triangle: pixel centres inside the polygon
    canvas.set_tool("mask.lasso")
    corners = [(20, 10), (40, 10), (20, 30)]
    screen = [canvas.viewport.to_screen(x, y) for x, y in corners]
    drag(canvas, screen + [screen[0]])
    want = expected.copy()
    want[mask_ops.polygon_mask(48, 40, corners + [corners[0]])] = 255
    assert np.array_equal(mask_of(canvas), want)
    assert canvas.document.history.undo_count == 2


def test_commands(canvas, controller, toolbar):
    doc = canvas.document
    toolbar.command_buttons["invert"].click()
    assert mask_of(canvas).all()
    toolbar.command_buttons["clear"].click()
    assert not mask_of(canvas).any()
    doc.set_mask_pixels(0, Rect(10, 10, 1, 1), np.full((1, 1), 255, np.uint8))
    toolbar.command_buttons["grow"].click()
    assert int(mask_of(canvas).sum() // 255) == 9
    toolbar.command_buttons["shrink"].click()
    assert int(mask_of(canvas).sum() // 255) == 1
    messages = []
    controller.message.connect(messages.append)
    toolbar.command_buttons["from_selection"].click()
    assert messages and "selection" in messages[-1]
    canvas.selection.rect = Rect(1, 2, 3, 4)
    toolbar.command_buttons["from_selection"].click()
    assert np.array_equal(mask_of(canvas), mask_ops.mask_from_rect(48, 40, (1, 2, 3, 4)))
    pixels = np.zeros((40, 48, 4), np.uint8)
    pixels[5:9, 6:20, 3] = 255
    doc.set_pixels(0, 0, doc.bounds, pixels)
    toolbar.command_buttons["from_transparency"].click()
    assert np.array_equal(mask_of(canvas) > 0, pixels[..., 3] == 0)
    steps = doc.history.undo_count
    doc.history.undo()
    assert doc.history.undo_count == steps - 1
    assert np.array_equal(mask_of(canvas), mask_ops.mask_from_rect(48, 40, (1, 2, 3, 4)))


def render(canvas: CanvasWidget) -> QImage:
    image = QImage(canvas.size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    canvas.renderer.paint(painter, image.rect(), canvas.display(), canvas.screen_overlays)
    painter.end()
    return image


def test_tint_opacity_and_hiding(canvas, controller, toolbar):
    canvas.set_view(8, 0, 0)
    canvas.renderer.show_grid = False
    doc = canvas.document
    doc.set_mask_pixels(0, Rect(2, 2, 2, 2), np.full((2, 2), 255, np.uint8))
    sx, sy = (int(v) for v in centre(canvas, 2, 2))
    ux, uy = (int(v) for v in centre(canvas, 20, 20))

    def tinted_red() -> int:
        return render(canvas).pixelColor(sx, sy).red() - render(canvas).pixelColor(ux, uy).red()

    toolbar.opacity.setValue(60)
    weak = tinted_red()
    toolbar.opacity.setValue(230)
    strong = tinted_red()
    assert 0 < weak < strong
    toolbar.visible.setChecked(False)
    assert tinted_red() == 0  # both pixels sit on the same checker shade
    toolbar.visible.setChecked(True)
    assert tinted_red() == strong


def test_dab_repaints_only_its_rectangle(canvas, controller, monkeypatch):
    canvas.set_view(16, 0, 0)
    canvas.set_tool("mask.brush")
    controller.settings.size = 5
    canvas.document.set_mask(0, np.zeros((40, 48), np.uint8))  # creating it repaints all once
    canvas.display()
    regions = []
    monkeypatch.setattr(canvas, "update", lambda *a: regions.append(a))
    send_mouse(canvas, "press", centre(canvas, 10, 10))
    send_mouse(canvas, "move", centre(canvas, 11, 10))
    assert regions and all(a for a in regions), "every dab asks for a partial repaint"
    biggest = max(a[0].width() * a[0].height() for a in regions)
    assert biggest <= (5 * 16 + 4) ** 2 * 1.2  # about the 5x5 footprint at 16x, not the widget
    send_mouse(canvas, "release", centre(canvas, 11, 10))


def test_mask_is_saved_in_the_project(tmp_path, canvas, controller):
    canvas.set_view(4, 0, 0)
    canvas.set_tool("mask.brush")
    drag(canvas, [centre(canvas, 8, 8), centre(canvas, 20, 9)])
    path = tmp_path / "sprite.pxstudio"
    save_project(canvas.document, path)
    loaded = load_project(path)
    assert np.array_equal(loaded.frames[0].mask, canvas.document.frames[0].mask)
