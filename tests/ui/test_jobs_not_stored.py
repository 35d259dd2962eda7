"""Jobs panel on a full disk (issue 13): a job whose images the disk refused is "done, not
stored", shows a plain sentence, offers Store again (sends nothing) and Save images as…, and
quitting the studio asks first. A request that could not be journalled says why."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.core.jobs.queue import JobState
from studio.ui.main_window import MainWindow
from studio.ui.panels.jobs_panel import JobsPanel
from studio.ui.panels.jobs_unstored import unstored_warning
from tests.core.full_disk import FullDisk
from tests.core.test_jobs import pixflux
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


def state_text(panel, job):
    return panel.model.index(panel.model.row_of(job.id), 1).data()


def test_done_not_stored_offers_store_again_and_save_as(qtbot, queue, fake_client, library,
                                                         qloop, monkeypatch, tmp_path):
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    panel.show()
    disk = FullDisk(library, monkeypatch)
    fake_client.gate = asyncio.Event()

    async def scenario():
        job = queue.submit(pixflux(4))
        await wait_for(lambda: fake_client.sent)
        disk.full = True  # the disk fills while the answer is on its way
        fake_client.gate.set()
        await wait_for(lambda: job.state is JobState.DONE)
        assert state_text(panel, job) == "done, not stored"
        assert "is full" in panel.message.text()  # reported as it happened
        panel.select_job(job.id)
        assert panel.unstored.isVisible()
        assert "not stored" in panel.message.text() and "Store again" in panel.message.text()
        qtbot.mouseClick(panel.unstored.store_button, Qt.MouseButton.LeftButton)
        assert "Still not stored" in panel.message.text() and job.not_stored
        written = panel.unstored.save_to(job.id, tmp_path / "rescue")
        assert [p.name for p in written] == [f"{job.id[:8]}-0.png"]
        assert "Saved 1 image(s)" in panel.message.text()
        disk.full = False
        qtbot.mouseClick(panel.unstored.store_button, Qt.MouseButton.LeftButton)
        assert panel.message.text() == "Stored in the library."
        assert state_text(panel, job) == "done" and not panel.unstored.isVisible()
        assert library.results_for_job(job.id)[0].image_path.exists()
        assert len(fake_client.sent) == 1 and disk.integrity_ok()
    run(qloop, scenario)


def test_a_request_that_cannot_be_journalled_is_not_sent_and_says_why(
        qtbot, queue, fake_client, library, qloop, monkeypatch):
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    disk = FullDisk(library, monkeypatch)
    disk.full = True

    async def scenario():
        job = queue.submit(pixflux(5))
        await asyncio.sleep(0)
        assert fake_client.sent == [] and job.state is JobState.FAILED
        assert state_text(panel, job) == "failed"
        assert "is full" in panel.message.text()
        panel.select_job(job.id)
        assert panel.message.text().startswith("Not sent, nothing was billed")
    run(qloop, scenario)


def test_quitting_with_results_not_stored_asks_first(qtbot, queue, fake_client, library,
                                                     qloop, monkeypatch, settings):
    window = MainWindow(settings, None)
    qtbot.addWidget(window)
    window.quit_warnings["jobs"] = lambda: unstored_warning(queue)
    disk = FullDisk(library, monkeypatch)
    disk.full = True

    async def scenario():
        queue.submit(pixflux(6))  # refused: nothing held, nothing to ask about
        await asyncio.sleep(0)
        assert unstored_warning(queue) is None
        disk.full = False
        fake_client.gate = asyncio.Event()
        job = queue.submit(pixflux(7))
        await wait_for(lambda: fake_client.sent)
        disk.full = True
        fake_client.gate.set()
        await wait_for(lambda: job.state is JobState.DONE)
    run(qloop, scenario)
    window.show()
    assert window.close() is False
    box = window.findChild(QMessageBox, "unstored_quit")
    assert box is not None and "only in memory" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()
    assert window.close() is False
    box = [b for b in window.findChildren(QMessageBox, "unstored_quit") if b.isVisible()][0]
    [quit_button] = [b for b in box.buttons() if b.objectName() == "unstored_quit.quit"]
    quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
