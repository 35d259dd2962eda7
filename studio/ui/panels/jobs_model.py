"""JobsTableModel: the queue's jobs as a live table (state, progress, elapsed, billed cost
and the cost the price rules expected before sending)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from studio.api.pricing import ExpectedCost
from studio.core.jobs.queue import Job, JobQueue, JobState

COLUMNS = ("Job", "State", "Progress", "Elapsed", "Billed", "Expected")
STATE_TEXT = {
    JobState.QUEUED: "queued", JobState.SENDING: "sending", JobState.WAITING: "waiting",
    JobState.DONE: "done", JobState.FAILED: "failed",
    JobState.OUTCOME_UNKNOWN: "outcome unknown", JobState.CANCELLED: "cancelled",
}
Index = QModelIndex | QPersistentModelIndex


def format_cost(usd: float, generations: float) -> str:
    parts = []
    if usd:
        parts.append(f"${usd:.3f}")
    if generations:
        parts.append(f"{generations:g} gen")
    return " + ".join(parts) or "–"


def format_expected(usd: float | None, generations: float | None) -> str:
    """The expected cost as "about ..." (the price rules are estimates), or "unknown"."""
    return ExpectedCost(usd, generations).describe()


class JobsTableModel(QAbstractTableModel):
    def __init__(self, queue: JobQueue, parent: Any = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._jobs: list[Job] = list(queue.jobs.values())[::-1]  # newest first
        self._rows: dict[str, int] = {j.id: i for i, j in enumerate(self._jobs)}
        queue.job_added.connect(self._added)
        queue.job_changed.connect(self._changed)

    def disconnect_queue(self) -> None:
        self.queue.job_added.disconnect(self._added)
        self.queue.job_changed.disconnect(self._changed)

    def job(self, row: int) -> Job:
        return self._jobs[row]

    def row_of(self, job_id: str) -> int:
        return self._rows[job_id]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self._jobs[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return job.error or job.description
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = COLUMNS[index.column()]
        if column == "Job":
            return f"{job.endpoint.replace('_', ' ')}: {job.description[:40]}"
        if column == "State":
            return "done, not stored" if job.not_stored else STATE_TEXT[job.state]
        if column == "Progress":
            return f"{job.progress * 100:.0f}%"
        if column == "Elapsed":
            return f"{job.elapsed:.0f} s"
        if column == "Expected":
            if job.free:
                return "free (offline)"
            return format_expected(job.expected_usd, job.expected_generations)
        return format_cost(job.cost_usd, job.cost_generations)

    def refresh_running(self) -> None:
        """Tick the elapsed column of unfinished jobs (called by a timer): one signal for the
        span of their rows (new jobs are on top, so they are usually together)."""
        rows = [row for row, job in enumerate(self._jobs) if not job.state.is_final]
        if rows:
            column = COLUMNS.index("Elapsed")
            self.dataChanged.emit(self.index(rows[0], column), self.index(rows[-1], column),
                                  [Qt.ItemDataRole.DisplayRole])

    def _added(self, job: Job) -> None:
        """A new job goes on top: the newest is where the eye starts."""
        if job.id in self._rows:
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._jobs.insert(0, job)
        self._rows = {j.id: i for i, j in enumerate(self._jobs)}
        self.endInsertRows()

    def _changed(self, job: Job) -> None:
        row = self._rows.get(job.id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


def fit_jobs_table(table: QTableView) -> None:
    """Compact rows and a stretching Job column, so a short dock still shows several jobs
    with their whole titles."""
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    columns = table.horizontalHeader()
    columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # fit to the rows in view only: by default every change re-measured up to 1000 rows, and
    # 60 running jobs then cost the GUI thread seconds (issue 16)
    columns.setResizeContentsPrecision(0)
    columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
