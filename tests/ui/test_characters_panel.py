"""The assembled panel: stable object names, wiring between the tabs, and the job queue's
running jobs counting against the background-job limit."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QPushButton

from studio.core.jobs import JobQueue
from studio.core.library import ResultsLibrary
from studio.ui.characters import CharactersPanel
from tests.ui import characters_helpers
from tests.ui.characters_helpers import FakePixelLab

chars_loop = characters_helpers.chars_loop  # the qasync loop fixture


@pytest.fixture
def fake():
    return FakePixelLab(job_polls=2)


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def panel(qtbot, fake, library, chars_loop):
    client = fake.client()
    queue = JobQueue(client, library)
    opened = []
    widget = CharactersPanel(client, queue=queue, poll_interval=0.0,
                             open_on_canvas=lambda t, f: opened.append((t, f)))
    widget.queue, widget.opened = queue, opened
    qtbot.addWidget(widget)
    return widget


def test_stable_object_names(panel):
    assert isinstance(panel.findChild(QPlainTextEdit, "characters.description"), QPlainTextEdit)
    assert isinstance(panel.findChild(QPushButton, "characters.create"), QPushButton)
    assert isinstance(panel.findChild(QListWidget, "characters.list"), QListWidget)
    assert [panel.tabs.tabText(i) for i in range(3)] == ["Create", "Animate", "Browse"]


def test_queue_supplies_library_and_shares_the_job_limit(panel, library):
    assert panel.service.library is library
    slots = panel.service.slots
    assert slots.limit == panel.queue.concurrency
    panel.queue._tasks["x"] = object()  # a job the queue is running
    assert slots._busy() == 1
    del panel.queue._tasks["x"]


def test_created_character_feeds_animate_and_browse(panel, fake, qtbot):
    fake.add_character("older")
    panel.create_form.description.setPlainText("fresh hero")
    panel.create_form.directions.setCurrentIndex(panel.create_form.directions.findData(4))
    with qtbot.waitSignal(panel.create_form.characterCreated, timeout=5000) as created:
        panel.create_form.start()
    info = created.args[0]
    assert panel.animate_form.current_character().id == info.id
    qtbot.waitUntil(lambda: panel.browser.list.count() == 2, timeout=3000)
    assert panel.browser.list.item(0).text().startswith("fresh hero")
    assert panel.animate_form.character_combo.count() == 2  # the page's characters too
    panel.create_form.rotationActivated.emit("south", panel.create_form.rotations["south"])
    assert panel.opened[-1][0] == "fresh hero south"


def test_browse_tab_loads_on_first_visit(panel, fake, qtbot):
    fake.add_character("someone")
    assert panel.browser.list.count() == 0
    with qtbot.waitSignal(panel.browser.pageLoaded, timeout=3000):
        panel.tabs.setCurrentWidget(panel.browser)
    assert panel.browser.list.count() == 1
