"""Jobs panel: live states, cancel, retry that asks first, outcome-unknown look up / decide."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.api.errors import OutcomeUnknownError, ServerError
from studio.core.jobs.queue import JobState
from studio.ui.panels.jobs_panel import JobsPanel
from tests.core.test_jobs import pixflux
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


def cell(panel, row, column):
    return panel.model.index(row, column).data()


def test_live_states_and_cancel(qtbot, queue, fake_client, qloop):
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    fake_client.gate = asyncio.Event()
    queue.concurrency = 1

    async def scenario():
        first = queue.submit(pixflux(1))
        second = queue.submit(pixflux(2))
        await asyncio.sleep(0)
        assert panel.model.rowCount() == 2
        # newest first
        assert [cell(panel, r, 1) for r in range(2)] == ["queued", "sending"]
        assert panel.model.row_of(second.id) == 0 and panel.model.row_of(first.id) == 1
        panel.select_job(second.id)
        assert panel.cancel_button.isEnabled() and not panel.lookup_button.isEnabled()
        panel.cancel_button.click()
        assert cell(panel, 0, 1) == "cancelled"
        fake_client.gate.set()
        await wait_for(lambda: first.state is JobState.DONE)
        assert cell(panel, 1, 2) == "100%" and cell(panel, 1, 4) == "$0.010"
        # expected (pixflux 16x16: the 64x64 listed price) against billed
        assert panel.model.headerData(5, Qt.Orientation.Horizontal) == "Expected"
        assert cell(panel, 1, 5) == "about $0.0079"
        assert cell(panel, 1, 3).endswith(" s")
    run(qloop, scenario)


def test_retry_asks_and_makes_a_new_paid_request(qtbot, queue, fake_client, qloop):
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    fake_client.fail_with = ServerError("boom", status=500)

    async def scenario():
        job = queue.submit(pixflux(3))
        await wait_for(lambda: job.state is JobState.FAILED)
        fake_client.fail_with = None
        panel.select_job(job.id)
        assert panel.retry_button.isEnabled() and "paid" in panel.retry_button.text()
        panel.retry_button.click()
        assert "NEW paid request" in panel.dialog.text()
        panel.dialog.button(QMessageBox.StandardButton.No).click()
        await asyncio.sleep(0.05)
        assert len(fake_client.sent) == 1
        panel.retry_button.click()
        panel.dialog.button(QMessageBox.StandardButton.Yes).click()
        await wait_for(lambda: len(queue.jobs) == 2)
        await queue.join()
        assert len(fake_client.sent) == 2 and "new paid request" in panel.message.text()
    run(qloop, scenario)


def test_outcome_unknown_look_up_then_dismiss(qtbot, queue, fake_client, qloop):
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    fake_client.fail_with = OutcomeUnknownError("read timeout")

    async def scenario():
        job = queue.submit(pixflux(4))
        await wait_for(lambda: job.state is JobState.OUTCOME_UNKNOWN)
        assert cell(panel, 0, 1) == "outcome unknown"
        panel.select_job(job.id)
        assert "may have been billed" in panel.message.text()
        assert panel.lookup_button.isEnabled() and not panel.retry_button.isEnabled()
        panel.lookup_button.click()
        await wait_for(lambda: panel.dialog is not None and panel.dialog.isVisible())
        dismiss = next(b for b in panel.dialog.buttons() if b.text() == "Dismiss")
        dismiss.click()
        await asyncio.sleep(0.05)
        assert job.state is JobState.FAILED and len(fake_client.sent) == 1
    run(qloop, scenario)


def test_outcome_unknown_resend_is_a_new_request(qtbot, queue, fake_client, qloop):
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    fake_client.fail_with = OutcomeUnknownError("connection dropped")

    async def scenario():
        job = queue.submit(pixflux(5))
        await wait_for(lambda: job.state is JobState.OUTCOME_UNKNOWN)
        fake_client.fail_with = None
        panel.select_job(job.id)
        panel.lookup_button.click()
        await wait_for(lambda: panel.dialog is not None and panel.dialog.isVisible())
        resend = next(b for b in panel.dialog.buttons() if "new paid request" in b.text())
        resend.click()
        await queue.join()
        assert len(fake_client.sent) == 2 and panel.model.rowCount() == 2
        assert panel.model.job(0).state is JobState.DONE  # the resend, newest first
        assert "Resent as a new paid request" in panel.message.text()
    run(qloop, scenario)


def test_the_elapsed_tick_is_one_signal_for_the_unfinished_rows(qtbot, queue, fake_client,
                                                                qloop):
    """60 queued jobs tick once a second: one dataChanged over their rows, not one each."""
    from studio.ui.panels.jobs_model import COLUMNS

    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    fake_client.gate = asyncio.Event()
    queue.concurrency = 1
    changed = []
    panel.model.dataChanged.connect(lambda first, last, *_: changed.append(
        (first.row(), last.row(), first.column(), last.column())))

    async def scenario():
        done = queue.submit(pixflux(0))
        fake_client.gate.set()
        await queue.join()
        assert done.state is JobState.DONE
        fake_client.gate.clear()
        for i in range(1, 61):
            queue.submit(pixflux(i))
        await asyncio.sleep(0)
        changed.clear()
        panel.model.refresh_running()
        elapsed = COLUMNS.index("Elapsed")
        assert changed == [(0, 59, elapsed, elapsed)]  # the finished job (row 60) stays out
        fake_client.gate.set()
        await queue.join()
        changed.clear()
        panel.model.refresh_running()
        assert changed == []  # nothing running: nothing to tick

    run(qloop, scenario)
