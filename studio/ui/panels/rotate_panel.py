"""Rotate panel (dock contents ``panel.rotate``): turn the current sprite to another direction
or view, or make a whole direction sheet (4 or 8 directions) in parallel.

A single rotation is placed with ``place_image(pixels, mode, name)`` (the Create panel's
callable: "document" or "layer"); a sheet opens as a new document via ``open_document``.
The source document is never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.api.pricing import estimate, expected_cost
from studio.core.document.document import Document
from studio.core.jobs.error_text import report_job_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.painting.mask import export_mask_image
from studio.core.workflows.placement import PlaceImage, placement_note
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.panels.canvas_sources import CanvasSources
from studio.ui.panels.cost_label import CostLabel, confirm_spend, scaled
from studio.ui.panels.create_form import FormError
from studio.ui.panels.generation_images import ImageInputError, pil_to_rgba
from studio.ui.panels.panel_layout import scrolled
from studio.ui.panels.qt_life import connect_alive
from studio.ui.panels.rotate_eight import EightRotations, refusal
from studio.ui.panels.rotate_form import RotateForm
from studio.ui.panels.rotate_sheet_view import FAILED_STATES, SheetView

PLACE_MODES = {"New document": "document", "New layer": "layer"}
OFFLINE_NOTE = (
    "Offline engine (free): a sprite the engine made itself is re-drawn facing the new "
    "direction; any other image is approximated (mirrored, or turned and squeezed), for single "
    "rotations and direction sheets alike, and each result says how it was made. For "
    "generated rotations use PixelLab (an API token in Settings).")


class RotatePanel(CanvasSources, QWidget):
    settings_requested = Signal()
    balance_requested = Signal()
    status_changed = Signal(str)

    def __init__(self, queue: JobQueue, library: ResultsLibrary, canvas: CanvasWidget, *,
                 place_image: PlaceImage, open_document: Callable[[Document], None],
                 is_offline: Callable[[], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.rotate.contents")
        self._is_offline = is_offline or (lambda: False)
        self.offline_note = QLabel(OFFLINE_NOTE, objectName="rotate.offline_note")
        self.offline_note.setWordWrap(True)
        self.offline_note.setStyleSheet("color: #c98a00;")
        self.queue, self.library, self.canvas = queue, library, canvas
        self._place_image = place_image
        sources = {"Canvas": self._canvas_image}
        self.form = RotateForm(sources, {"Frame mask": self._frame_mask},
                               {**sources, "Palette": self._palette_image})
        self.place_mode = QComboBox(objectName="rotate.place")
        self.place_mode.addItems(list(PLACE_MODES))
        self.generate_button = QPushButton("Rotate", objectName="rotate.generate")
        self.sheet_count = QComboBox(objectName="rotate.sheet_count")
        self.sheet_count.addItems(["4 directions", "8 directions"])
        self.sheet_button = QPushButton("Make direction sheet", objectName="rotate.sheet")
        self.sheet_button.setToolTip("Request every missing direction of the sprite in "
                                     "parallel and open them as a new sheet document")
        self.sheet_view = SheetView(queue, library, open_document)
        self.eight_button = QPushButton("8 rotations (one call)", objectName="rotate.eight")
        self.eight_button.setToolTip("One generate-8-rotations-v3 call makes all 8 directions "
                                     "of the current frame (up to 256x256) as a new sheet")
        self.eight = EightRotations(queue, library, open_document)
        self.eight.setParent(self)
        self.cost = CostLabel("rotate")
        self.status = QLabel(objectName="rotate.status")
        self.status.setWordWrap(True)
        scroll = scrolled(self.form)
        single = QHBoxLayout()
        single.addWidget(self.generate_button)
        single.addWidget(self.place_mode)
        sheet = QHBoxLayout()
        sheet.addWidget(self.sheet_button)
        sheet.addWidget(self.sheet_count)
        sheet.addWidget(self.eight_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.offline_note)
        layout.addLayout(single)
        layout.addLayout(sheet)
        layout.addWidget(self.cost)
        layout.addWidget(self.sheet_view)
        layout.addWidget(self.status)
        self._pending: dict[str, str] = {}  # job id -> name for the placed result
        self.generate_button.clicked.connect(self.generate)
        self.sheet_button.clicked.connect(self.make_sheet)
        self.form.message.connect(self.show_status)
        self.sheet_view.status_changed.connect(self.show_status)
        self.sheet_view.finished.connect(lambda _doc: self.sheet_button.setEnabled(True))
        self.eight_button.clicked.connect(self.make_eight)
        self.eight.status_changed.connect(self.show_status)
        self.eight.failed.connect(self._eight_failed)
        self.sheet_count.currentIndexChanged.connect(lambda _i: self.update_cost())
        connect_alive(queue.job_changed, self, "_on_job_changed")
        connect_alive(queue.job_changed, self.eight, "on_job_changed")
        self.update_cost()

    # -- cost and the one-call sheet ---------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.update_cost()
        super().showEvent(event)

    def update_cost(self) -> None:
        """The expected costs, and (offline) what the offline engine can make."""
        self.offline_note.setVisible(self._is_offline())
        doc = self.canvas.document
        width, height = doc.size if doc is not None else (64, 64)
        sheet_calls = 7 if self.sheet_count.currentText().startswith("8") else 3
        parts = [("Rotate", estimate("rotate", width, height)),
                 ("sheet", scaled(estimate("rotate", width, height), sheet_calls)),
                 ("8 rotations", estimate("generate_8_rotations_v3", width, height))]
        self.cost.show_text("; ".join(
            f"{name} {cost.describe() if cost else 'unknown'}" for name, cost in parts))

    def make_eight(self) -> Job | None:
        source = self._source()
        if source is None:
            return None
        if self.eight.job is not None:
            self.show_status("The 8 rotations are still being made.")
            return None
        doc, pixels = source
        try:
            request = self.eight.request(pixels)
        except pydantic.ValidationError as exc:
            self.show_status(f"Not sent: {refusal(exc)}.")
            return None
        confirm_spend(self, self.queue, expected_cost(request),
                      lambda: self.eight.start(request, f"{doc.name} 8 rotations"))
        return self.eight.job

    def _eight_failed(self, job: Job) -> None:
        self.show_status(f"8 rotations failed: {report_job_error(job, self).message}")

    # -- sources ---------------------------------------------------------------------------
    def _frame_mask(self) -> np.ndarray | None:
        doc = self.canvas.document
        mask = None if doc is None else doc.frames[self.canvas.frame].mask
        if mask is None or not mask.any():
            raise ImageInputError("the frame has no mask: paint one in the Inpaint panel")
        return np.asarray(export_mask_image(mask).convert("RGBA"))

    def _source(self) -> tuple[Document, np.ndarray] | None:
        doc = self.canvas.document
        if doc is None:
            self.show_status("Open a sprite first.")
            return None
        return doc, doc.composite(self.canvas.frame)

    # -- single rotation -------------------------------------------------------------------
    def generate(self) -> Job | None:
        source = self._source()
        if source is None:
            return None
        doc, pixels = source
        try:
            request = self.form.build_request(pixels)
        except FormError as exc:
            self.show_status(f"Not sent: {exc}")
            return None
        job = self.queue.submit(request)
        target = request.to_direction or (f"{request.direction_change}°"
                                          if request.direction_change else "rotated")
        self._pending[job.id] = f"{doc.name} ({target})"
        self.show_status("Sent a rotate request.")
        return job

    def _on_job_changed(self, job: Job) -> None:
        name = self._pending.get(job.id)
        if name is None:
            return
        if job.state is JobState.DONE:
            del self._pending[job.id]
            try:
                pixels = pil_to_rgba(self.library.load_image(job.result_ids[0]))
            except (OSError, IndexError, ValueError) as exc:
                self.show_status(f"The result could not be opened: {exc}")
                return
            mode = PLACE_MODES[self.place_mode.currentText()]
            placed = self._place_image(pixels, mode, name)
            note = f" {job.note}" if job.note else ""
            self.show_status(f"Rotated. {placement_note(mode, placed, pixels)}{note}")
        elif job.state in FAILED_STATES:
            del self._pending[job.id]
            view = report_job_error(job, self)
            self.show_status(f"Rotate failed: {view.message}")

    # -- direction sheet -------------------------------------------------------------------
    def make_sheet(self) -> list[Job]:
        source = self._source()
        if source is None:
            return []
        doc, pixels = source
        facing = self.form.from_direction.direction()
        if facing is None:
            self.show_status("Not sent: choose the direction the sprite faces on the From "
                             "compass first.")
            return []
        if self.sheet_view.running:
            self.show_status("A direction sheet is still being made.")
            return []
        try:
            template = self.form.build_request(pixels)
        except FormError as exc:
            self.show_status(f"Not sent: {exc}")
            return []
        count = 8 if self.sheet_count.currentText().startswith("8") else 4
        jobs = self.sheet_view.start(template, pixels, facing, count, f"{doc.name} sheet")
        self.sheet_button.setEnabled(self.sheet_view.tracker.is_complete)
        return jobs

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)
