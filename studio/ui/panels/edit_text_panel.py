"""Edit by text panel (dock contents ``panel.edit_text``): "make the cape red" on the current
frame or on every frame (one edit-image call per frame). The results come back as "ai" layers
over their frames, under review, all placed in one undo step when the last one arrives."""

from __future__ import annotations

import pydantic
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.api.pricing import ExpectedCost, estimate
from studio.core.document.document import Document
from studio.core.jobs.error_text import report_job_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.workflows.newer_tools import edit_requests, place_edit
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.panels.cost_label import CostLabel, confirm_spend, scaled
from studio.ui.panels.generation_images import pil_to_rgba
from studio.ui.panels.panel_layout import compact_form
from studio.ui.panels.qt_life import connect_alive
from studio.ui.panels.rotate_eight import refusal
from studio.ui.panels.rotate_sheet_view import FAILED_STATES
from studio.ui.tileset.form_helpers import seed_spin, seed_value

SCOPES = ("Current frame", "All frames")


class EditTextPanel(QWidget):
    settings_requested = Signal()
    balance_requested = Signal()
    status_changed = Signal(str)

    def __init__(self, queue: JobQueue, library: ResultsLibrary, canvas: CanvasWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.edit_text.contents")
        self.queue, self.library, self.canvas = queue, library, canvas
        self.instruction = QLineEdit(objectName="edit_text.instruction")
        self.instruction.setPlaceholderText("e.g. make the cape red")
        self.instruction.setMaxLength(500)
        self.scope = QComboBox(objectName="edit_text.scope")
        self.scope.addItems(list(SCOPES))
        self.seed = seed_spin("edit_text.seed")
        self.generate_button = QPushButton("Edit", objectName="edit_text.generate")
        self.cost = CostLabel("edit_text")
        self.status = QLabel(objectName="edit_text.status", wordWrap=True)
        form = compact_form(QFormLayout())
        form.addRow("Instruction", self.instruction)
        form.addRow("Apply to", self.scope)
        form.addRow("Seed", self.seed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.generate_button)
        layout.addWidget(self.cost)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._jobs: dict[str, int] = {}  # job id -> frame index
        self._done: dict[int, Job] = {}
        self._doc: Document | None = None
        self._text = ""
        self.generate_button.clicked.connect(self.generate)
        self.scope.currentIndexChanged.connect(lambda _i: self.update_cost())
        connect_alive(queue.job_changed, self, "_on_job_changed")
        self.update_cost()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.update_cost()
        super().showEvent(event)  # type: ignore[arg-type]

    def frames(self) -> list[int]:
        doc = self.canvas.document
        if doc is None:
            return []
        if self.scope.currentText() == "All frames":
            return list(range(len(doc.frames)))
        return [self.canvas.frame]

    def expected(self) -> ExpectedCost | None:
        doc = self.canvas.document
        if doc is None:
            return None
        return scaled(estimate("edit_image", doc.width, doc.height), len(self.frames()))

    def update_cost(self) -> None:
        self.cost.show_cost(self.expected())

    def generate(self) -> list[Job]:
        doc = self.canvas.document
        if doc is None:
            self.show_status("Open a sprite first.")
            return []
        if self._jobs:
            self.show_status("An edit is still being made.")
            return []
        text = self.instruction.text().strip()
        if not text:
            self.show_status("Not sent: write what to change, e.g. make the cape red.")
            return []
        try:
            requests = edit_requests(doc, self.frames(), text, seed=seed_value(self.seed))
        except pydantic.ValidationError as exc:
            self.show_status(f"Not sent: {refusal(exc)}.")
            return []
        frames = self.frames()
        confirm_spend(self, self.queue, self.expected(),
                      lambda: self._send(doc, text, frames, requests))
        return [j for j in self.queue.jobs.values() if j.id in self._jobs]

    def _send(self, doc: Document, text: str, frames: list[int], requests: list) -> None:
        self._doc, self._text, self._done = doc, text, {}
        for frame, request in zip(frames, requests, strict=True):
            self._jobs[self.queue.submit(request).id] = frame
        self.show_status(f"Sent {len(requests)} edit request(s).")

    def _on_job_changed(self, job: Job) -> None:
        if job.id not in self._jobs:
            return
        if job.state in FAILED_STATES:
            self._jobs.clear()
            self.show_status(f"Edit failed: {report_job_error(job, self).message} "
                             "Nothing was placed; finished frames are in the library.")
            return
        if job.state is JobState.DONE:
            self._done[self._jobs[job.id]] = job
            if len(self._done) == len(self._jobs):
                self._place()

    def _place(self) -> None:
        doc, jobs = self._doc, dict(self._done)
        self._jobs.clear()
        if doc is None:
            return
        doc.history.begin(f"Edit: {self._text[:30]}")
        try:
            for frame, job in sorted(jobs.items()):
                if frame < len(doc.frames) and job.result_ids:
                    pixels = pil_to_rgba(self.library.load_image(job.result_ids[0]))
                    place_edit(doc, frame, pixels, self._text)
        finally:
            doc.history.end()
        self.show_status(f"{len(jobs)} frame(s) edited: each result is a layer under review "
                         "(accept or reject it frame by frame).")

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)
