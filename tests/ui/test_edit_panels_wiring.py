"""The issue-6 panels inside the real main window: docks, mask tool actions, and an inpaint
round trip on the window's canvas (mask drawn with the mouse, accepted, undone with Ctrl+Z)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QPushButton

from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue
from studio.ui.main_window import MainWindow
from studio.ui.panels.edit_panels_wiring import dock_edit_panels
from tests.ui.conftest import drag
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.test_inpaint_panel import SolidClient


@pytest.fixture
def window(qtbot, settings):
    """Not shown: closing a shown window at teardown would quit the next test's qasync loop
    (quit-on-last-window-closed)."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    yield win
    win._closing_confirmed = True


def test_panels_dock_and_inpaint_on_the_window_canvas(window, qtbot, qloop, library):
    client = SolidClient()
    panels = dock_edit_panels(window, JobQueue(client, library), library)
    for name in ("panel.inpaint", "panel.rotate", "panel.animate"):
        assert window.findChild(QDockWidget, name) is not None
    for tool in ("mask.brush", "mask.eraser", "mask.fill", "mask.rect", "mask.lasso"):
        assert tool in window.tool_actions
    pixels = np.zeros((24, 24, 4), np.uint8)
    pixels[4:20, 4:20] = (10, 200, 30, 255)
    window.add_document(Document.from_image(pixels, "frog"))
    doc = window.current_document()
    canvas = window.canvas
    window.tool_actions["mask.brush"].trigger()
    assert canvas.tool_name == "mask.brush"
    canvas.set_view(8, 0, 0)
    panels.masks.settings.size = 3
    drag(canvas, [canvas.viewport.to_screen(10.5, 10.5)])
    assert int((doc.frames[0].mask > 0).sum()) == 9
    panels.inpaint.form.description.setPlainText("a red spot")

    async def wait():
        window.findChild(QPushButton, "inpaint.generate").click()  # inside the running loop
        await wait_for(lambda: panels.inpaint.review_bar.review is not None)

    run(qloop, wait)
    window.findChild(QPushButton, "accept").click()  # the window's one review bar
    assert (doc.frames[0].layers[0].pixels[doc.frames[0].mask > 0] == (255, 0, 255, 255)).all()
    assert len(doc.frames[0].layers) == 1
    window.findChild(QAction, "action.undo").trigger()  # Edit > Undo (Ctrl+Z)
    assert len(doc.frames[0].layers) == 2  # the accept was one undo step
