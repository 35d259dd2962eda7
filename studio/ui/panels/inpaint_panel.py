"""Inpaint panel (dock contents ``panel.inpaint``): mask tools, the request form, generate,
and the review of the result (before/after, accept, reject).

The image sent is the current frame's composite, or a crop around the mask when the sprite
is larger than the endpoint allows (the note says so). The answer becomes an "ai" layer over
the original frame; accepting merges only the masked pixels, as one undo step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.api.pricing import expected_cost
from studio.core.document.document import Document
from studio.core.jobs.error_text import report_job_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.painting.mask import bbox
from studio.core.workflows.inpaint import (
    InpaintInputError,
    InpaintInputs,
    prepare_inpaint,
    result_layer_pixels,
)
from studio.core.workflows.inpaint_crop import plan_inpaint_crop
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.mask import MaskController, MaskToolbar
from studio.ui.panels.canvas_sources import CanvasSources
from studio.ui.panels.cost_label import CostLabel, confirm_spend
from studio.ui.panels.create_form import FormError
from studio.ui.panels.crop_outline import CropOutlineOverlay
from studio.ui.panels.generation_images import ImageInputError, pil_to_rgba
from studio.ui.panels.inpaint_form import InpaintForm
from studio.ui.panels.inpaint_pro import (
    LIMITS,
    PRO,
    STANDARD_ONLY,
    crop_to_mask_box,
    expected,
    model_combo,
    pro_request,
)
from studio.ui.panels.panel_layout import scrolled
from studio.ui.panels.qt_life import connect_alive
from studio.ui.panels.result_review import Review, ReviewBar

NOTE_STYLE = "color: #c98a00;"


class InpaintPanel(CanvasSources, QWidget):
    settings_requested = Signal()  # 401: the window opens the token settings
    balance_requested = Signal()  # 402
    status_changed = Signal(str)

    def __init__(self, queue: JobQueue, library: ResultsLibrary, canvas: CanvasWidget, *,
                 mask_controller: MaskController | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.inpaint.contents")
        self.queue, self.library, self.canvas = queue, library, canvas
        self.masks = mask_controller or MaskController.of(canvas)
        self.toolbar = MaskToolbar(self.masks)
        sources = {"Canvas": self._canvas_image}
        self.form = InpaintForm(sources, {**sources, "Palette": self._palette_image})
        self.note = QLabel(objectName="inpaint.note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setVisible(False)
        self.generate_button = QPushButton("Inpaint the masked area",
                                           objectName="inpaint.generate")
        self.model = model_combo()
        self.crop_to_mask = crop_to_mask_box()
        self.cost = CostLabel("inpaint")
        self.status = QLabel(objectName="inpaint.status")
        self.status.setWordWrap(True)
        self.review_bar = ReviewBar.of(canvas)  # the window's one review bar
        self.crop_outline = CropOutlineOverlay()
        canvas.add_screen_overlay(self.crop_outline)
        scroll = scrolled(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Mask</b> (left button paints the area to regenerate)"))
        layout.addWidget(self.toolbar)
        model_row = QHBoxLayout()
        model_row.addWidget(QLabel("Model"))
        model_row.addWidget(self.model, 1)
        model_row.addWidget(self.crop_to_mask)
        layout.addLayout(model_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.generate_button)
        layout.addWidget(self.cost)
        layout.addWidget(self.status)

        self._pending: dict[str, tuple[Document, InpaintInputs]] = {}
        self._last_job: Job | None = None
        self._doc: Document | None = None
        self._doc_slots: list[tuple[Any, Any]] = []
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(120)
        self._note_timer.timeout.connect(self.refresh_note)
        self.generate_button.clicked.connect(self.generate)
        self.model.currentIndexChanged.connect(lambda _i: self.refresh_note())
        self.form.message.connect(self.show_status)
        self.masks.message.connect(self.show_status)
        connect_alive(self.review_bar.message, self, "show_status")
        connect_alive(self.review_bar.finished, self, "_on_review_finished")
        canvas.view_changed.connect(self._follow_document)
        connect_alive(queue.job_changed, self, "_on_job_changed")
        self._follow_document()

    # -- note about cropping ---------------------------------------------------------------
    def _follow_document(self) -> None:
        doc = self.canvas.document
        if doc is self._doc:
            return
        if self._doc is not None:
            for signal, slot in self._doc_slots:
                signal.disconnect(slot)
        self._doc, self._doc_slots = doc, []
        if doc is not None:
            for signal in (doc.mask_changed, doc.current_frame_changed):
                self._doc_slots.append((signal, connect_alive(signal, self, "_on_mask_changed")))
        self.refresh_note()

    def _on_mask_changed(self, *_args: object) -> None:
        self._note_timer.start()

    def refresh_note(self) -> None:
        """Say what will be sent: the whole frame, or a crop (and why), or why nothing."""
        doc = self.canvas.document
        text = ""
        crop = None
        size = None
        self.crop_to_mask.setVisible(self.pro)
        if doc is not None:
            mask = doc.frames[self.canvas.frame].mask
            box = None if mask is None else bbox(mask)
            if box is not None:
                try:
                    plan = plan_inpaint_crop(doc.width, doc.height, tuple(box),
                                             *LIMITS[self.model.currentText()])
                    text = plan.note()
                    crop = plan.rect if plan.is_cropped else None
                    size = (plan.width, plan.height)
                    self.form.size.setText(f"{plan.width}x{plan.height}")
                except ValueError as exc:
                    text = str(exc)
            else:
                self.form.size.setText(f"{doc.width}x{doc.height} (paint a mask)")
                low, high = LIMITS[self.model.currentText()]
                size = (max(low, min(high, doc.width)), max(low, min(high, doc.height)))
        self.cost.show_cost(expected(self.model.currentText(), size))
        for name in STANDARD_ONLY:
            getattr(self.form, name).setEnabled(not self.pro)
        self.note.setText(text[:1].upper() + text[1:] + ("." if text else ""))
        self.note.setVisible(bool(text))
        if crop != self.crop_outline.rect:
            self.crop_outline.rect = crop
            self.canvas.update()

    # -- generating ------------------------------------------------------------------------
    def generate(self) -> Job | None:
        doc = self.canvas.document
        if doc is None:
            self.show_status("Open a sprite first.")
            return None
        try:
            inputs = prepare_inpaint(doc, self.canvas.frame, LIMITS[self.model.currentText()])
            request = (pro_request(self.form, inputs, self.crop_to_mask.isChecked()) if self.pro
                       else self.form.build_request(inputs))
        except (InpaintInputError, FormError, ImageInputError) as exc:
            self.show_status(f"Not sent: {exc}")
            return None
        self._last_job = None
        confirm_spend(self, self.queue, expected_cost(request),
                      lambda: self._send(doc, inputs, request))
        return self._last_job

    @property
    def pro(self) -> bool:
        return self.model.currentText() == PRO

    def _send(self, doc: Document, inputs: InpaintInputs, request: Any) -> None:
        job = self._last_job = self.queue.submit(request)
        self._pending[job.id] = (doc, inputs)
        self.refresh_note()
        note = f" {self.note.text()}" if inputs.note else ""
        model = "Pro " if self.pro else ""
        self.show_status(f"Sent a {inputs.size[0]}x{inputs.size[1]} {model}inpaint request."
                         f"{note}")

    def _on_job_changed(self, job: Job) -> None:
        if job.id not in self._pending:
            return
        if job.state is JobState.DONE:
            doc, inputs = self._pending.pop(job.id)
            self._place(doc, inputs, job)
        elif job.state in (JobState.FAILED, JobState.OUTCOME_UNKNOWN, JobState.CANCELLED):
            self._pending.pop(job.id)
            view = report_job_error(job, self)
            self.show_status(f"Inpaint failed: {view.message}")

    def _place(self, doc: Document, inputs: InpaintInputs, job: Job) -> None:
        try:
            answer = pil_to_rgba(self.library.load_image(job.result_ids[0]))
            pixels = result_layer_pixels(answer, inputs, doc.width, doc.height)
            if inputs.frame >= len(doc.frames):
                raise InpaintInputError("the frame it was made for no longer exists")
        except (InpaintInputError, OSError, IndexError, ValueError) as exc:
            self.show_status(f"The result could not be placed: {exc}")
            return
        # an earlier result still under review stays as its own layer (nothing is lost)
        index = doc.add_result_layer(inputs.frame, pixels, name="Inpaint result")
        layer = doc.frames[inputs.frame].layers[index]
        self.review_bar.start(Review(doc, inputs.frame, layer, inputs.mask))
        self.show_status("The result is a layer over the original: compare with "
                         "Show original above the canvas, then Accept (merges only the masked "
                         "pixels) or Reject.")

    def _on_review_finished(self, outcome: str) -> None:
        self.show_status(f"Result {outcome}.")

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)

