"""Selections, clipboard and transforms through the real window: lasso, magic wand, modes,
select all/none/invert, copy/cut/paste/delete with PNG on the system clipboard, arrow keys,
flips, rotations, handle scaling, Enter and Esc."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSpinBox

from studio.core.document.geometry import Rect
from studio.core.fileio.imaging import decode_rgba, encode_png
from studio.ui.canvas.selection_overlay import handle_boxes
from tests.ui.conftest import drag
from tests.ui.editor_helpers import (
    ALT,
    BLUE,
    CTRL,
    RED,
    SHIFT,
    action,
    drag_pixels,
    fill_rect,
    key,
    open_editor,
    painted,
    pixels,
)


@pytest.fixture
def window(qtbot, settings):
    yield from open_editor(qtbot, settings)


def _sel(window):
    return window.canvas.selection.selection


def test_rectangle_select_with_shift_adds_and_alt_subtracts(window, qtbot) -> None:
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(1, 1), (4, 4)])
    drag_pixels(window, [(3, 3), (6, 6)], SHIFT)
    assert _sel(window).pixel_count == 16 + 16 - 4
    drag_pixels(window, [(1, 1), (2, 2)], ALT)
    assert _sel(window).pixel_count == 28 - 4 and not _sel(window).contains(1, 1)
    assert window.current_document().history.undo_count == 0  # selecting edits nothing


def test_lasso_selects_the_drawn_loop(window, qtbot) -> None:
    key(qtbot, window, Qt.Key.Key_Q)
    assert window.canvas.tool_name == "lasso"
    drag_pixels(window, [(2, 2), (10, 2), (10, 8), (2, 8)])
    sel = _sel(window)
    assert sel.rect == Rect(2, 2, 9, 7) and sel.pixel_count == 63
    assert window.canvas.preview.path == []


def test_magic_wand_contiguous_global_and_tolerance(window, qtbot) -> None:
    fill_rect(window, 1, 1, 3, 3)
    fill_rect(window, 10, 1, 2, 2)
    fill_rect(window, 14, 1, 1, 1, (250, 0, 0, 255))
    key(qtbot, window, Qt.Key.Key_W)
    drag_pixels(window, [(2, 2)])
    assert _sel(window).pixel_count == 9
    drag_pixels(window, [(10, 1)], SHIFT)
    assert _sel(window).pixel_count == 13
    window.findChild(QSpinBox, "tool.tolerance").setValue(10)
    window.canvas.wand_contiguous = False
    drag_pixels(window, [(2, 2)])
    assert _sel(window).pixel_count == 14


def test_select_all_none_and_invert_shortcuts(window, qtbot) -> None:
    key(qtbot, window, Qt.Key.Key_A, CTRL)
    assert _sel(window).rect == Rect(0, 0, 24, 16)
    key(qtbot, window, Qt.Key.Key_D, CTRL)
    assert _sel(window) is None
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(0, 0), (23, 7)])
    key(qtbot, window, Qt.Key.Key_I, CTRL | SHIFT)
    assert _sel(window).rect == Rect(0, 8, 24, 8)
    assert action(window, "select.invert").shortcut().toString() == "Ctrl+Shift+I"


def test_copy_puts_png_on_the_clipboard_and_paste_floats_in_place(window, qtbot) -> None:
    fill_rect(window, 2, 2, 2, 2)
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(2, 2), (4, 4)])
    key(qtbot, window, Qt.Key.Key_C, CTRL)
    mime = QGuiApplication.clipboard().mimeData()
    copied = decode_rgba(bytes(mime.data("image/png").data()))
    assert copied.shape == (3, 3, 4) and tuple(copied[0, 0]) == RED and copied[2, 2, 3] == 0
    key(qtbot, window, Qt.Key.Key_V, CTRL)
    floating = window.canvas.transform.floating
    assert floating is not None and floating.rect == Rect(2, 2, 3, 3)
    key(qtbot, window, Qt.Key.Key_Right)
    key(qtbot, window, Qt.Key.Key_Right, SHIFT)
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.canvas.transform.floating is None
    assert tuple(pixels(window)[2, 13]) == RED and tuple(pixels(window)[2, 2]) == RED
    doc = window.current_document()
    assert doc.history.undo_count == 1
    assert not window.frames_strip.playing  # Enter applied; it did not start playback


def test_paste_of_an_outside_png_and_escape_cancels(window, qtbot) -> None:
    outside = np.zeros((2, 3, 4), np.uint8)
    outside[:] = BLUE
    mime = QMimeData()
    mime.setData("image/png", encode_png(outside))
    QGuiApplication.clipboard().setMimeData(mime)
    key(qtbot, window, Qt.Key.Key_V, CTRL)
    assert window.canvas.transform.floating.rect == Rect(0, 0, 3, 2)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.canvas.transform.floating is None and painted(window) == set()
    assert window.current_document().history.undo_count == 0


def test_cut_and_delete_are_one_step_each(window, qtbot) -> None:
    fill_rect(window, 0, 0, 6, 6)
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(0, 0), (2, 2)])
    key(qtbot, window, Qt.Key.Key_X, CTRL)
    assert len(painted(window)) == 36 - 9
    assert decode_rgba(bytes(QGuiApplication.clipboard().mimeData()
                             .data("image/png").data())).shape == (3, 3, 4)
    drag_pixels(window, [(3, 3), (5, 5)])
    key(qtbot, window, Qt.Key.Key_Delete)
    assert len(painted(window)) == 36 - 18
    doc = window.current_document()
    assert doc.history.undo_count == 2
    doc.history.undo()
    doc.history.undo()
    assert len(painted(window)) == 36


def test_paste_as_new_layer(window, qtbot) -> None:
    fill_rect(window, 1, 1, 2, 2)
    key(qtbot, window, Qt.Key.Key_C, CTRL)  # no selection: the whole layer
    action(window, "edit.paste_layer").trigger()
    doc = window.current_document()
    assert len(doc.frames[0].layers) == 2 and tuple(pixels(window, 1)[1, 1]) == RED


def test_flip_and_rotate_the_selection_then_apply(window, qtbot) -> None:
    fill_rect(window, 0, 0, 1, 1)
    fill_rect(window, 0, 0, 3, 1, RED)
    fill_rect(window, 0, 0, 1, 1, BLUE)
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(0, 0), (2, 1)])
    key(qtbot, window, Qt.Key.Key_H, SHIFT)  # flip horizontally
    key(qtbot, window, Qt.Key.Key_Return)
    assert tuple(pixels(window)[0, 2]) == BLUE and tuple(pixels(window)[0, 0]) == RED
    action(window, "edit.rotate_180").trigger()
    key(qtbot, window, Qt.Key.Key_Return)
    assert tuple(pixels(window)[1, 0]) == BLUE
    doc = window.current_document()
    assert doc.history.undo_count == 2
    doc.history.undo()
    assert tuple(pixels(window)[0, 2]) == BLUE


def test_move_tool_scales_with_a_handle(window, qtbot) -> None:
    fill_rect(window, 2, 2, 2, 2)
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(2, 2), (3, 3)])
    key(qtbot, window, Qt.Key.Key_V)
    canvas = window.canvas
    handle = handle_boxes(canvas.viewport, Rect(2, 2, 2, 2))["se"].center()
    target = canvas.viewport.to_screen(6, 6)
    drag(canvas, [(handle.x(), handle.y()), target])
    assert canvas.transform.floating.rect == Rect(2, 2, 4, 4)
    assert window.current_document().history.undo_count == 0  # floating until Enter
    key(qtbot, window, Qt.Key.Key_Return)
    assert painted(window) == {(x, y) for x in range(2, 6) for y in range(2, 6)}
    assert window.current_document().history.undo_count == 1


def test_arrows_move_the_whole_layer_only_with_a_selection(window, qtbot) -> None:
    fill_rect(window, 0, 0, 1, 1)
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.canvas.transform.floating is None  # nothing selected: arrows do nothing
    key(qtbot, window, Qt.Key.Key_A, CTRL)
    key(qtbot, window, Qt.Key.Key_Down)
    key(qtbot, window, Qt.Key.Key_Return)
    assert painted(window) == {(0, 1)}
