"""Shared setup of the editor tests: a shown main window with one sprite at 8x zoom."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from studio.ui.main_window import MainWindow
from tests.ui.conftest import drag

RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def open_editor(qtbot, settings):
    """Body of each test module's ``window`` fixture (``yield from open_editor(...)``)."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    win.files.new_document(24, 16)
    win.canvas.set_view(8, 0, 0)
    win.canvas.setFocus()
    yield win
    win._closing_confirmed = True


def at(window: MainWindow, x: int, y: int) -> tuple[float, float]:
    """Screen position of the middle of image pixel (x, y)."""
    return window.canvas.viewport.to_screen(x + 0.5, y + 0.5)


def drag_pixels(window: MainWindow, points: list[tuple[int, int]],
                modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
                button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    drag(window.canvas, [at(window, x, y) for x, y in points], button, modifiers)


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def pixels(window: MainWindow, layer: int = 0) -> np.ndarray:
    doc = window.current_document()
    return doc.frames[doc.current_frame].layers[layer].pixels


def painted(window: MainWindow, layer: int = 0) -> set[tuple[int, int]]:
    ys, xs = np.nonzero(pixels(window, layer)[..., 3])
    return {(int(x), int(y)) for x, y in zip(xs, ys, strict=True)}


def key(qtbot, window: MainWindow, k: Qt.Key,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.canvas, k, modifiers)


def fill_rect(window: MainWindow, x: int, y: int, w: int, h: int, color=RED) -> None:
    doc = window.current_document()
    px = pixels(window).copy()
    px[y:y + h, x:x + w] = color
    doc.set_pixels(doc.current_frame, 0, doc.bounds, px)
    doc.history.clear()
