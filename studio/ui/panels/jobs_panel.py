"""Jobs panel (dock "panel.jobs"): live list with cancel, retry (a new paid request, said so)
and Look up / decide for outcome-unknown jobs."""

from __future__ import annotations

import asyncio

import pydantic
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.core.jobs.error_text import OUTCOME_UNKNOWN_TEXT
from studio.core.jobs.library import LibraryError
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.ui.panels.jobs_model import JobsTableModel, fit_jobs_table
from studio.ui.panels.jobs_unstored import UnstoredActions

RETRY_TEXT = ("Retry sends a NEW paid request with the same parameters; it will be billed "
              "again. Send it?")


class JobsPanel(QWidget):
    message_changed = Signal(str)

    def __init__(self, queue: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.jobs.contents")
        self.queue = queue
        self.model = JobsTableModel(queue, self)
        self.table = QTableView(objectName="jobs.table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_jobs_table(self.table)
        self.cancel_button = QPushButton("Cancel", objectName="jobs.cancel")
        self.retry_button = QPushButton("Retry (new paid request)", objectName="jobs.retry")
        self.retry_button.setToolTip(RETRY_TEXT)
        self.lookup_button = QPushButton("Look up / decide", objectName="jobs.lookup")
        self.message = QLabel(objectName="jobs.message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.retry_button, self.lookup_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.unstored = UnstoredActions(queue, self.show_message, self)
        layout.addWidget(self.unstored)
        layout.addWidget(self.message)
        self.dialog: QMessageBox | None = None
        self._tasks: set[asyncio.Task] = set()

        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.ask_retry)
        self.lookup_button.clicked.connect(self.look_up_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.model.refresh_running)
        self._timer.start()
        queue.storage_problem.connect(self.show_message)
        self.destroyed.connect(lambda *_: queue.storage_problem.disconnect(self.show_message))
        self.destroyed.connect(lambda *_: self.model.disconnect_queue())
        self._update_buttons()

    def selected_job(self) -> Job | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.job(rows[0].row()) if rows else None

    def select_job(self, job_id: str) -> None:
        self.table.selectRow(self.model.row_of(job_id))

    def _update_buttons(self) -> None:
        job = self.selected_job()
        state = job.state if job else None
        self.cancel_button.setEnabled(state in (JobState.QUEUED, JobState.SENDING,
                                                JobState.WAITING))
        self.retry_button.setEnabled(state in (JobState.FAILED, JobState.CANCELLED,
                                               JobState.DONE))
        self.lookup_button.setEnabled(state is JobState.OUTCOME_UNKNOWN)
        self.unstored.set_job(job)

    def _selection_changed(self) -> None:
        self._update_buttons()
        job = self.selected_job()
        state = job.state if job else None
        if state is JobState.OUTCOME_UNKNOWN:
            self.show_message(OUTCOME_UNKNOWN_TEXT)
        elif job is not None and job.error:
            self.show_message(job.error)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message_changed.emit(text)

    def cancel_selected(self) -> None:
        job = self.selected_job()
        if job is not None:
            self.queue.cancel(job.id)

    def ask_retry(self) -> None:
        """Retry only after the user confirms that it is a new paid request."""
        job = self.selected_job()
        if job is None:
            return
        self.dialog = QMessageBox(QMessageBox.Icon.Question, "Retry", RETRY_TEXT,
                                  QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No, self)
        self.dialog.setObjectName("jobs.retry_confirm")
        self.dialog.finished.connect(lambda result, jid=job.id: self._retry_answer(jid, result))
        self.dialog.open()

    def _retry_answer(self, job_id: str, result: int) -> None:
        if result != QMessageBox.StandardButton.Yes:
            return
        try:
            new = self.queue.retry(job_id)
        except (ValueError, LibraryError, pydantic.ValidationError) as exc:
            self.show_message(f"Cannot retry this job: {exc}")
            return
        self.show_message(f"Sent a new paid request (job {new.id[:8]}).")

    def look_up_selected(self) -> None:
        job = self.selected_job()
        if job is None or job.state is not JobState.OUTCOME_UNKNOWN:
            return
        task = asyncio.ensure_future(self._look_up(job.id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _look_up(self, job_id: str) -> None:
        self.show_message("Looking up the job (free)…")
        result = await self.queue.lookup(job_id)
        self.show_message(result.message)
        if result.found:
            return
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, "Outcome unknown",
                                  f"{result.message}", parent=self)
        self.dialog.setObjectName("jobs.decide")
        resend = self.dialog.addButton("Resend (new paid request)",
                                       QMessageBox.ButtonRole.AcceptRole)
        dismiss = self.dialog.addButton("Dismiss", QMessageBox.ButtonRole.DestructiveRole)
        self.dialog.addButton("Keep for later", QMessageBox.ButtonRole.RejectRole)

        def decided(_result: int) -> None:
            clicked = self.dialog.clickedButton() if self.dialog else None
            if clicked is resend:
                try:
                    new = self.queue.decide(job_id, "resend")
                except (ValueError, LibraryError, pydantic.ValidationError) as exc:
                    self.show_message(f"Cannot resend this job: {exc}")
                    return
                self.show_message(f"Resent as a new paid request (job {new.id[:8]}).")
            elif clicked is dismiss:
                self.queue.decide(job_id, "dismiss")
                self.show_message("Dismissed.")

        self.dialog.finished.connect(decided)
        self.dialog.open()
