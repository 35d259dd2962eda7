"""Create panel (dock "panel.create"): describe, generate N variants in parallel, place one.

Collaborators are injected: the job queue and results library (core), callables that return the
current canvas image / selection / palette, and ``place_image(pixels, mode, name)`` where mode is
"layer" (a new layer of the current document, one undo step) or "document".
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from studio.api.pricing import estimate
from studio.core.jobs.error_text import report_job_error
from studio.core.jobs.library import ResultRecord, ResultsLibrary
from studio.core.jobs.queue import Job, JobQueue, JobState
from studio.core.workflows.placement import PlaceImage, placement_note
from studio.ui.panels.cost_label import CostLabel, confirm_spend
from studio.ui.panels.create_form import CreateForm, FormError
from studio.ui.panels.create_pro import PRO
from studio.ui.panels.generation_images import ImageInputError, palette_image, pil_to_rgba
from studio.ui.panels.variant_strip import VariantStrip

_rng = random.SystemRandom()


class CreatePanel(QWidget):
    settings_requested = Signal()  # a 401: the window opens the token settings
    balance_requested = Signal()  # a 402: the window shows/refreshes the balance
    status_changed = Signal(str)

    def __init__(self, queue: JobQueue, library: ResultsLibrary, *,
                 get_canvas_image: Callable[[], np.ndarray | None],
                 place_image: PlaceImage,
                 get_selection_image: Callable[[], np.ndarray | None] | None = None,
                 get_palette: Callable[[], list[tuple[int, ...]]] | None = None,
                 reference_sources: dict[str, Callable[[], np.ndarray | None]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.create.contents")
        self.queue = queue
        self.library = library
        self._place_image = place_image
        sources: dict[str, Callable[[], np.ndarray | None]] = {"Canvas": get_canvas_image}
        if get_selection_image is not None:
            sources["Selection"] = get_selection_image
        palette_source = None
        if get_palette is not None:
            def palette_source() -> np.ndarray:
                return palette_image(list(get_palette()))
        self.form = CreateForm(sources, palette_source,
                               reference_sources={**sources, **(reference_sources or {})})
        self.cost = CostLabel("create")
        self.generate_button = QPushButton("Generate", objectName="create.generate")
        self.regenerate_button = QPushButton("Regenerate", objectName="create.regenerate")
        self.regenerate_button.setEnabled(False)
        self.status = QLabel(objectName="create.status")
        self.status.setWordWrap(True)
        self.variants_view = VariantStrip()

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.regenerate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.cost)
        layout.addWidget(self.status)
        layout.addWidget(self.variants_view)
        # The form is what the artist works in; the variants need about two rows of thumbnails.
        self.variants_view.setMaximumHeight(200)

        self._last: tuple[Any, list[int], bool] | None = None  # request, seeds, seeds fixed
        self._followed_size = self.form.requested_size()  # the size last taken from the document
        self._job_ids: set[str] = set()
        self.generate_button.clicked.connect(self.generate)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.variants_view.chosen.connect(self.place_variant)
        self.form.message.connect(self.show_status)
        self.form.changed.connect(self.update_cost)
        for spin in (self.form.width_spin, self.form.height_spin, self.form.variants):
            spin.valueChanged.connect(lambda _v: self.update_cost())
        self.update_cost()
        queue.result_stored.connect(self._on_result)
        queue.job_changed.connect(self._on_job_changed)
        self.destroyed.connect(lambda *_: self._disconnect())

    # -- generating ------------------------------------------------------------------------------
    @property
    def calls(self) -> int:
        """Requests one Generate sends: one per variant, or one Pro call (its own grid)."""
        return 1 if self.form.model_name == PRO else self.form.variants.value()

    def update_cost(self) -> None:
        self.cost.show_cost(estimate(self.form.endpoint, *self.form.requested_size()),
                            self.calls)

    def generate(self) -> list[Job]:
        """Validate, then send one request per variant (different seeds) in parallel; the
        expected cost is confirmed first when it is above the Settings threshold."""
        count = self.calls
        base_seed = self.form.seed.value()
        fixed = base_seed != 0
        seeds = [base_seed + i for i in range(count)] if fixed else _random_seeds(count)
        try:
            request = self.form.build_request(seed=seeds[0])
        except FormError as exc:
            self.show_status(f"Not sent: {exc}")
            return []
        self._last = (request, seeds, fixed)
        sent: list[Job] = []
        confirm_spend(self, self.queue, self.cost.cost,
                      lambda: sent.extend(self._send(request, seeds)))
        return sent

    def regenerate(self) -> list[Job]:
        """Same parameters again (new random seeds unless the seed was fixed)."""
        if self._last is None:
            return []
        request, seeds, fixed = self._last
        return self._send(request, seeds if fixed else _random_seeds(len(seeds)))

    def _send(self, request: Any, seeds: list[int]) -> list[Job]:
        self.variants_view.clear()
        jobs = self.queue.submit_variants(request, seeds, endpoint=self.form.endpoint)
        self._job_ids = {j.id for j in jobs}
        self.regenerate_button.setEnabled(True)
        self.show_status(f"Sent {len(jobs)} request(s); variants appear as they arrive.")
        return jobs

    # -- results ---------------------------------------------------------------------------------
    def _on_result(self, job: Job, record: ResultRecord) -> None:
        if job.id not in self._job_ids:
            return
        pixels = pil_to_rgba(self.library.load_image(record.id))
        self.variants_view.add_variant(record.id, pixels, record.label or f"seed {record.seed}")
        done = len(self.variants_view.result_ids())
        if self.form.model_name == PRO:
            self.show_status(f"{done} candidate(s) ready. Click one to place it.")
            return
        self.show_status(f"{done} of {len(self._job_ids)} variant(s) ready. Click one to place it.")

    def _on_job_changed(self, job: Job) -> None:
        if job.id not in self._job_ids or job.state not in (JobState.FAILED,
                                                            JobState.OUTCOME_UNKNOWN):
            return
        view = report_job_error(job, self)
        if view.kind == "validation":
            for name in view.fields:
                self.form.mark(name, view.message)
        self.show_status(view.message)

    def place_variant(self, result_id: int, mode: str = "layer") -> None:
        record = self.library.get(result_id)
        try:
            pixels = pil_to_rgba(self.library.load_image(result_id))
        except (OSError, ImageInputError, ValueError) as exc:
            self.show_status(f"Could not open the variant: {exc}")
            return
        name = f"{record.description[:32] or 'variant'} (seed {record.seed})"
        placed = self._place_image(pixels, mode, name)
        self.show_status(f"Seed {record.seed}: {placement_note(mode, placed, pixels)}")

    def follow_document(self, document: Any) -> None:
        """The size fields take the shown document's size, unless the artist typed another
        size since the last time they followed (kept within the model's limits)."""
        if document is None or self.form.requested_size() != self._followed_size:
            return
        self.form.set_size(*self.form.fit_size(document.width, document.height))
        self._followed_size = self.form.requested_size()

    def apply_params(self, endpoint: str, params: dict[str, Any]) -> None:
        """Copy stored parameters back into the form (from the library)."""
        self.form.apply_params(endpoint, params,
                               lambda sha: pil_to_rgba(self.library.input_image(sha)))
        self.show_status("Parameters copied from the library.")

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)

    def _disconnect(self) -> None:
        self.queue.result_stored.disconnect(self._on_result)
        self.queue.job_changed.disconnect(self._on_job_changed)


def _random_seeds(count: int) -> list[int]:
    return [_rng.randrange(1, 2**31 - 1) for _ in range(count)]
