"""Line, rectangle and ellipse tools, Shift constraints, Shift+click pencil lines and symmetry,
driven through the real window with mouse and key events."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox

from tests.ui.editor_helpers import (
    RED,
    SHIFT,
    action,
    drag_pixels,
    key,
    open_editor,
    painted,
    pixels,
)


@pytest.fixture
def window(qtbot, settings):
    yield from open_editor(qtbot, settings)


def _tool(window, name: str) -> None:
    action(window, f"tool.{name}").trigger()
    assert window.canvas.tool_name == name


def test_line_tool_draws_one_step_and_previews(window, qtbot) -> None:
    window.canvas.primary = RED
    key(qtbot, window, Qt.Key.Key_L)
    assert window.canvas.tool_name == "line"
    drag_pixels(window, [(1, 1), (4, 2), (6, 3)])
    assert painted(window) == {(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3)}
    doc = window.current_document()
    assert doc.history.undo_count == 1 and doc.history.undo_label == "Line"
    assert window.canvas.preview.shape is None  # the preview is gone after release
    doc.history.undo()
    assert painted(window) == set()


def test_shift_constrains_the_line_to_45_degrees(window) -> None:
    _tool(window, "line")
    drag_pixels(window, [(2, 2), (8, 3)], SHIFT)
    assert painted(window) == {(x, 2) for x in range(2, 9)}


def test_rectangle_outline_filled_and_square(window, qtbot) -> None:
    key(qtbot, window, Qt.Key.Key_U)
    assert window.canvas.tool_name == "rectangle"
    drag_pixels(window, [(1, 1), (4, 3)])
    assert len(painted(window)) == 10
    filled = window.findChild(QCheckBox, "tool.filled")
    qtbot.waitUntil(filled.isVisible)
    filled.setChecked(True)
    drag_pixels(window, [(10, 1), (12, 2)])
    assert {(x, y) for x in range(10, 13) for y in range(1, 3)} <= painted(window)
    drag_pixels(window, [(15, 1), (18, 2)], SHIFT)  # a 4x4 square
    assert {(15, 4), (18, 4), (18, 1)} <= painted(window)
    assert window.current_document().history.undo_count == 3


def test_ellipse_with_shift_u_and_shift_for_a_circle(window, qtbot) -> None:
    key(qtbot, window, Qt.Key.Key_U, SHIFT)
    assert window.canvas.tool_name == "ellipse"
    drag_pixels(window, [(2, 2), (12, 6)], SHIFT)  # constrained to a 11x11 circle
    pts = painted(window)
    assert min(p[1] for p in pts) == 2 and max(p[1] for p in pts) == 12
    assert pts == {(14 - x, y) for x, y in pts}


def test_shift_click_draws_a_pencil_line_from_the_last_point(window) -> None:
    _tool(window, "pencil")
    drag_pixels(window, [(1, 1)])
    drag_pixels(window, [(5, 1)], SHIFT)
    assert painted(window) == {(x, 1) for x in range(1, 6)}
    assert window.current_document().history.undo_count == 2


def test_symmetry_mirrors_pencil_and_shapes(window) -> None:
    window.findChild(QCheckBox, "tool.mirror_x").setChecked(True)
    _tool(window, "pencil")
    drag_pixels(window, [(1, 1), (2, 1)])
    assert painted(window) == {(1, 1), (2, 1), (22, 1), (21, 1)}
    _tool(window, "line")
    drag_pixels(window, [(0, 5), (0, 6)])
    assert {(0, 5), (0, 6), (23, 5), (23, 6)} <= painted(window)
    assert window.canvas.preview.axes == (12.0, None)


def test_options_bar_shows_the_active_tools_options(window, qtbot) -> None:
    size = window.findChild(QSpinBox, "tool.size")
    tolerance = window.findChild(QSpinBox, "tool.tolerance")
    _tool(window, "pencil")
    qtbot.waitUntil(lambda: size.isVisible() and not tolerance.isVisible())
    _tool(window, "wand")
    qtbot.waitUntil(lambda: tolerance.isVisible() and not size.isVisible())
    assert "Shift adds" in window.findChild(QLabel, "tool.hint").text()


def test_brush_size_applies_to_shapes(window) -> None:
    window.findChild(QSpinBox, "tool.size").setValue(3)
    _tool(window, "line")
    drag_pixels(window, [(5, 5), (7, 5)])
    assert painted(window) == {(x, y) for x in range(4, 9) for y in range(4, 7)}
    assert pixels(window)[5, 6, 3] == 255


def test_symmetry_axis_can_be_moved(window) -> None:
    from PySide6.QtWidgets import QDoubleSpinBox

    window.findChild(QCheckBox, "tool.mirror_x").setChecked(True)
    window.findChild(QDoubleSpinBox, "tool.axis_x").setValue(5)  # the line between x=4 and 5
    _tool(window, "pencil")
    drag_pixels(window, [(2, 0)])
    assert painted(window) == {(2, 0), (7, 0)}
    assert window.canvas.preview.axes == (5.0, None)
