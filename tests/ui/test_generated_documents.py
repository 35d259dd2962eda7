"""Generated documents (animations, rotations, sheets, characters, library results) have no
file behind them: they are unsaved work like a hand-drawn sprite (issue 12 item 2): dirty,
journalled for crash recovery, and Ctrl+W / quitting ask first."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from studio.core.document.document import Document
from studio.core.recovery.journal import RecoveryJournal
from studio.core.recovery.store import read_entries
from studio.core.workflows.placement import make_place_image
from studio.ui.main_window import MainWindow
from studio.ui.wiring import CanvasAccess


@pytest.fixture
def journal(tmp_path):
    j = RecoveryJournal(tmp_path / "recovery", quiet_s=0.05, max_delay_s=0.2).start()
    yield j
    j.stop()


def sprite() -> np.ndarray:
    pixels = np.zeros((8, 8, 4), np.uint8)
    pixels[2:5, 3:6] = (10, 200, 30, 255)
    return pixels


def open_generated(window: MainWindow, how: str) -> Document:
    access = CanvasAccess(window)
    if how == "animation":  # Animate into a new document, a Rotate result, a sheet, a character
        access.open_document(Document.from_frames([(sprite(), 100), (sprite()[::-1], 120)],
                                                  "walk"))
    else:  # a library result opened as a document
        place = make_place_image(lambda: None, access.open_document)
        assert place(sprite(), "document", "library result") == "document"
    return window.current_document()


@pytest.mark.parametrize("how", ["animation", "library result"])
def test_generated_documents_are_unsaved_journalled_and_asked_about(qtbot, settings, journal,
                                                                    how):
    window = MainWindow(settings, journal)
    qtbot.addWidget(window)
    window.show()
    doc = open_generated(window, how)
    assert doc.dirty and window.tabs.tabText(0).startswith("*")
    qtbot.waitUntil(lambda: [e.name for e in read_entries(journal.run_dir, crashed=False)]
                    == [doc.name])
    close = window.findChild(QAction, "action.close")  # File > Close, Ctrl+W
    close.trigger()
    box = window.findChild(QMessageBox, "unsaved")
    assert box is not None and box.isVisible() and doc.name in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.documents == [doc]
    assert window.close() is False  # quitting asks too
    window._closing_confirmed = True


def test_tile_touch_up_is_not_unsaved_work(qtbot, settings, journal):
    window = MainWindow(settings, journal)
    qtbot.addWidget(window)
    doc = CanvasAccess(window).open_tile_for_touch_up(sprite(), "tile", lambda _p: None)
    assert not doc.dirty
