"""The whole window against the offline engine on loopback: type, click, wait for the result
on the canvas, find it in the library; every AI panel is docked and named."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
)

from studio.core.document.document import Document
from studio.ui.main_window import MainWindow
from studio.ui.wiring import attach_backend
from tests.ui.generation_helpers import wait_for
from tests.ui.studio_window import offline_backend, shut_down, studio_window

PANELS = ["panel.create", "panel.jobs", "panel.library", "panel.skeleton", "panel.tileset",
          "panel.inpaint", "panel.rotate", "panel.animate", "panel.isometric",
          "panel.characters", "panel.palette", "panel.layers", "panel.frames"]


@pytest.fixture
def studio(qloop, qtbot, tmp_path):
    backend = offline_backend(qloop, tmp_path)
    window = studio_window(qtbot, tmp_path)
    panels = attach_backend(window, backend)
    window.show()
    yield window, backend, panels
    shut_down(qloop, panels, backend)


def test_every_panel_is_docked_and_the_backend_is_labelled_offline(studio) -> None:
    window, backend, _ = studio
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert set(PANELS) <= docks
    label = window.findChild(QLabel, "status.backend")
    assert "OFFLINE" in label.text().upper()
    assert backend.is_offline


def test_generate_four_variants_and_put_one_on_the_canvas(studio, qloop) -> None:
    window, backend, panels = studio
    doc = Document.new(32, 32, name="sprite")
    window.add_document(doc)
    create = panels.panels["panel.create"]
    description = create.findChild(QPlainTextEdit, "create.description")
    QTest.keyClicks(description, "red potion bottle")
    for name, value in (("create.width", 32), ("create.height", 32), ("create.variants", 4)):
        create.findChild(QSpinBox, name).setValue(value)
    model = create.findChild(QComboBox, "create.model")
    assert model.currentText().lower().startswith("pixflux")
    results = create.findChild(QListWidget, "create.results")

    async def click_and_wait() -> None:  # inside the running loop, as in the real app
        button = create.findChild(QPushButton, "create.generate")
        assert button.isVisible() and button.isEnabled()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        await wait_for(lambda: results.count() == 4, timeout=20)

    qloop.run_until_complete(click_and_wait())
    # One click on a variant puts it on the canvas as a new AI layer (undoable).
    item = results.item(0)
    rect = results.visualItemRect(item)
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))
    frame = doc.frames[doc.current_frame]
    assert len(frame.layers) == 2 and frame.layers[-1].kind == "ai"
    assert frame.layers[-1].pixels[..., 3].any(), "the generated sprite has opaque pixels"
    composite = doc.composite(doc.current_frame)
    assert np.array_equal(composite[..., 3] > 0, frame.layers[-1].pixels[..., 3] > 0)
    doc.history.undo()
    assert len(doc.frames[doc.current_frame].layers) == 1
    # The library has all four results with their (zero, offline) cost.
    records = backend.library.search("red potion")
    assert len(records) == 4
    assert {r.cost_usd for r in records} == {0.0}
    assert {r.width for r in records} == {32}


def test_invalid_token_opens_the_token_settings(qloop, qtbot, tmp_path) -> None:
    """A service answering 401 makes the window open Settings at the token field."""
    import httpx

    from studio.api import PixelLabClient
    from studio.backend import ONLINE, Backend
    from studio.core.jobs.library import ResultsLibrary
    from studio.core.jobs.queue import JobQueue
    from studio.ui.settings_dialog import SettingsDialog

    seen: list[str] = []

    def answer_401(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(401, json={"detail": "Invalid API token"})

    client = PixelLabClient(token="not-a-valid-token-0000", base_url="https://api.pixellab.ai/v2",
                            transport=httpx.MockTransport(answer_401))
    library = ResultsLibrary(tmp_path / "lib")
    backend = Backend(name=ONLINE, client=client, library=library,
                      queue=JobQueue(client, library))
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window._closing_confirmed = True
    panels = attach_backend(window, backend)
    window.show()
    create = panels.panels["panel.create"]
    QTest.keyClicks(create.findChild(QPlainTextEdit, "create.description"), "slime")
    create.findChild(QSpinBox, "create.variants").setValue(1)

    async def click_and_wait() -> None:
        QTest.mouseClick(create.findChild(QPushButton, "create.generate"),
                         Qt.MouseButton.LeftButton)
        await wait_for(lambda: window.findChild(SettingsDialog) is not None, timeout=10)

    try:
        qloop.run_until_complete(click_and_wait())
        dialog = window.findChild(SettingsDialog)
        assert dialog.isVisible()
        assert "401" in dialog.findChild(QLabel, "settings.notice").text()
        assert seen and all(path.endswith("/create-image-pixflux") or path.endswith("/balance")
                            for path in seen)
        # A 401 is never retried: one POST for the one paid request.
        assert sum(p.endswith("/create-image-pixflux") for p in seen) == 1
    finally:
        qloop.run_until_complete(backend.aclose())


def test_settings_action_and_switching_backend_keeps_the_panels(qloop, qtbot, tmp_path):
    import argparse

    from PySide6.QtGui import QAction

    from studio.app import _install_settings, start_backend
    from studio.ui.settings_dialog import SettingsDialog

    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window._closing_confirmed = True
    args = argparse.Namespace(offline=True, files=[], quit_after=None)
    holder: dict = {}
    _install_settings(window, args, holder)
    qloop.run_until_complete(start_backend(window, args, holder))
    first = holder["backend"]
    first_client, first_panels = first.client.target, holder["panels"]
    action = window.findChild(QAction, "action.settings")
    assert action is not None and action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()

    async def save_and_wait() -> None:
        window.on_settings_saved(None)
        await holder["switch"]

    qloop.run_until_complete(save_and_wait())
    try:
        second = holder["backend"]
        # the same backend, queue and panels, talking to a new engine
        assert second is first and second.is_offline and holder["panels"] is first_panels
        assert second.client.target is not first_client
        names = [d.objectName() for d in window.findChildren(QDockWidget)
                 if d.objectName().startswith("panel.") and not d.isHidden()]
        assert names.count("panel.create") == 1 and names.count("panel.skeleton") == 1
        assert window.findChild(QLabel, "status.backend").text() == "Offline engine (free)"
    finally:
        qloop.run_until_complete(holder["panels"].status.shutdown())
        for panel in holder["panels"].panels.values():
            stop = getattr(panel, "shutdown", None)
            if callable(stop):
                result = stop()
                if asyncio.iscoroutine(result):
                    qloop.run_until_complete(result)
        qloop.run_until_complete(second.aclose())
