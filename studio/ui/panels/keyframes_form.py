"""Animate panel, keyframes mode: in-betweens from a first to a last frame of the document
(animate-with-text-v3, any size up to 256x256). The in-betweens are inserted before the last
frame as results under review (one undo step)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.api.pricing import ExpectedCost, estimate
from studio.api.requests_v3 import AnimateWithTextV3Request
from studio.core.document.document import Document
from studio.core.jobs.error_text import report_job_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.workflows.newer_tools import inbetweens_of, insert_inbetweens, keyframes_request
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.panels.generation_images import pil_to_rgba
from studio.ui.panels.panel_layout import compact_form
from studio.ui.panels.rotate_sheet_view import FAILED_STATES
from studio.ui.tileset.form_helpers import seed_spin, seed_value


class KeyframesForm(QWidget):
    """First and last frame (1-based, as the Frames strip numbers them), action, frame count."""

    changed = Signal()

    def __init__(self, current_frame: Callable[[], int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = current_frame or (lambda: 0)
        self.first_frame = QSpinBox(objectName="animate.first_frame", minimum=1, maximum=999)
        self.last_frame = QSpinBox(objectName="animate.last_frame", minimum=1, maximum=999)
        self.first_from_strip = QPushButton("Selected frame",
                                            objectName="animate.first_from_strip")
        self.last_from_strip = QPushButton("Selected frame", objectName="animate.last_from_strip")
        for button, spin in ((self.first_from_strip, self.first_frame),
                             (self.last_from_strip, self.last_frame)):
            button.setToolTip("Take the frame selected in the Frames strip")
            button.clicked.connect(lambda _=False, s=spin: s.setValue(self._current() + 1))
        self.use_current = QPushButton("Current and next frame",
                                       objectName="animate.use_current")
        self.action = QLineEdit(objectName="animate.keyframes_action")
        self.action.setPlaceholderText("what happens between them, e.g. swing the sword")
        self.frame_count = QSpinBox(objectName="animate.frame_count", minimum=4, maximum=16,
                                    singleStep=2, value=8)
        self.frame_count.setToolTip("Frames the service makes after the first one (even, "
                                    "4-16); the last of them is your last frame, so one fewer "
                                    "in-betweens are inserted. Width x height x frames is at "
                                    "most 524,288 pixels.")
        self.seed = seed_spin("animate.keyframes_seed")
        form = compact_form(QFormLayout(self))
        form.addRow("First frame", _pair(self.first_frame, self.first_from_strip))
        form.addRow("Last frame", _pair(self.last_frame, self.last_from_strip))
        form.addRow("", self.use_current)
        form.addRow("Action", self.action)
        form.addRow("Frame count", self.frame_count)
        form.addRow("Seed", self.seed)
        for spin in (self.first_frame, self.last_frame, self.frame_count):
            spin.valueChanged.connect(lambda _v: self.changed.emit())

    def follow(self, doc: Document | None, current: int) -> None:
        """While no usable pair is chosen (or it left the document): current and next."""
        count = len(doc.frames) if doc is not None else 1
        if (self.first_frame.value() >= self.last_frame.value()
                or self.last_frame.value() > count):
            self.pick_current(current, count)

    def widgets(self) -> dict[str, QWidget]:
        """Request field -> the widget to mark when the service's rules refuse it."""
        return {"first_frame": self.first_frame, "last_frame": self.last_frame,
                "action": self.action, "frame_count": self.frame_count, "seed": self.seed}

    def pick_current(self, current: int, count: int) -> None:
        self.first_frame.setValue(min(current + 1, max(1, count - 1)))
        self.last_frame.setValue(min(self.first_frame.value() + 1, count))

    def request(self, doc: Document) -> AnimateWithTextV3Request:
        """The request (ValueError or pydantic's ValidationError say what is wrong)."""
        action = self.action.text().strip()
        if not action:
            raise ValueError("describe the action between the two frames")
        return keyframes_request(doc, self.first_frame.value() - 1, self.last_frame.value() - 1,
                                 action, self.frame_count.value(), seed=seed_value(self.seed))

    def expected(self, doc: Document | None) -> ExpectedCost | None:
        if doc is None:
            return None
        return estimate("animate_with_text_v3", doc.width, doc.height,
                        frame_count=self.frame_count.value())


def _pair(spin: QSpinBox, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(spin, 1)
    row.addWidget(button)
    return row


class KeyframesRun:
    """One keyframes request through the queue, placed into its document when done."""

    def __init__(self, queue: JobQueue, library: ResultsLibrary, canvas: CanvasWidget,
                 report: object) -> None:
        self.queue, self.library, self.canvas = queue, library, canvas
        self.report = report  # callable(str)
        self.job: Job | None = None
        self._doc: Document | None = None
        self._last = 0
        self._count = 0

    def start(self, doc: Document, request: AnimateWithTextV3Request, last: int) -> Job:
        self._doc, self._last, self._count = doc, last, request.frame_count
        self.job = self.queue.submit(request)
        return self.job

    def on_job_changed(self, job: Job, parent: QWidget) -> list[int] | None:
        """Place the in-betweens when this run's job is done; their indices, else None."""
        if self.job is None or job.id != self.job.id or self._doc is None:
            return None
        if job.state in FAILED_STATES:
            self.job = None
            self.report(f"Keyframes failed: {report_job_error(job, parent).message}")
            return None
        if job.state is not JobState.DONE:
            return None
        self.job = None
        images = [pil_to_rgba(self.library.load_image(rid)) for rid in job.result_ids]
        frames = inbetweens_of(images, self._count)
        if not frames:
            self.report("The service answered without in-betweens; nothing was inserted.")
            return []
        indices = insert_inbetweens(self._doc, self._last, frames)
        self._doc.current_frame = indices[0]
        self.report(f"{len(frames)} in-between(s) inserted before frame {indices[-1] + 2}, "
                    "each under review: accept or reject them frame by frame (the service "
                    f"returned {len(images)} images; all are kept in the library).")
        return indices
