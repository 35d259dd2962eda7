"""Create a 4- or 8-direction character: every field of the two endpoints, a background job with
progress, and the rotations on a compass as soon as they are ready."""

from __future__ import annotations

from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.api.enums import (
    CAMERA_VIEWS,
    DETAILS,
    OUTLINES,
    SHADINGS,
    TEMPLATE_IDS,
)
from studio.api.pricing import estimate
from studio.api.requests import Character4DirectionsRequest, Character8DirectionsRequest
from studio.core.characters.payloads import CharacterInfo
from studio.core.characters.service import CharacterService
from studio.core.characters.task_runner import TaskRunner
from studio.ui.characters.compass import CompassWidget
from studio.ui.characters.fields import (
    ErrorLabel,
    colour_image_rows,
    combo_value,
    guidance_spin,
    guidance_value,
    optional_combo,
    seed_spin,
    seed_value,
    start_cancel_row,
)
from studio.ui.characters.proportions import ProportionsEditor
from studio.ui.panels.cost_label import CostLabel

FILL_FRACTION = 0.6


class CreateCharacterForm(QWidget):
    """Fields -> ``Character4/8DirectionsRequest`` -> background job -> compass of rotations."""

    characterCreated = Signal(object)  # CharacterInfo
    rotationActivated = Signal(str, object)  # direction, (H, W, 4) pixels
    failed = Signal(object)  # the exception, for the panel (401 -> settings, 402 -> balance)

    def __init__(self, service: CharacterService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = TaskRunner()
        self.rotations: dict[str, np.ndarray] = {}
        self.character: CharacterInfo | None = None
        self._build()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        self.errors: dict[str, ErrorLabel] = {}

        def error(field: str) -> ErrorLabel:
            label = ErrorLabel(f"characters.error.{field}", self)
            self.errors[field] = label
            return label

        self.description = QPlainTextEdit(self)
        self.description.setObjectName("characters.description")
        self.description.setPlaceholderText("e.g. a knight in silver armour with a red cape")
        self.description.setFixedHeight(64)
        form.addRow("Description", self.description)
        form.addRow("", error("description"))
        self.directions = QComboBox(self)
        self.directions.setObjectName("characters.directions")
        self.directions.addItem("8 directions", 8)
        self.directions.addItem("4 directions (S, W, E, N)", 4)
        self.directions.currentIndexChanged.connect(self._sync_compass)
        self.directions.currentIndexChanged.connect(lambda _i: self._update_note())
        form.addRow("Directions", self.directions)
        size_row = QHBoxLayout()
        self.width_spin = self._size_spin("characters.width")
        self.height_spin = self._size_spin("characters.height")
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("x", self))
        size_row.addWidget(self.height_spin)
        size_row.addStretch(1)
        form.addRow("Canvas", size_row)
        self.size_note = QLabel(self)
        self.size_note.setObjectName("characters.size_note")
        self.size_note.setWordWrap(True)
        form.addRow("", self.size_note)
        form.addRow("", error("image_size"))
        self.template = optional_combo(TEMPLATE_IDS, "characters.template", self)
        form.addRow("Body type", self.template)
        self.guidance = guidance_spin("characters.guidance", self)
        form.addRow("Text guidance", self.guidance)
        form.addRow("", error("text_guidance_scale"))
        self.outline = optional_combo(OUTLINES, "characters.outline", self)
        self.shading = optional_combo(SHADINGS, "characters.shading", self)
        self.detail = optional_combo(DETAILS, "characters.detail", self)
        self.view = optional_combo(CAMERA_VIEWS, "characters.view", self)
        form.addRow("Outline", self.outline)
        form.addRow("Shading", self.shading)
        form.addRow("Detail", self.detail)
        form.addRow("View", self.view)
        self.isometric = QCheckBox("Isometric", self)
        self.isometric.setObjectName("characters.isometric")
        form.addRow("", self.isometric)
        self.color_image, self.force_colors = colour_image_rows(form, "characters.", self)
        form.addRow("", error("color_image"))
        box = QGroupBox("Proportions (humanoid only)", self)
        box_layout = QVBoxLayout(box)
        self.proportions = ProportionsEditor(box)
        box_layout.addWidget(self.proportions)
        outer.addWidget(box)
        outer.addWidget(error("proportions"))
        seed_form = QFormLayout()
        self.seed = seed_spin("characters.seed", self)
        seed_form.addRow("Seed", self.seed)
        outer.addLayout(seed_form)
        buttons, self.create_button, self.cancel_button = start_cancel_row(
            "Create character", "characters.create", "characters.cancel", self)
        self.create_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        outer.addLayout(buttons)
        self.cost = CostLabel("characters")
        outer.addWidget(self.cost)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("characters.progress")
        self.progress.setVisible(False)
        outer.addWidget(self.progress)
        self.status = QLabel("", self)
        self.status.setObjectName("characters.status")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.compass = CompassWidget(parent=self)
        self.compass.setObjectName("characters.create_compass")
        self.compass.directionClicked.connect(self._activate)
        outer.addWidget(self.compass)
        outer.addStretch(1)
        self.width_spin.valueChanged.connect(self._update_note)
        self.height_spin.valueChanged.connect(self._update_note)
        self._update_note()
        self._sync_compass()

    def _size_spin(self, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(32, 400)
        spin.setValue(64)
        spin.setSuffix(" px")
        return spin

    def _update_note(self) -> None:
        w, h = self.width_spin.value(), self.height_spin.value()
        endpoint = ("create_character_with_8_directions" if self.directions.currentData() == 8
                    else "create_character_with_4_directions")
        self.cost.show_cost(estimate(endpoint, w, h))
        self.size_note.setText(
            f"Canvas size 32-400 px. The character fills about 60% of it: "
            f"roughly {round(w * FILL_FRACTION)}x{round(h * FILL_FRACTION)} px.")

    def _sync_compass(self) -> None:
        if self.character is None:
            self.compass.set_available(self._direction_names())

    def _direction_names(self) -> tuple[str, ...]:
        from studio.api.enums import DIRECTIONS_4, DIRECTIONS_8

        return DIRECTIONS_8 if self.directions.currentData() == 8 else DIRECTIONS_4

    # -- request -------------------------------------------------------------------------------
    def build_request(self) -> Character4DirectionsRequest | Character8DirectionsRequest | None:
        """The validated request, or ``None`` after showing each bad field next to its widget."""
        for label in self.errors.values():
            label.show_error("")
        fields: dict[str, Any] = {
            "description": self.description.toPlainText().strip(),
            "image_size": {"width": self.width_spin.value(), "height": self.height_spin.value()},
            "text_guidance_scale": guidance_value(self.guidance),
            "outline": combo_value(self.outline),
            "shading": combo_value(self.shading),
            "detail": combo_value(self.detail),
            "view": combo_value(self.view),
            "isometric": self.isometric.isChecked() or None,
            "color_image": self.color_image.image,
            "force_colors": (self.force_colors.isChecked() or None)
            if self.color_image.image is not None else None,
            "proportions": self.proportions.value(),
            "template_id": combo_value(self.template),
            "seed": seed_value(self.seed),
        }
        model = (Character8DirectionsRequest if self.directions.currentData() == 8
                 else Character4DirectionsRequest)
        try:
            return model(**{k: v for k, v in fields.items() if v is not None})
        except pydantic.ValidationError as exc:
            self._show_validation(exc)
            return None

    def _show_validation(self, exc: pydantic.ValidationError) -> None:
        messages: dict[str, list[str]] = {}
        for item in exc.errors():
            field = str(item["loc"][0]) if item["loc"] else "description"
            messages.setdefault(field, []).append(str(item["msg"]))
        for field, texts in messages.items():
            target = self.errors.get(field) or self.errors["description"]
            target.show_error(f"{field.replace('_', ' ')}: {'; '.join(dict.fromkeys(texts))}")
        self.status.setText("Fix the marked fields; nothing was sent.")

    # -- running -------------------------------------------------------------------------------
    def start(self) -> None:
        if self.runner.busy:
            return
        request = self.build_request()
        if request is None:
            return
        self.character = None
        self.rotations.clear()
        self.compass.clear()
        self.compass.set_available(self._direction_names())
        self.compass.set_centre_text("waiting…")
        self.create_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText("Submitting… (characters usually take a few minutes)")
        self.runner.start(
            self.service.create_character(request, on_progress=self._on_progress,
                                          on_rotation=self._on_rotation),
            on_error=self._on_error, on_cancel=self._on_cancelled, on_done=self._on_done)

    def cancel(self) -> None:
        for task in self.runner.tasks:  # also marks the job cancelled in the Jobs panel
            self.service.cancel_task(task)
        self.runner.cancel_all()
        self._finish("Stopped waiting. The character may still appear in the list later.")

    def _on_progress(self, fraction: float | None, status: str) -> None:
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(fraction * 100))
        self.status.setText(f"Character job: {status}"
                            + (f" ({fraction:.0%})" if fraction is not None else ""))

    def _on_rotation(self, direction: str, pixels: np.ndarray) -> None:
        self.rotations[direction] = pixels
        self.compass.set_image(direction, pixels)
        self.compass.set_centre_text(f"{len(self.rotations)} ready")

    def _on_done(self, info: CharacterInfo) -> None:
        self.character = info
        self._finish(f"'{info.name or info.id}' is ready: click a direction to open it on "
                     "the canvas, or animate it in the Animate tab.")
        self.status.setToolTip(f"character id {info.id}")
        self.compass.set_centre_text(info.name or "ready")
        self.characterCreated.emit(info)

    def _on_error(self, message: str, exc: BaseException) -> None:
        self._finish(f"Create failed: {message}")
        self.failed.emit(exc)
        for field, text in getattr(exc, "field_errors", []):  # a 422 names the fields
            top = field.split(".")[0]
            if top in self.errors:
                self.errors[top].show_error(f"{top.replace('_', ' ')}: {text} (from the service)")

    def _on_cancelled(self) -> None:
        """Cancelled elsewhere (the Jobs panel, or the studio closing)."""
        try:
            if self.cancel_button.isEnabled():
                self._finish("Stopped waiting (cancelled). It may still finish on the service.")
        except RuntimeError:  # the widget is already gone
            pass

    def _finish(self, text: str) -> None:
        self.progress.setVisible(False)
        self.create_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(text)

    def _activate(self, direction: str) -> None:
        if direction in self.rotations:
            self.rotationActivated.emit(direction, self.rotations[direction])

    def shutdown(self) -> None:
        self.runner.cancel_all()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)
