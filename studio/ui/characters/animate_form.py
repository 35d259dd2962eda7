"""Animate a character from a template: searchable template list, style fields, directions as
checkboxes on the compass (all by default), one background job per direction shown separately."""

from __future__ import annotations

from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.api.enums import DETAILS, OUTLINES, SHADINGS
from studio.api.pricing import estimate
from studio.api.requests import AnimateCharacterRequest
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
from studio.ui.characters.template_picker import TemplatePicker
from studio.ui.panels.cost_label import CostLabel


class AnimateCharacterForm(QWidget):
    """Fields -> ``AnimateCharacterRequest`` -> per-direction jobs -> playing previews."""

    animationFinished = Signal(str)  # character id
    framesActivated = Signal(str, object)  # title, list of (H, W, 4) frames
    failed = Signal(object)  # the exception, for the panel (401 -> settings, 402 -> balance)

    def __init__(self, service: CharacterService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = TaskRunner()
        self._previews = TaskRunner()
        self.frames: dict[str, list[np.ndarray]] = {}
        self.rotations: dict[str, np.ndarray] = {}
        self.characters: dict[str, CharacterInfo] = {}
        self._label = ""
        self._requested: list[str] = []
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        self.character_combo = QComboBox(self)
        self.character_combo.setObjectName("characters.animate_character")
        self.character_combo.currentIndexChanged.connect(self._character_changed)
        form.addRow("Character", self.character_combo)
        self.templates = TemplatePicker(self)
        form.addRow("Template", self.templates)
        self.error = ErrorLabel("characters.animate_error", self)
        self.name = QLineEdit(self)
        self.name.setObjectName("characters.animation_name")
        self.name.setPlaceholderText("defaults to the action description")
        form.addRow("Animation name", self.name)
        self.action = QLineEdit(self)
        self.action.setObjectName("characters.action")
        self.action.setPlaceholderText("e.g. walking proudly (defaults from the template)")
        form.addRow("Action", self.action)
        self.guidance = guidance_spin("characters.animate_guidance", self)
        form.addRow("Text guidance", self.guidance)
        self.outline = optional_combo(OUTLINES, "characters.animate_outline", self)
        self.shading = optional_combo(SHADINGS, "characters.animate_shading", self)
        self.detail = optional_combo(DETAILS, "characters.animate_detail", self)
        form.addRow("Outline", self.outline)
        form.addRow("Shading", self.shading)
        form.addRow("Detail", self.detail)
        self.isometric = QCheckBox("Isometric", self)
        self.isometric.setObjectName("characters.animate_isometric")
        form.addRow("", self.isometric)
        self.color_image, self.force_colors = colour_image_rows(form, "characters.animate_", self)
        self.seed = seed_spin("characters.animate_seed", self)
        form.addRow("Seed", self.seed)
        outer.addWidget(QLabel("Directions to animate (one job each):", self))
        self.compass = CompassWidget(checkable=True, thumb=48, parent=self)
        self.compass.setObjectName("characters.animate_compass")
        self.compass.directionClicked.connect(self._activate)
        self.compass.checkedChanged.connect(self._update_button)
        outer.addWidget(self.compass)
        outer.addWidget(self.error)
        row, self.animate_button, self.cancel_button = start_cancel_row(
            "Animate", "characters.animate", "characters.animate_cancel", self)
        self.animate_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        outer.addLayout(row)
        self.cost = CostLabel("characters.animate")
        self.cost.setToolTip("About $0.032 per direction, as listed for 64x64 characters; the "
                             "billed amount is shown in the Jobs panel.")
        outer.addWidget(self.cost)
        self.compass.checkedChanged.connect(self._update_cost)
        self.status = QLabel("Pick a character (create one or choose it in Browse).", self)
        self.status.setObjectName("characters.animate_status")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        outer.addStretch(1)
        self._update_button()
        self._update_cost()

    def _update_cost(self) -> None:
        count = len(self.compass.checked())
        self.cost.show_cost(estimate("animate_character", 64, 64, directions=count or None))

    # -- characters ----------------------------------------------------------------------------
    def add_character(self, info: CharacterInfo, *, select: bool = False) -> None:
        known = info.id in self.characters
        self.characters[info.id] = info
        if not known:
            label = f"{info.name or info.prompt[:32] or info.id} ({len(info.directions)} dir)"
            self.character_combo.addItem(label, info.id)
        if select:
            self.character_combo.setCurrentIndex(self.character_combo.findData(info.id))
        elif self.character_combo.currentData() == info.id:
            self._character_changed()

    def current_character(self) -> CharacterInfo | None:
        data = self.character_combo.currentData()
        return self.characters.get(str(data)) if data is not None else None

    def _character_changed(self) -> None:
        info = self.current_character()
        if info is not None and not self.runner.busy:
            self.compass.clear()
            self.rotations.clear()
            self.compass.set_available(info.directions)
            self.status.setText(f"'{info.name or info.id}': {len(info.directions)} directions.")
            self._previews.cancel_all()
            self._previews.start(self._show_rotations(info))
        self._update_button()

    async def _show_rotations(self, info: CharacterInfo) -> None:
        """The character's rotations on the compass, so each checkbox shows what it animates."""
        for direction, url in info.rotation_urls.items():
            pixels = await self.service.download_image(url)
            if self.current_character() is not info or self.runner.busy:
                return
            if direction in self.compass.cells and direction not in self.frames:
                self.rotations[direction] = pixels
                self.compass.set_image(direction, pixels)

    def _update_button(self) -> None:
        ready = self.current_character() is not None and bool(self.compass.checked())
        self.animate_button.setEnabled(ready and not self.runner.busy)

    # -- request -------------------------------------------------------------------------------
    def build_request(self) -> AnimateCharacterRequest | None:
        self.error.show_error("")
        info = self.current_character()
        if info is None:
            self.error.show_error("Choose a character first.")
            return None
        directions = self.compass.checked()
        fields: dict[str, Any] = {
            "character_id": info.id,
            "template_animation_id": self.templates.value(),
            "animation_name": self.name.text().strip() or None,
            "action_description": self.action.text().strip() or None,
            "text_guidance_scale": guidance_value(self.guidance),
            "outline": combo_value(self.outline),
            "shading": combo_value(self.shading),
            "detail": combo_value(self.detail),
            "directions": directions or None,
            "isometric": self.isometric.isChecked() or None,
            "color_image": self.color_image.image,
            "force_colors": (self.force_colors.isChecked() or None)
            if self.color_image.image is not None else None,
            "seed": seed_value(self.seed),
        }
        if not directions:
            self.error.show_error("Tick at least one direction.")
            return None
        if fields["template_animation_id"] is None:
            self.error.show_error("Choose a template animation (clear the search to see all).")
            return None
        try:
            return AnimateCharacterRequest(**{k: v for k, v in fields.items() if v is not None})
        except pydantic.ValidationError as exc:
            self.error.show_error("; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()))
            return None

    # -- running -------------------------------------------------------------------------------
    def start(self) -> None:
        if self.runner.busy:
            return
        request = self.build_request()
        info = self.current_character()
        if request is None or info is None:
            return
        self._previews.cancel_all()
        self.frames.clear()
        for direction in info.directions:  # back to the still rotation until frames arrive
            self.compass.set_image(direction, self.rotations.get(direction))
            self.compass.set_progress(direction, None)
        self._label = request.animation_name or request.action_description or \
            request.template_animation_id
        self.animate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        count = len(request.directions or info.directions)
        self.status.setText(f"Animating {count} direction(s); each is its own background job. "
                            f"Waiting for {count} free job slot(s) if others are running…")
        self._requested = list(request.directions or info.directions)
        self.runner.start(
            self.service.animate(info, request, on_progress=self._on_progress,
                                 on_frames=self._on_frames),
            on_error=self._on_error, on_cancel=self._on_cancelled,
            on_done=lambda _r: self._on_done(info))

    def cancel(self) -> None:
        for task in self.runner.tasks:  # also marks the job cancelled in the Jobs panel
            self.service.cancel_task(task)
        self.runner.cancel_all()
        self._finish("Stopped waiting. Finished directions appear in Browse later.")

    def _on_progress(self, direction: str, fraction: float | None, text: str) -> None:
        if fraction is None and text == "queued":
            self.compass.set_progress(direction, 0.0, "queued")
            return
        if text not in ("queued", "failed"):
            self.status.setText(f"Animating '{self._label}': each direction is its own "
                                "background job (progress on the compass).")
        self.compass.set_progress(direction, fraction, text if fraction is None or text
                                  in ("downloading", "failed") or text.endswith("frames")
                                  else f"{fraction:.0%}")

    def _on_frames(self, direction: str, frames: list[np.ndarray]) -> None:
        self.frames[direction] = frames
        self.compass.set_frames(direction, frames)

    def _on_done(self, info: CharacterInfo) -> None:
        missing = [d for d in self._requested if d not in self.frames]
        text = (f"Animation '{self._label}' ready for {len(self.frames)} of "
                f"{len(self._requested)} direction(s): click one to open its frames on the canvas.")
        if missing:
            text += f" Failed: {', '.join(missing)} (see the compass)."
        self._finish(text)
        self.animationFinished.emit(info.id)

    def _on_error(self, message: str, exc: BaseException) -> None:
        self._finish(f"Animation failed: {message}")
        marks = [f"{field.replace('_', ' ') or 'request'}: {text}"  # a 422 names the fields
                 for field, text in getattr(exc, "field_errors", [])]
        if marks:
            self.error.show_error("; ".join(marks) + " (from the service)")
        self.failed.emit(exc)

    def _on_cancelled(self) -> None:
        """Cancelled elsewhere (the Jobs panel, or the studio closing)."""
        try:
            if self.cancel_button.isEnabled():
                self._finish("Stopped waiting (cancelled). It may still finish on the service.")
        except RuntimeError:  # the widget is already gone
            pass

    def _finish(self, text: str) -> None:
        self.cancel_button.setEnabled(False)
        self.status.setText(text)
        self._update_button()

    def _activate(self, direction: str) -> None:
        if direction in self.frames:
            self.framesActivated.emit(f"{self._label} {direction}", self.frames[direction])
        elif direction in self.rotations:
            info = self.current_character()
            name = (info.name or info.id) if info is not None else "character"
            self.framesActivated.emit(f"{name} {direction}", [self.rotations[direction]])

    def shutdown(self) -> None:
        self.runner.cancel_all()
        self._previews.cancel_all()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)
