"""Part B of issue 17 through the real window: tool icons and tooltips, Aseprite keys
(tools, [ and ], zoom digits, Tab), and rebinding shortcuts that persist."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QKeySequenceEdit, QLabel, QSpinBox

from studio.ui.main_window import MainWindow
from tests.ui.editor_helpers import SHIFT, action, key, open_editor


@pytest.fixture
def window(qtbot, settings):
    yield from open_editor(qtbot, settings)


TOOL_KEYS = [
    (Qt.Key.Key_B, None, "pencil"), (Qt.Key.Key_E, None, "eraser"), (Qt.Key.Key_G, None, "fill"),
    (Qt.Key.Key_I, None, "picker"), (Qt.Key.Key_L, None, "line"),
    (Qt.Key.Key_U, None, "rectangle"), (Qt.Key.Key_U, SHIFT, "ellipse"),
    (Qt.Key.Key_M, None, "select"), (Qt.Key.Key_Q, None, "lasso"), (Qt.Key.Key_W, None, "wand"),
    (Qt.Key.Key_V, None, "move"), (Qt.Key.Key_H, None, "hand"),
]


def test_every_tool_key_picks_its_tool_and_shows_in_the_tooltip(window, qtbot) -> None:
    for k, mods, tool in TOOL_KEYS:
        key(qtbot, window, k, mods or Qt.KeyboardModifier.NoModifier)
        assert window.canvas.tool_name == tool
        act = action(window, f"tool.{tool}")
        assert act.isChecked() and not act.icon().isNull()
        shown = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert act.toolTip().endswith(f"({shown})")


def test_brackets_size_the_pencil(window, qtbot) -> None:
    size = window.findChild(QSpinBox, "tool.size")
    key(qtbot, window, Qt.Key.Key_B)
    for _ in range(3):
        key(qtbot, window, Qt.Key.Key_BracketRight)
    assert window.canvas.brush_size == 4 and size.value() == 4
    key(qtbot, window, Qt.Key.Key_BracketLeft)
    assert window.canvas.brush_size == 3


def test_digits_zoom_and_zero_fits(window, qtbot) -> None:
    key(qtbot, window, Qt.Key.Key_4)
    assert window.canvas.viewport.zoom == 8
    key(qtbot, window, Qt.Key.Key_6)
    assert window.canvas.viewport.zoom == 32
    key(qtbot, window, Qt.Key.Key_1)
    assert window.canvas.viewport.zoom == 1
    key(qtbot, window, Qt.Key.Key_0)
    assert window.canvas.viewport.zoom > 8  # a 24x16 sprite fits at a large zoom


def test_digits_typed_in_a_spin_box_do_not_zoom(window, qtbot) -> None:
    size = window.findChild(QSpinBox, "tool.size")
    zoom = window.canvas.viewport.zoom
    size.setFocus()
    size.selectAll()
    qtbot.keyClicks(size, "5")
    assert size.value() == 5 and window.canvas.viewport.zoom == zoom


def test_tab_hides_and_shows_the_panels_from_the_canvas(window, qtbot) -> None:
    layers = window.findChild(QDockWidget, "panel.layers")
    assert layers.isVisible()
    key(qtbot, window, Qt.Key.Key_Tab)
    assert not layers.isVisible()
    key(qtbot, window, Qt.Key.Key_Tab)
    assert layers.isVisible()


def test_rebinding_a_shortcut_applies_and_persists(window, qtbot, settings) -> None:
    dialog = window.open_shortcuts()
    edit = dialog.findChild(QKeySequenceEdit, "shortcut.tool.line")
    edit.setKeySequence(QKeySequence("Shift+L"))
    assert dialog.save()
    line = action(window, "tool.line")
    assert line.shortcut().toString() == "Shift+L" and "(Shift+L)" in line.toolTip()
    key(qtbot, window, Qt.Key.Key_L, SHIFT)
    assert window.canvas.tool_name == "line"
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.findChild(QAction, "tool.line").shortcut().toString() == "Shift+L"
    again._closing_confirmed = True


def test_a_key_given_twice_is_refused_with_a_sentence(window) -> None:
    dialog = window.open_shortcuts()
    dialog.findChild(QKeySequenceEdit, "shortcut.tool.line").setKeySequence(QKeySequence("B"))
    assert not dialog.save()
    text = dialog.findChild(QLabel, "shortcuts.problem").text()
    assert "B is given to both" in text and "Pencil" in text
    assert action(window, "tool.line").shortcut().toString() == "L"
    dialog.reset_defaults()
    assert dialog.save()


def test_no_key_is_given_to_two_actions(window) -> None:
    """Qt ignores an ambiguous shortcut silently, so every key must have one owner."""
    owners: dict[str, str] = {}
    clashes = []
    for act in window.findChildren(QAction):
        for seq in act.shortcuts():
            text = seq.toString()
            if text in owners and owners[text] != act.objectName():
                clashes.append((text, owners[text], act.objectName()))
            owners[text] = act.objectName()
    assert clashes == []
