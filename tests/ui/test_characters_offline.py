"""End to end against the offline engine over loopback: create, animate two directions, browse,
open frames on the canvas, export and import the ZIP (and 423 while an animation runs)."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
from PySide6.QtCore import Qt

from studio.api.client import PixelLabClient
from studio.core.characters.frames import make_open_on_canvas
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from studio.offline.server import OfflineServer
from studio.ui.characters import CharactersPanel
from tests.ui import characters_helpers

chars_loop = characters_helpers.chars_loop  # the qasync loop fixture


@pytest.fixture(scope="module")
def engine():
    server = OfflineServer(job_seconds=0.4)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def slow_engine():
    server = OfflineServer(job_seconds=1.5)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def panel(request, qtbot, engine, chars_loop, tmp_path):
    base_url = request.getfixturevalue(getattr(request, "param", "engine")).base_url
    client = PixelLabClient(token="offline", base_url=base_url)
    library = ResultsLibrary(tmp_path / "library")
    opened: list = []  # the documents the canvas was asked to open
    project = tmp_path / "project"
    project.mkdir()
    queue = JobQueue(client, library, poll_interval=0.1)
    widget = CharactersPanel(client, queue=queue, poll_interval=0.1,
                             open_on_canvas=make_open_on_canvas(opened.append),
                             project_dir=lambda: project)
    widget.opened = opened
    widget.project = project
    widget.library = library
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    yield widget
    widget.shutdown()
    library.close()


def test_create_animate_browse_open_export_import(panel, qtbot, tmp_path):
    create = panel.create_form
    create.description.setPlainText("offline test knight with a blue shield")
    create.width_spin.setValue(48)
    create.height_spin.setValue(48)
    with qtbot.waitSignal(create.characterCreated, timeout=15000) as created:
        qtbot.mouseClick(create.create_button, Qt.MouseButton.LeftButton)
    info = created.args[0]
    assert len(create.rotations) == 8
    assert all(p.shape == (48, 48, 4) for p in create.rotations.values())
    assert create.rotations["south"][..., 3].any()  # something was drawn
    assert len(panel.library.search(limit=50)) == 8  # stored before shown

    animate = panel.animate_form
    assert animate.current_character().id == info.id
    animate.templates.filter.setText("running-6")
    animate.compass.set_checked(["east", "north"])
    animate.name.setText("dash")
    with qtbot.waitSignal(animate.animationFinished, timeout=15000):
        qtbot.mouseClick(animate.animate_button, Qt.MouseButton.LeftButton)
    assert sorted(animate.frames) == ["east", "north"]
    assert all(len(frames) == 6 for frames in animate.frames.values())
    assert len(panel.library.search(limit=50)) == 8 + 12  # frames stored too

    browser = panel.browser
    with qtbot.waitSignal(browser.pageLoaded, timeout=10000):
        browser.load_page(0)
    row = next(r for r in range(browser.list.count())
               if browser.list.item(r).data(Qt.ItemDataRole.UserRole) == info.id)
    with qtbot.waitSignal(browser.characterSelected, timeout=10000):
        browser.list.setCurrentRow(row)
    assert "Animations: 1" in browser.details.text()
    qtbot.waitUntil(lambda: len(browser.animation_frames) == 2, timeout=10000)
    qtbot.mouseClick(browser.animation_compass.cells["north"].image, Qt.MouseButton.LeftButton)
    document = panel.opened[-1]
    assert "dash" in document.name and "north" in document.name
    assert len(document.frames) == 6 and (document.width, document.height) == (48, 48)
    assert np.array_equal(document.composite(5), browser.animation_frames["north"][5])
    qtbot.mouseClick(create.compass.cells["south-west"].image, Qt.MouseButton.LeftButton)
    assert len(panel.opened[-1].frames) == 1 and "south-west" in panel.opened[-1].name

    target = tmp_path / "export.zip"
    task = browser.zip.export_to(target)
    qtbot.waitUntil(task.done, timeout=10000)
    names = zipfile.ZipFile(target).namelist()
    assert any("/animations/dash/north/frame_005.png" in n for n in names)

    with qtbot.waitSignal(browser.characterImported, timeout=10000) as imported:
        browser.zip.import_file(target)
    result = imported.args[0]
    assert result.folder.parent == panel.project / "characters"
    assert len(result.rotations) == 8 and len(result.animations["dash"]["east"]) == 6


@pytest.mark.parametrize("panel", ["slow_engine"], indirect=True)
def test_export_while_animating_says_what_runs(panel, qtbot, tmp_path):
    create = panel.create_form
    create.description.setPlainText("offline busy character")
    create.directions.setCurrentIndex(create.directions.findData(4))
    with qtbot.waitSignal(create.characterCreated, timeout=15000):
        create.start()
    animate = panel.animate_form
    browser = panel.browser
    browser.show_character(create.character.id)
    qtbot.waitUntil(lambda: browser.current is not None, timeout=5000)
    animate.compass.set_checked(["south"])
    animate.start()
    qtbot.waitUntil(lambda: "%" in animate.compass.cells["south"].caption.text(),
                    timeout=5000)  # submitted and being polled
    browser.zip.export_to(tmp_path / "busy.zip")
    qtbot.waitUntil(lambda: "still generating" in browser.zip.status.text()
                    or "Exported" in browser.zip.status.text(), timeout=5000)
    assert "still generating" in browser.zip.status.text()
    assert "animation(s) still being generated" in browser.zip.status.text() \
        or "animation 'walk'" in browser.zip.status.text()
    assert not browser.zip.wait_button.isHidden()
    qtbot.mouseClick(browser.zip.wait_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "busy.zip").exists(), timeout=10000)
