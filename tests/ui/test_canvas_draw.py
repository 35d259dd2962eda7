"""Real mouse events on the canvas draw, erase, fill, pick, select and move the right pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from studio.core.document.document import Document
from studio.ui.canvas import CanvasWidget
from tests.ui.conftest import drag, send_mouse

RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)


@pytest.fixture
def canvas(qtbot):
    widget = CanvasWidget()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    doc = Document.new(40, 30)
    widget.set_document(doc)
    return widget


def centre_of(canvas: CanvasWidget, x: int, y: int) -> tuple[float, float]:
    """Screen position of the middle of image pixel (x, y)."""
    sx, sy = canvas.viewport.to_screen(x + 0.5, y + 0.5)
    return sx, sy


def layer_pixels(canvas: CanvasWidget) -> np.ndarray:
    return canvas.document.frames[0].layers[0].pixels


@pytest.mark.parametrize("zoom", [1, 8, 32])
def test_pencil_stroke_draws_exact_pixels(canvas, zoom) -> None:
    canvas.set_view(zoom, 7, 5)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 2, 3), centre_of(canvas, 6, 3)])
    px = layer_pixels(canvas)
    painted = {(int(x), int(y)) for y, x in zip(*np.nonzero(px[..., 3]), strict=True)}
    assert painted == {(x, 3) for x in range(2, 7)}
    assert tuple(px[3, 4]) == RED
    # one stroke is one undo step
    assert canvas.document.history.undo_count == 1
    canvas.document.history.undo()
    assert not layer_pixels(canvas)[..., 3].any()


@pytest.mark.parametrize("zoom", [1, 8, 32])
def test_pixel_edges_map_to_the_right_pixel(canvas, zoom) -> None:
    canvas.set_view(zoom, 3, 4)
    canvas.primary = RED
    sx, sy = canvas.viewport.to_screen(5, 6)  # exact top-left corner of pixel (5, 6)
    drag(canvas, [(sx, sy)])
    assert tuple(layer_pixels(canvas)[6, 5]) == RED
    assert int(layer_pixels(canvas)[..., 3].astype(bool).sum()) == 1


def test_right_button_uses_secondary_colour_and_brush_size(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.secondary = BLUE
    canvas.brush_size = 3
    drag(canvas, [centre_of(canvas, 10, 10)], Qt.MouseButton.RightButton)
    px = layer_pixels(canvas)
    assert px[9:12, 9:12, 2].min() == 255 and int(px[..., 3].astype(bool).sum()) == 9


def test_pixel_perfect_drops_l_corners(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.pixel_perfect = True
    drag(canvas, [centre_of(canvas, 1, 1), centre_of(canvas, 2, 1), centre_of(canvas, 2, 2)])
    px = layer_pixels(canvas)
    assert px[1, 2, 3] == 0  # the elbow of the L was removed
    assert px[1, 1, 3] == 255 and px[2, 2, 3] == 255


def test_eraser_fill_and_picker(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    canvas.set_tool("fill")
    drag(canvas, [centre_of(canvas, 0, 0)])
    assert (layer_pixels(canvas)[..., 0] == 255).all()
    canvas.set_tool("eraser")
    drag(canvas, [centre_of(canvas, 5, 5)])
    assert layer_pixels(canvas)[5, 5, 3] == 0
    canvas.set_tool("picker")
    canvas.primary = BLUE
    drag(canvas, [centre_of(canvas, 1, 1)])
    assert canvas.primary == RED
    drag(canvas, [centre_of(canvas, 5, 5)], Qt.MouseButton.RightButton)
    assert canvas.secondary == (0, 0, 0, 0)


def test_global_fill_reaches_unconnected_pixels(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 0, 5), centre_of(canvas, 39, 5)])  # a wall across
    canvas.primary = BLUE
    drag(canvas, [centre_of(canvas, 10, 20)])  # a blue island below the wall
    canvas.set_tool("fill")
    drag(canvas, [centre_of(canvas, 0, 0)])
    px = layer_pixels(canvas)
    assert px[0, 0, 2] == 255 and px[20, 0, 3] == 0  # contiguous stopped at the wall
    canvas.fill_contiguous = False
    drag(canvas, [centre_of(canvas, 0, 0)], Qt.MouseButton.RightButton)  # secondary = white
    white = (255, 255, 255, 255)
    assert tuple(px[0, 0]) == white and tuple(px[20, 10]) == white  # the island too
    assert tuple(px[5, 3]) == RED and px[20, 0, 3] == 0


def test_alt_click_picks_colour_with_pencil(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 3, 3)])
    canvas.primary = BLUE
    drag(canvas, [centre_of(canvas, 3, 3)], modifiers=Qt.KeyboardModifier.AltModifier)
    assert canvas.primary == RED
    assert canvas.document.history.undo_count == 1  # the alt-click drew nothing


def test_select_then_move(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 2, 2)])
    canvas.set_tool("select")
    drag(canvas, [centre_of(canvas, 1, 1), centre_of(canvas, 3, 3)])
    assert tuple(canvas.selection.rect) == (1, 1, 3, 3)
    canvas.set_tool("move")
    drag(canvas, [centre_of(canvas, 2, 2), centre_of(canvas, 7, 4)])
    px = layer_pixels(canvas)
    assert px[2, 2, 3] == 0 and tuple(px[4, 7]) == RED
    assert tuple(canvas.selection.rect) == (6, 3, 3, 3)
    canvas.set_tool("select")
    drag(canvas, [centre_of(canvas, 20, 20)])  # click clears
    assert canvas.selection.rect is None


def test_middle_drag_and_space_drag_pan(canvas, qtbot) -> None:
    canvas.set_view(8, 0, 0)
    drag(canvas, [(100, 100), (130, 90)], Qt.MouseButton.MiddleButton)
    assert (canvas.viewport.ox, canvas.viewport.oy) == (30, -10)
    canvas.setFocus()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    drag(canvas, [(100, 100), (90, 100)])
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert (canvas.viewport.ox, canvas.viewport.oy) == (20, -10)
    assert not layer_pixels(canvas)[..., 3].any()  # panning drew nothing
    canvas.set_tool("hand")
    drag(canvas, [(100, 100), (100, 120)])
    assert canvas.viewport.oy == 10


def test_cursor_reports_pixel_and_colour(canvas, qtbot) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 4, 2)])
    with qtbot.waitSignal(canvas.cursor_moved) as blocker:
        send_mouse(canvas, "move", centre_of(canvas, 4, 2), Qt.MouseButton.NoButton)
    assert blocker.args == [4, 2, RED]


def test_move_tool_previews_pixels_and_moves_whole_layer(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 1, 1)])
    canvas.set_tool("move")
    send_mouse(canvas, "press", centre_of(canvas, 1, 1))
    send_mouse(canvas, "move", centre_of(canvas, 3, 2))
    floating = canvas.selection.floating
    assert floating is not None and tuple(floating.rect[:2]) == (2, 1)
    assert tuple(floating.image()[1, 1]) == RED  # the lifted layer pixels
    preview = canvas.grab().toImage()
    sx, sy = centre_of(canvas, 3, 2)
    assert preview.pixelColor(int(sx), int(sy)).red() == 255  # drawn at the new place
    send_mouse(canvas, "release", centre_of(canvas, 3, 2))
    px = layer_pixels(canvas)
    assert px[1, 1, 3] == 0 and tuple(px[2, 3]) == RED
    assert canvas.selection.rect is None and canvas.selection.floating is None


def test_brush_outline_follows_the_cursor(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.brush_size = 3
    send_mouse(canvas, "move", centre_of(canvas, 5, 5), Qt.MouseButton.NoButton)
    assert tuple(canvas.brush_cursor.rect) == (4, 4, 3, 3)
    canvas.set_tool("fill")
    send_mouse(canvas, "move", centre_of(canvas, 6, 5), Qt.MouseButton.NoButton)
    assert canvas.brush_cursor.rect is None


def test_move_tool_clears_the_source_while_dragging(canvas) -> None:
    canvas.set_view(8, 0, 0)
    canvas.primary = RED
    drag(canvas, [centre_of(canvas, 1, 1)])
    canvas.set_tool("move")
    source = tuple(int(v) for v in centre_of(canvas, 1, 1))
    send_mouse(canvas, "press", centre_of(canvas, 1, 1))
    assert canvas.grab().toImage().pixelColor(*source).red() == 255  # not lifted yet
    send_mouse(canvas, "move", centre_of(canvas, 4, 3))
    shown = canvas.grab().toImage()
    assert shown.pixelColor(*source).red() < 255  # the source shows the checkerboard
    assert shown.pixelColor(*source).red() == shown.pixelColor(*source).blue()
    sx, sy = centre_of(canvas, 4, 3)
    assert shown.pixelColor(int(sx), int(sy)).red() == 255
    assert tuple(layer_pixels(canvas)[1, 1]) == RED  # the document is untouched until release
    canvas.set_tool("pencil")  # interrupts the drag: nothing moved, the source shows again
    assert tuple(layer_pixels(canvas)[1, 1]) == RED
    assert canvas.grab().toImage().pixelColor(*source).red() == 255
    assert canvas.document.history.undo_count == 1


class RecordingTool:
    """A tool that keeps the Alt press for itself and records what it is given."""

    cursor = "CrossCursor"
    alt_picks_colour = False

    def __init__(self) -> None:
        self.events = []

    def press(self, ctx, ev) -> None:
        self.events.append(("press", ev))

    def move(self, ctx, ev) -> None:
        self.events.append(("move", ev))

    def release(self, ctx, ev) -> None:
        self.events.append(("release", ev))

    def cancel(self, ctx) -> None: ...


def test_tools_see_ctrl_and_alt_and_may_keep_alt_presses(canvas) -> None:
    from studio.ui.canvas.tools import TOOLS, ToolSpec, register_tool

    register_tool(ToolSpec("test.recording", "Recording", "", RecordingTool))
    try:
        canvas.set_view(8, 0, 0)
        canvas.set_tool("test.recording")
        mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        drag(canvas, [centre_of(canvas, 2, 3), centre_of(canvas, 5, 3)], modifiers=mods)
        events = canvas.tool().events
        assert [kind for kind, _ in events] == ["press", "move", "release"]
        press = events[0][1]
        assert (press.x, press.y, press.ctrl, press.alt, press.shift) == (2, 3, True, True, False)
        assert canvas.primary == (0, 0, 0, 255)  # no colour was picked
        drag(canvas, [centre_of(canvas, 2, 3)], modifiers=Qt.KeyboardModifier.ControlModifier)
        assert events[-1][1].ctrl and not events[-1][1].alt
    finally:
        del TOOLS["test.recording"]
    # tools that keep the default still turn Alt+press into the picker, and see Ctrl
    canvas.set_tool("pencil")
    canvas.primary = BLUE
    drag(canvas, [centre_of(canvas, 0, 0)], modifiers=Qt.KeyboardModifier.ControlModifier)
    assert tuple(layer_pixels(canvas)[0, 0]) == BLUE
