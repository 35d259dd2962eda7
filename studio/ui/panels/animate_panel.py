"""Animate with text panel (dock contents ``panel.animate``).

The service makes 4 frames per call; longer animations are chained (each call continues from the
previous frames, see ``studio.core.workflows.text_animation``). The frames land in a new
document (one frame each) or in the current 64x64 document: new frame indices are appended as
frames, existing ones get the new frame as an "ai" layer to review (the artist's pixels are
never overwritten). Everything placed is one undo step. ``play()`` starts the frames strip's
playback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.api.pricing import estimate, expected_cost
from studio.core.characters.frames import frames_to_document
from studio.core.document.document import Document, Frame, Layer
from studio.core.jobs.error_text import report_job_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.workflows.text_animation import TextAnimationChain
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.panels.canvas_sources import CanvasSources
from studio.ui.panels.cost_label import CostLabel, confirm_spend
from studio.ui.panels.create_form import FormError
from studio.ui.panels.generation_images import pil_to_rgba
from studio.ui.panels.keyframes_form import KeyframesForm, KeyframesRun
from studio.ui.panels.panel_layout import scrolled
from studio.ui.panels.qt_life import connect_alive
from studio.ui.panels.rotate_eight import refusal
from studio.ui.panels.rotate_sheet_view import FAILED_STATES
from studio.ui.panels.text_animate_form import TextAnimateForm
from studio.ui.tileset.form_helpers import show_validation_errors

TARGETS = ("New document", "Current document")
TEXT, KEYFRAMES = "Text (64x64)", "Keyframes (first to last frame)"
MODES = (TEXT, KEYFRAMES)


class AnimatePanel(CanvasSources, QWidget):
    settings_requested = Signal()
    balance_requested = Signal()
    status_changed = Signal(str)
    frames_placed = Signal(object, list)  # Document, frame indices

    def __init__(self, queue: JobQueue, library: ResultsLibrary, canvas: CanvasWidget, *,
                 open_document: Callable[[Document], None],
                 play: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.animate.contents")
        self.queue, self.library, self.canvas = queue, library, canvas
        self.open_document, self.play = open_document, play
        self.form = TextAnimateForm(self._canvas_image, {"Canvas": self._canvas_image,
                                                         "Palette": self._palette_image})
        self.mode = QComboBox(objectName="animate.mode")
        self.mode.addItems(list(MODES))
        self.mode.setToolTip("Text: the original 64x64 tool. Keyframes: in-betweens from a "
                             "first to a last frame, any size up to 256x256")
        self.keyframes = KeyframesForm(lambda: self.canvas.frame)
        self.keyframes_run = KeyframesRun(queue, library, canvas, self.show_status)
        self.cost = CostLabel("animate")
        self.target = QComboBox(objectName="animate.target")
        self.target.addItems(list(TARGETS))
        self.autoplay = QCheckBox("play when done", objectName="animate.autoplay")
        self.autoplay.setChecked(True)
        self.generate_button = QPushButton("Animate", objectName="animate.generate")
        self.status = QLabel(objectName="animate.status")
        self.status.setWordWrap(True)
        self.forms = QStackedWidget(objectName="animate.forms")
        self.forms.addWidget(scrolled(self.form))
        self.forms.addWidget(scrolled(self.keyframes))
        self.into_label = QLabel("into")
        row = QHBoxLayout()
        for widget in (self.generate_button, self.into_label, self.target, self.autoplay):
            row.addWidget(widget)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("Mode"))
        mode_row.addWidget(self.mode, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(mode_row)
        layout.addWidget(self.forms, 1)
        layout.addLayout(row)
        layout.addWidget(self.cost)
        layout.addWidget(self.status)
        self.chain: TextAnimationChain | None = None
        self._job: Job | None = None
        self._target_doc: Document | None = None
        self.generate_button.clicked.connect(self.generate)
        self.form.message.connect(self.show_status)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.keyframes.changed.connect(self.update_cost)
        self.keyframes.use_current.clicked.connect(self._pick_current_frames)
        connect_alive(queue.job_changed, self, "_on_job_changed")
        self._follow_document()
        self._reference_doc = canvas.document
        canvas.view_changed.connect(self._follow_reference)

    def _follow_reference(self) -> None:
        """Another sprite on the canvas: the reference follows it (none without a sprite)."""
        doc = self.canvas.document
        if doc is self._reference_doc:
            return
        self._reference_doc = doc
        if doc is None:
            self.form.clear_reference()
        else:
            self.form.take_from_canvas()

    # -- modes and cost --------------------------------------------------------------------
    @property
    def keyframes_mode(self) -> bool:
        return self.mode.currentText() == KEYFRAMES

    def _mode_changed(self) -> None:
        self.forms.setCurrentIndex(1 if self.keyframes_mode else 0)
        for widget in (self.into_label, self.target, self.autoplay):
            widget.setVisible(not self.keyframes_mode)
        self.generate_button.setText("Make in-betweens" if self.keyframes_mode else "Animate")
        self._follow_document()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self._follow_document()
        super().showEvent(event)

    def _follow_document(self) -> None:
        self.keyframes.follow(self.canvas.document, self.canvas.frame)
        self.update_cost()

    def _pick_current_frames(self) -> None:
        doc = self.canvas.document
        self.keyframes.pick_current(self.canvas.frame, len(doc.frames) if doc else 1)

    def update_cost(self) -> None:
        if self.keyframes_mode:
            self.cost.show_cost(self.keyframes.expected(self.canvas.document))
        else:
            calls = max(1, -(-self.form.n_frames.value() // 4))
            self.cost.show_cost(estimate("animate_with_text", 64, 64), calls)

    @property
    def running(self) -> bool:
        return self.chain is not None and not self.chain.is_done and self._job is not None

    # -- generating ------------------------------------------------------------------------
    def generate(self) -> Job | None:
        if self.running or self.keyframes_run.job is not None:
            self.show_status("An animation is still being made.")
            return None
        if self.keyframes_mode:
            return self._generate_keyframes()
        try:
            template = self.form.build_template()
            chain = self._make_chain(template)
        except (FormError, ValueError) as exc:
            self.show_status(f"Not sent: {exc}")
            return None
        self.chain = chain
        return self._send_next()

    def _generate_keyframes(self) -> Job | None:
        doc = self.canvas.document
        if doc is None:
            self.show_status("Open a sprite with at least two frames first.")
            return None
        try:
            request = self.keyframes.request(doc)
        except pydantic.ValidationError as exc:
            show_validation_errors(exc, self.keyframes.widgets())  # marks the fields
            self.show_status(f"Not sent: {refusal(exc)}.")
            return None
        except ValueError as exc:
            self.show_status(f"Not sent: {exc}.")
            return None
        last = self.keyframes.last_frame.value() - 1
        confirm_spend(self, self.queue, expected_cost(request),
                      lambda: self._start_keyframes(doc, request, last))
        return self.keyframes_run.job

    def _start_keyframes(self, doc: Document, request: Any, last: int) -> None:
        self.keyframes_run.start(doc, request, last)
        self.show_status(f"Sent: in-betweens from frame {self.keyframes.first_frame.value()} "
                         f"to frame {last + 1}.")

    def _make_chain(self, template) -> TextAnimationChain:
        start = self.form.start_frame_index.value()
        into_current = self.target.currentText() == "Current document"
        doc = self.canvas.document if into_current else None
        if into_current:
            if doc is None:
                raise ValueError("there is no current document")
            if doc.size != (64, 64):
                raise ValueError(f"the current document is {doc.width}x{doc.height}; the "
                                 "frames are 64x64, so choose New document")
        elif start:
            raise ValueError("starting after frame 0 continues existing frames: choose "
                             "Current document")
        self._target_doc = doc
        existing = [] if doc is None else [doc.composite(i) for i in range(len(doc.frames))]
        inits = existing if self.form.init_from_frames.isChecked() and existing else None
        if self.form.init_from_frames.isChecked() and not inits:
            raise ValueError("init images come from the current document's frames: choose "
                             "Current document (64x64, with frames)")
        return TextAnimationChain(template, self.form.n_frames.value(), start,
                                  existing=existing, init_frames=inits)

    def _send_next(self) -> Job:
        assert self.chain is not None
        request = self.chain.next_request()
        self._job = self.queue.submit(request)
        count = len(self.chain.windows)
        self.show_status(f"Making frames {request.start_frame_index}–"
                         f"{request.start_frame_index + 3} (call {self.chain.index + 1} of "
                         f"{count}).")
        return self._job

    def _on_job_changed(self, job: Job) -> None:
        if self.keyframes_run.job is not None and job.id == self.keyframes_run.job.id:
            placed = self.keyframes_run.on_job_changed(job, self)
            if placed:
                self.keyframes.last_frame.setValue(placed[-1] + 2)  # the last frame moved on
                self.frames_placed.emit(self.keyframes_run.canvas.document, placed)
                self._follow_document()
            return
        if self._job is None or job.id != self._job.id or self.chain is None:
            return
        if job.state is JobState.DONE:
            self._job = None
            try:
                images = [pil_to_rgba(self.library.load_image(rid)) for rid in job.result_ids]
                self.chain.take(images)
            except (OSError, ValueError) as exc:
                self._stop(f"the answer could not be used: {exc}")
                return
            if self.chain.is_done:
                self._place(complete=True)
            else:
                self._send_next()
        elif job.state in FAILED_STATES:
            self._job = None
            view = report_job_error(job, self)
            self._stop(view.message)

    def _stop(self, reason: str) -> None:
        made = self.chain.new_frames if self.chain is not None else []
        if made:
            self._place(complete=False)
        self.show_status(f"Animation stopped: {reason}" + (
            f" The {len(made)} frame(s) made before were placed." if made else ""))
        self.chain = None

    # -- placing ---------------------------------------------------------------------------
    def _place(self, complete: bool) -> None:
        chain = self.chain
        assert chain is not None
        frames = chain.new_frames
        start = chain.start_frame_index
        name = f"{self.form.action.text().strip() or 'animation'}"
        doc = self._target_doc
        if doc is None:
            doc = frames_to_document(name, frames)
            self.open_document(doc)
            indices = list(range(len(frames)))
        else:
            indices = self._into_document(doc, start, frames, name)
            doc.current_frame = indices[0]
        self.frames_placed.emit(doc, indices)
        if complete:
            self.show_status(f"{len(frames)} frame(s) placed in {doc.name!r} "
                             f"({len(chain.windows)} call(s)).")
        if self.autoplay.isChecked() and self.play is not None:
            self.play()

    @staticmethod
    def _into_document(doc: Document, start: int, frames: list[np.ndarray],
                       name: str) -> list[int]:
        """New frames after the end; existing frames get an "ai" layer. One undo step."""
        indices = []
        doc.history.begin("Animate with text")
        try:
            for offset, pixels in enumerate(frames):
                index = start + offset
                if index < len(doc.frames):
                    doc.add_result_layer(index, pixels, name=f"{name} {index + 1}")
                else:
                    layer = Layer("Layer 1", np.array(pixels, dtype=np.uint8))
                    index = doc.add_frame(len(doc.frames), Frame([layer]))
                indices.append(index)
        finally:
            doc.history.end()
        return indices

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)
