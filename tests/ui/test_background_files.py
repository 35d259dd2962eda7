"""Saving and opening projects in a worker thread: the window keeps running, edits made during
a save stay unsaved, Cancel (status bar, shown after half a second) stops without writing."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from studio.core.document.document import Document, Frame, Layer
from studio.core.document.geometry import Rect
from studio.core.fileio import load_project, save_project
from studio.ui.main_window import MainWindow
from tests.ui.generation_helpers import qloop  # noqa: F401 - fixture


def big_document(frames: int = 48, side: int = 256) -> Document:
    rng = np.random.default_rng(5)
    base = rng.integers(0, 255, (side, side, 4), dtype=np.uint8)
    return Document(side, side, [Frame([Layer("Layer 1", np.roll(base, i, axis=0))])
                                 for i in range(frames)], name="big")


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    win._closing_confirmed = True
    return win


async def wait_for(condition, timeout: float = 60.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


def test_save_runs_in_the_background_and_keeps_later_edits_unsaved(window, qloop, tmp_path):  # noqa: F811
    doc = big_document()
    path = tmp_path / "big.pxstudio"
    doc.path = path
    window.add_document(doc)
    doc.mark_dirty()
    red = np.zeros((1, 1, 4), np.uint8) + np.array([255, 0, 0, 255], np.uint8)

    async def scenario() -> None:
        assert window.files.save(doc) is False  # not saved yet: it runs in a worker thread
        assert window.files.busy
        doc.set_pixels(0, 0, Rect(0, 0, 1, 1), red)  # edited meanwhile
        await wait_for(lambda: not window.files.busy)

    qloop.run_until_complete(scenario())
    assert doc.dirty  # the edit came after the snapshot that was saved
    loaded = load_project(path)
    assert len(loaded.frames) == 48
    assert not np.array_equal(loaded.frames[0].layers[0].pixels[0, 0], red[0, 0])
    assert np.array_equal(loaded.frames[47].layers[0].pixels, doc.frames[47].layers[0].pixels)
    assert str(path.resolve()) in window.files.recent_files()


def test_cancel_in_the_status_bar_stops_a_save_before_writing(window, qloop, qtbot, tmp_path):  # noqa: F811
    path = tmp_path / "kept.pxstudio"
    save_project(Document.new(8, 8, name="old"), path)
    before = path.read_bytes()
    doc = big_document(frames=96)
    doc.path = path
    window.add_document(doc)
    doc.mark_dirty()
    busy = window.findChild(QWidget, "status.busy")
    cancel = window.findChild(QPushButton, "status.busy_cancel")

    async def scenario() -> None:
        window.files.save(doc)
        await wait_for(busy.isVisible)  # shown once the save ran for half a second
        assert "Saving kept.pxstudio" in busy.findChild(QWidget, "status.busy_text").text()
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        await wait_for(lambda: not window.files.busy)

    qloop.run_until_complete(scenario())
    assert path.read_bytes() == before  # the old file is untouched
    assert doc.dirty and not busy.isVisible()
    assert "cancelled" in window.statusBar().currentMessage().lower()


@pytest.fixture
def window_showing_at_once(qtbot, settings, monkeypatch):
    """The status-bar progress shows at once (not after half a second)."""
    monkeypatch.setattr("studio.ui.busy_status.SHOW_AFTER_MS", 0)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    win._closing_confirmed = True
    return win


def test_opening_in_the_background_can_be_cancelled(window_showing_at_once, qloop, qtbot,  # noqa: F811
                                                    tmp_path):
    window = window_showing_at_once
    path = tmp_path / "many.pxstudio"
    save_project(big_document(frames=96), path)
    busy = window.findChild(QWidget, "status.busy")

    async def scenario() -> None:
        task = window.files.open_paths_later([path])
        await wait_for(lambda: busy.isVisible() or task.done())
        if task.done():
            pytest.skip("the machine opened the file in under half a second")
        qtbot.mouseClick(window.findChild(QPushButton, "status.busy_cancel"),
                         Qt.MouseButton.LeftButton)
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled()

    qloop.run_until_complete(scenario())
    assert window.document_for_path(path) is None  # nothing half-opened
    assert "stopped opening many.pxstudio" in window.statusBar().currentMessage().lower()
