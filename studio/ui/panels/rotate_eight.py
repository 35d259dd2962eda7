"""Rotate panel, "8 rotations": one generate-8-rotations-v3 call fills the 8-direction sheet.

Each returned image goes to the sheet cell of its label (the direction the service gave, or
the documented order when it gave none), never by its position in the answer. The sheet opens
as a new document, one frame per direction; the source document is not changed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pydantic
from PySide6.QtCore import QObject, Signal

from studio.api.requests_v3 import Generate8RotationsV3Request
from studio.core.document.document import Document
from studio.core.jobs.error_text import describe_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.workflows.newer_tools import SHEET_ORDER, sheet_by_label, sheet_document
from studio.ui.panels.generation_images import pil_to_rgba
from studio.ui.panels.rotate_sheet_view import FAILED_STATES


class EightRotations(QObject):
    """Sends the one request and turns its labelled results into the sheet document."""

    status_changed = Signal(str)
    failed = Signal(object)  # the Job

    def __init__(self, queue: JobQueue, library: ResultsLibrary,
                 open_document: Callable[[Document], None]) -> None:
        super().__init__()
        self.queue, self.library, self.open_document = queue, library, open_document
        self.job: Job | None = None
        self._name = ""
        self.sheet: Document | None = None

    def request(self, pixels: np.ndarray) -> Generate8RotationsV3Request:
        return Generate8RotationsV3Request(first_frame=pixels)

    def start(self, request: Generate8RotationsV3Request, name: str) -> Job:
        self._name = name
        self.job = self.queue.submit(request)
        self.status_changed.emit("Sent one request for all 8 directions.")
        return self.job

    def on_job_changed(self, job: Job) -> None:
        if self.job is None or job.id != self.job.id:
            return
        if job.state in FAILED_STATES:
            self.job = None
            self.failed.emit(job)
            return
        if job.state is not JobState.DONE:
            return
        self.job = None
        labelled = [(r.label, pil_to_rgba(self.library.load_image(r.id)))
                    for r in self.library.results_for_job(job.id)]
        cells = sheet_by_label(labelled)
        if not cells:
            self.status_changed.emit("The answer had no images labelled by direction; "
                                     "nothing was placed (the results are in the library).")
            return
        self.sheet = sheet_document(cells, self._name)
        self.open_document(self.sheet)
        missing = [d for d in SHEET_ORDER if d not in cells]
        note = f" Missing: {', '.join(missing)}." if missing else ""
        self.status_changed.emit(f"8-direction sheet opened ({len(cells)} directions, "
                                 f"placed by their labels).{note}")


def refusal(exc: pydantic.ValidationError | Exception) -> str:
    """A plain reason a request could not be built."""
    if isinstance(exc, pydantic.ValidationError):
        return "; ".join(str(e.get("msg", "")).removeprefix("Value error, ")
                         for e in exc.errors())
    return describe_error(exc).message
