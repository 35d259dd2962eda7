"""Skeleton panel (dock ``panel.skeleton``): estimate, edit joints, pose timeline, animate.

Wiring (main window)::

    panel = SkeletonPanel(queue, library, window.canvas, window.current_document)
    window.add_panel(panel, "panel.skeleton", "Skeleton")
    # on every document switch: panel.set_document(doc)  (it also follows canvas.view_changed)

Estimating goes through ``queue.call`` (journalled like every paid request; the answer is
keypoints, not images). Animating goes through the queue, so the paid
request is journalled and every frame lands in the results library before it is placed, as
"ai" layers on the posed frames (one undo step).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from studio.api.pricing import estimate
from studio.core.document.document import Document, Frame
from studio.core.jobs.error_text import describe_error
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.skeleton.edits import frame_poses
from studio.core.skeleton.requests import (
    SizePlan,
    SkeletonFlowError,
    build_animate_request,
    estimate_request,
    pose_from_estimate,
)
from studio.ui.panels.cost_label import CostLabel
from studio.ui.panels.generation_images import palette_image, pil_to_rgba
from studio.ui.skeleton.animate_form import AnimateForm
from studio.ui.skeleton.joint_controls import JointControls
from studio.ui.skeleton.joint_tool import TOOL_NAME, overlay_of
from studio.ui.skeleton.pose_panel import PosePanel
from studio.ui.skeleton.reference_controls import ReferenceControls
from studio.ui.skeleton.timeline import PoseTimeline

RESULT_LAYER = "Skeleton animation"


class SkeletonPanel(QWidget):
    def __init__(self, queue: JobQueue, library: ResultsLibrary, canvas,
                 get_document: Callable[[], Document | None],
                 parent: QWidget | None = None, *,
                 export: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.skeleton.contents")
        self._export = export  # File → Export… (sheet + Aseprite JSON + rig data, GIF, APNG)
        self.queue, self.library, self.canvas = queue, library, canvas
        self._get_document = get_document
        self.document: Document | None = None
        self.overlay = overlay_of(canvas)
        self.reference_frame = 0
        self.estimate_button = QPushButton("Estimate skeleton", objectName="skeleton.estimate")
        self.estimate_button.setToolTip("Estimate the 18 joints from the current frame")
        self.joints = JointControls(canvas, self.overlay)
        self.timeline = PoseTimeline()
        self.poses = PosePanel(canvas, self.overlay, Path(library.folder).parent / "poses",
                               lambda doc: self.joints.estimates.get(doc, {}))
        self.reference = ReferenceControls(canvas, self.overlay)
        self.form = AnimateForm()
        self.animate_button = QPushButton("Animate with skeleton", objectName="skeleton.animate")
        self.export_button = QPushButton("Export animation…", objectName="skeleton.export_open")
        self.cost = CostLabel("skeleton")
        self.cost.setToolTip("Expected for one Animate with skeleton call, as listed for 64x64 "
                             "(Estimate skeleton: about $0.005); the billed amount is in Jobs.")
        self.status = QLabel(objectName="skeleton.status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.estimate_button, self.joints, self.reference, self.timeline,
                       self.poses, self.form,
                       self.animate_button, self.cost, self.export_button, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._tasks: set[asyncio.Task] = set()
        self._jobs: dict[str, tuple[Document, SizePlan, list[int]]] = {}
        self.estimate_button.clicked.connect(self.estimate)
        self.cost.show_cost(estimate("animate_with_skeleton", 64, 64))
        self.animate_button.clicked.connect(self.animate)
        self.export_button.clicked.connect(self.open_export)
        self.timeline.error.connect(self.show_status)
        self.timeline.message.connect(self.show_status)
        self.timeline.onion_box.toggled.connect(self._set_onion)
        self.joints.message.connect(self.show_status)
        self.poses.message.connect(self.show_status)
        self.poses.posed.connect(self.timeline.rebuild)
        self.reference.message.connect(self.show_status)
        canvas.view_changed.connect(self.follow_canvas)
        queue.job_changed.connect(self._on_job_changed)
        self.destroyed.connect(lambda *_: self._disconnect())
        self.follow_canvas()

    # -- document ----------------------------------------------------------------------------
    def follow_canvas(self) -> None:
        """Show the canvas' document (the getter answers while the canvas shows none)."""
        shown = self.canvas.document
        self.set_document(shown if shown is not None else self._get_document())

    def set_document(self, doc: Document | None) -> None:
        if doc is self.document:
            return
        self.document = doc
        self.reference_frame = 0
        self.overlay.selected.clear()
        self.timeline.set_document(doc)
        self.joints.set_document(doc)
        self.poses.set_document(doc)
        self.reference.set_document(doc)
        for w in (self.estimate_button, self.animate_button, self.export_button):
            w.setEnabled(doc is not None)

    def _set_onion(self, on: bool) -> None:
        self.overlay.onion = on
        self.canvas.update()

    # -- estimate ----------------------------------------------------------------------------
    def estimate(self) -> asyncio.Task | None:
        doc = self.document
        if doc is None:
            return None
        frame = doc.current_frame
        try:
            request, plan = estimate_request(doc.composite(frame))
        except SkeletonFlowError as exc:
            self.show_status(f"Cannot estimate: {exc}")
            return None
        self.estimate_button.setEnabled(False)
        self.show_status("Estimating the skeleton…")
        task = asyncio.ensure_future(self._estimate(doc, frame, request, plan))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _estimate(self, doc: Document, frame: int, request, plan: SizePlan) -> None:
        try:
            response = await self.queue.call(request)
            pose = pose_from_estimate(response.keypoints, plan)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is shown in the panel
            self.show_status(f"Estimate failed: {describe_error(exc, str(exc)).message}")
            return
        finally:
            self.estimate_button.setEnabled(self.document is not None)
        if frame >= len(doc.frames):
            self.show_status("The frame was deleted while estimating; nothing changed.")
            return
        doc.set_pose(frame, pose, "Estimate skeleton")
        self.joints.remember_estimate(doc, frame, pose)
        self.reference_frame = frame
        self.canvas.set_tool(TOOL_NAME)
        self.show_status("Skeleton estimated: drag the joints to pose it; add frames below. "
                         + plan.message())

    # -- animate -----------------------------------------------------------------------------
    def build_request(self):
        """The request for the current document (raises SkeletonFlowError)."""
        doc = self.document
        if doc is None:
            raise SkeletonFlowError("no document")
        frozen = {i: doc.composite(i) for i in sorted(self.timeline.frozen)
                  if i < len(doc.frames)}
        inpaint = {}
        for i, frame in enumerate(doc.frames):
            if i not in frozen and frame.mask is not None and frame.mask.any():
                inpaint[i] = (doc.composite(i), frame.mask)
        init = {}
        if self.form.use_init.isChecked():
            init = {i: doc.composite(i) for i in range(len(doc.frames))
                    if i not in frozen and doc.composite(i)[..., 3].any()}
        colour = None
        if self.form.use_palette.isChecked():
            colour = palette_image(list(doc.palette)) if doc.palette else None
            if colour is None:
                raise SkeletonFlowError("the document has no palette for the colour image")
        reference = doc.composite(min(self.reference_frame, len(doc.frames) - 1))
        return build_animate_request(reference, frame_poses(doc), self.form.options(),
                                     frozen=frozen, inpaint=inpaint, init_images=init,
                                     color_image=colour)

    def animate(self) -> Job | None:
        doc = self.document
        if doc is None:
            return None
        try:
            request, plan = self.build_request()
        except (SkeletonFlowError, ValueError) as exc:
            self.show_status(f"Not sent: {exc}")
            return None
        job = self.queue.submit(request, endpoint="animate_with_skeleton")
        # The frames as Frame objects: results still land on the right frames (and frozen ones
        # stay untouched) if frames are inserted, deleted or moved while the job runs.
        frozen = self.timeline.frozen
        self._jobs[job.id] = (doc, plan, list(doc.frames),
                              [f for i, f in enumerate(doc.frames) if i in frozen])
        count = len(doc.frames)
        note = plan.message()
        self.show_status(f"Animating {count} frame(s)…" + (f" {note}" if note else ""))
        return job

    def _on_job_changed(self, job: Job) -> None:
        entry = self._jobs.get(job.id)
        if entry is None or not (job.state.is_final or job.state is JobState.OUTCOME_UNKNOWN):
            return
        del self._jobs[job.id]
        if job.state is JobState.DONE:
            self._place(job, *entry)
        elif job.state is not JobState.CANCELLED:
            self.show_status(describe_error(job.exception, job.error or "").message)

    def _place(self, job: Job, doc: Document, plan: SizePlan, targets: list[Frame],
               frozen: list[Frame]) -> None:
        records = self.library.results_for_job(job.id)
        try:
            frames = [plan.from_result(pil_to_rgba(self.library.load_image(r.id)))
                      for r in records]
        except (OSError, ValueError) as exc:
            self.show_status(f"Could not open the results: {exc}")
            return
        placed = 0
        doc.history.begin("Animate with skeleton")
        try:
            for n, pixels in enumerate(frames):
                if n < len(targets):
                    target = targets[n]
                    if any(target is f for f in frozen):
                        continue
                    index = next((i for i, f in enumerate(doc.frames) if f is target), None)
                    if index is None:  # the frame was deleted while the job ran
                        continue
                else:
                    index = doc.add_frame()
                doc.add_result_layer(index, pixels, RESULT_LAYER)
                placed += 1
        finally:
            doc.history.end()
        self.timeline.rebuild()
        self.show_status(f"{placed} animated frame(s) placed as new layers (one undo step). "
                         "Press Play to preview; Onion shows the neighbouring poses.")

    def open_export(self) -> object:
        """The studio's one export dialog (File → Export…), which also writes the rig data of
        a posed sprite beside its sheet."""
        if self.document is None or self._export is None:
            return None
        return self._export()

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def _disconnect(self) -> None:
        self.queue.job_changed.disconnect(self._on_job_changed)
        for task in list(self._tasks):
            task.cancel()

