"""SheetView: runs a direction sheet through the job queue and shows each direction's state.

All missing directions are submitted at once (the queue runs them in parallel within its
bound). Each compass cell shows its answer, or its failure with the service's (or the offline
engine's) message; when every direction has finished, the answers and the untouched source
are assembled into a new sheet document and handed to ``open_document``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studio.api.requests import RotateRequest
from studio.core.document.document import Document
from studio.core.jobs.error_text import describe_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.workflows.rotate_sheet import SheetTracker, plan_sheet
from studio.ui.characters.compass import CompassWidget
from studio.ui.panels.generation_images import pil_to_rgba
from studio.ui.panels.qt_life import connect_alive

FAILED_STATES = (JobState.FAILED, JobState.OUTCOME_UNKNOWN, JobState.CANCELLED)


class SheetView(QWidget):
    finished = Signal(object)  # the sheet Document, or None when every direction failed
    status_changed = Signal(str)

    def __init__(self, queue: JobQueue, library: ResultsLibrary,
                 open_document: Callable[[Document], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotate.sheet_view")
        self.queue, self.library, self.open_document = queue, library, open_document
        self.compass = CompassWidget(thumb=28, parent=self)
        self.failures = QLabel(objectName="rotate.sheet_failures")
        self.failures.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.compass)
        layout.addWidget(self.failures)
        self.tracker: SheetTracker | None = None
        self.jobs: dict[str, str] = {}  # job id -> direction
        self.approximated: list[str] = []  # directions the offline engine only approximated
        self.name = "Direction sheet"
        connect_alive(queue.job_changed, self, "_on_job_changed")
        self.setVisible(False)

    @property
    def running(self) -> bool:
        return self.tracker is not None and not self.tracker.is_complete

    def start(self, template: RotateRequest, source: np.ndarray, source_direction: str,
              count: int, name: str) -> list[Job]:
        """Submit one rotate request per missing direction; raises ValueError on bad input."""
        requests = plan_sheet(template, source_direction, count)
        self.tracker = SheetTracker(source_direction, source, count)
        self.name = name
        self.compass.clear()
        self.compass.set_available([source_direction, *requests])
        self.compass.set_image(source_direction, source)
        self.compass.set_progress(source_direction, None, "source")
        self.failures.setText("")
        self.approximated: list[str] = []
        self.setVisible(True)
        jobs = []
        self.jobs = {}
        for direction, request in requests.items():
            job = self.queue.submit(request)
            self.jobs[job.id] = direction
            self.compass.set_progress(direction, 0.0, "sending")
            jobs.append(job)
        self._report()
        return jobs

    def _on_job_changed(self, job: Job) -> None:
        direction = self.jobs.get(job.id)
        tracker = self.tracker
        if direction is None or tracker is None or direction not in tracker.pending:
            return
        if job.state is JobState.DONE:
            try:
                pixels = pil_to_rgba(self.library.load_image(job.result_ids[0]))
                if pixels.shape != tracker.source.shape:
                    raise ValueError(f"the answer is {pixels.shape[1]}x{pixels.shape[0]}")
            except (OSError, IndexError, ValueError) as exc:
                self._fail(direction, f"the result could not be used: {exc}")
            else:
                tracker.succeed(direction, pixels)
                self.compass.set_image(direction, pixels)
                self.compass.set_progress(direction, None,
                                          "approximated" if job.note else "done")
                if job.note:
                    self.approximated.append(direction)
                    self.compass.cells[direction].setToolTip(f"{direction}: {job.note}")
        elif job.state in FAILED_STATES:
            self._fail(direction, describe_error(job.exception, job.error or "").message)
        else:
            self.compass.set_progress(direction, job.progress, job.state.value)
            return
        self._report()
        if tracker.is_complete:
            self._complete()

    def _fail(self, direction: str, message: str) -> None:
        assert self.tracker is not None
        self.tracker.fail(direction, message)
        self.compass.set_progress(direction, None, "failed")
        self.compass.cells[direction].setToolTip(f"{direction}: {message}")
        lines = [f"{d}: {m}" for d, m in self.tracker.failures.items()]
        self.failures.setText("\n".join(lines))

    def _report(self) -> None:
        if self.tracker is not None:
            self.status_changed.emit(f"Direction sheet: {self.tracker.summary()}.")

    def _complete(self) -> None:
        tracker = self.tracker
        assert tracker is not None
        if not tracker.results:
            self.status_changed.emit("Direction sheet: every direction failed, so no sheet "
                                     "was made (see the messages).")
            self.finished.emit(None)
            return
        doc = tracker.assemble(self.name)
        self.open_document(doc)
        missing = f"; missing: {', '.join(tracker.failures)}" if tracker.failures else ""
        rough = (f" The offline engine approximated {', '.join(self.approximated)}; hover a "
                 "direction for how." if self.approximated else "")
        self.status_changed.emit(f"Direction sheet opened with {len(doc.frames)} frames "
                                 f"({', '.join(doc.extras['frame_names'])}){missing}.{rough}")
        self.finished.emit(doc)
