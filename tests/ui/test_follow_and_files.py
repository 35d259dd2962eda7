"""Files, panels that follow the shown sprite, and the Frames strip (issue 14): Save As renames
before writing, the Animate reference follows the sprite, the Frames strip comes forward when
frames arrive, the Jobs table shows the newest job first."""

from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QPushButton, QWidget

from studio.core.document.document import Document
from studio.core.fileio.project import load_project
from studio.ui.canvas import CanvasWidget
from studio.ui.main_window import MainWindow
from studio.ui.panels.animate_panel import AnimatePanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures


def _solid(color, size=64) -> np.ndarray:
    px = np.zeros((size, size, 4), np.uint8)
    px[8:56, 8:56] = color
    return px


def test_save_as_renames_the_document_before_writing(qtbot, settings, tmp_path):
    Image.fromarray(_solid((200, 0, 0, 255))).save(tmp_path / "in.png")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window._closing_confirmed = True
    window.files.open_paths([tmp_path / "in.png"])
    doc = window.current_document()
    window.findChild(QAction, "action.save_as").trigger()
    dialog = window.findChild(QFileDialog)
    dialog.selectFile(str(tmp_path / "proj.pxstudio"))
    dialog.accept()
    assert load_project(tmp_path / "proj.pxstudio").name == "proj"
    window.close_document(doc, force=True)
    window.files.open_paths([tmp_path / "proj.pxstudio"])
    assert window.tabs.tabText(window.tabs.currentIndex()) == "proj"


def test_animate_reference_follows_the_shown_sprite(qtbot, queue, library):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    red, blue = (Document.from_image(_solid((200, 0, 0, 255)), name=n) for n in ("r", "b"))
    blue.frames[0].layers[0].pixels[8:56, 8:56] = (0, 0, 200, 255)
    canvas.set_document(red)
    panel = AnimatePanel(queue, library, canvas, open_document=lambda d: None)
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.findChild(QPushButton, "animate.take_reference"),
                     Qt.MouseButton.LeftButton)
    assert tuple(panel.form.reference.pixels[32, 32]) == (200, 0, 0, 255)
    canvas.set_document(blue)
    assert tuple(panel.form.reference.pixels[32, 32]) == (0, 0, 200, 255)
    canvas.set_document(None)
    assert panel.form.reference is None
    assert panel.findChild(QLabel, "animate.reference_preview").text() == "none"


def test_frames_strip_comes_forward_when_frames_arrive(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window._closing_confirmed = True
    jobs = window.add_panel(QWidget(), "panel.jobs", "Jobs", Qt.DockWidgetArea.BottomDockWidgetArea)
    window.tabifyDockWidget(window.frames_dock, jobs)
    window.show()
    qtbot.waitExposed(window)
    doc = Document.new(16, 16, name="walk")
    window.add_document(doc)
    jobs.raise_()
    qtbot.waitUntil(lambda: window.frames_dock.visibleRegion().isEmpty())
    doc.add_frame()  # e.g. an animation placed its frames
    qtbot.waitUntil(lambda: not window.frames_dock.visibleRegion().isEmpty())
    assert jobs.visibleRegion().isEmpty()
    jobs.raise_()
    doc.add_layer(doc.current_frame)  # a change without new frames leaves the Jobs tab in front
    assert not window.findChild(QDockWidget, "panel.jobs").visibleRegion().isEmpty()
