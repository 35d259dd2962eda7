"""TextAnimateForm: the fields of animate-with-text (objectNames ``animate.*``).

The reference image comes from the canvas (scaled or cropped to 64x64, with a note); the
per-window fields (start index, inpainting images, masks, init images) are filled in by the
chain in ``studio.core.workflows.text_animation``. The form builds the template request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from studio.api.enums import DIRECTIONS_8, VIEWS
from studio.api.requests import AnimateWithTextRequest
from studio.core.workflows.animation_reference import Reference, make_reference
from studio.ui.color.palette_option import PaletteOption
from studio.ui.panels.create_form import FormError
from studio.ui.panels.generation_images import rgba_to_qimage
from studio.ui.panels.inpaint_form import named_slot
from studio.ui.panels.panel_layout import compact_form
from studio.ui.tileset.form_helpers import (
    choice_combo,
    clear_validation_errors,
    double_spin,
    int_spin,
    seed_spin,
    seed_value,
    show_validation_errors,
)

ImageSource = Callable[[], np.ndarray | None]
REFERENCE_MODES = {"Scale to 64x64": "scale", "Crop 64x64": "crop"}


def guidance_spin(name: str) -> Any:
    spin = double_spin(name, 0.0, 20.0, 0.0, 0.5)
    spin.setSpecialValueText("default")
    spin.setToolTip("1..20; 'default' lets the service choose")
    return spin


class TextAnimateForm(QWidget):
    message = Signal(str)

    def __init__(self, canvas_image: ImageSource, colour_sources: dict[str, ImageSource],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._canvas_image = canvas_image
        self.reference: Reference | None = None
        self.reference_mode = QComboBox(objectName="animate.reference_mode")
        self.reference_mode.addItems(list(REFERENCE_MODES))
        self.take_reference = QPushButton("Take from canvas",
                                          objectName="animate.take_reference")
        self.reference_preview = QLabel("none", objectName="animate.reference_preview")
        self.reference_preview.setFixedSize(64, 64)
        self.reference_note = QLabel(objectName="animate.reference_note")
        self.reference_note.setWordWrap(True)
        self.reference_note.setStyleSheet("color: #c98a00;")
        self.description = QPlainTextEdit(objectName="animate.description")
        self.description.setPlaceholderText("the character, e.g. a knight in blue armour")
        self.description.setMaximumHeight(50)
        self.negative_description = QLineEdit(objectName="animate.negative_description")
        self.action = QLineEdit(objectName="animate.action")
        self.action.setPlaceholderText("e.g. walk, jump, wave")
        self.text_guidance_scale = guidance_spin("animate.text_guidance_scale")
        self.image_guidance_scale = guidance_spin("animate.image_guidance_scale")
        self.n_frames = int_spin("animate.n_frames", 1, 64, 4)
        self.n_frames.setToolTip("Length of the whole animation; each call makes 4 frames, so "
                                 "longer animations are made by chained calls")
        self.start_frame_index = int_spin("animate.start_frame_index", 0, 63, 0)
        self.start_frame_index.setToolTip("First frame to make; earlier frames come from the "
                                          "current document and are continued from")
        self.view = choice_combo("animate.view", VIEWS)
        self.direction = choice_combo("animate.direction", DIRECTIONS_8)
        self.init_from_frames = QCheckBox("the target document's frames",
                                          objectName="animate.init_from_frames")
        self.init_image_strength = int_spin("animate.init_image_strength", 1, 999, 300)
        self.color_image = named_slot("animate", "color_image", colour_sources)
        self.use_palette = PaletteOption("animate", self.color_image,
                                         colour_sources.get("Palette"))
        self.seed = seed_spin("animate.seed")
        reference_row = QHBoxLayout()
        for widget in (self.reference_preview, self.take_reference, self.reference_mode):
            reference_row.addWidget(widget)
        frames_row = QHBoxLayout()
        for widget in (self.n_frames, QLabel("from frame"), self.start_frame_index):
            frames_row.addWidget(widget)
        form = compact_form(QFormLayout(self))
        rows: list[tuple[str, Any]] = [
            ("Reference", reference_row), ("Description", self.description),
            ("Avoid", self.negative_description),
            ("Action", self.action), ("Text guidance", self.text_guidance_scale),
            ("Image guidance", self.image_guidance_scale), ("Frames", frames_row),
            ("View", self.view), ("Direction", self.direction),
            ("Init images", self.init_from_frames), ("Init strength", self.init_image_strength),
            ("Colour image", self.color_image), ("", self.use_palette), ("Seed", self.seed),
        ]
        for label, item in rows:
            form.addRow(label, item)
        form.insertRow(1, self.reference_note)  # full width under the reference
        self.color_image.message.connect(self.message)
        self.take_reference.clicked.connect(self.take_from_canvas)
        self.reference_mode.currentTextChanged.connect(lambda _t: self.take_from_canvas())
        self.n_frames.valueChanged.connect(
            lambda n: self.start_frame_index.setMaximum(max(0, n - 1)))
        self.start_frame_index.setMaximum(self.n_frames.value() - 1)

    # -- reference -------------------------------------------------------------------------
    def take_from_canvas(self) -> Reference | None:
        pixels = self._canvas_image()
        if pixels is None:
            self.message.emit("Open a sprite first: the reference comes from the canvas.")
            return None
        mode = REFERENCE_MODES[self.reference_mode.currentText()]
        self.reference = make_reference(pixels, mode)
        self.reference_preview.setPixmap(QPixmap.fromImage(rgba_to_qimage(
            self.reference.pixels)))
        self.reference_note.setText(self.reference.note or "The 64x64 sprite is used as is.")
        return self.reference

    def clear_reference(self) -> None:
        self.reference = None
        self.reference_preview.clear()
        self.reference_preview.setText("none")
        self.reference_note.setText("")

    # -- request ---------------------------------------------------------------------------
    def widgets(self) -> dict[str, QWidget]:
        names = ("description", "negative_description", "action", "text_guidance_scale",
                 "image_guidance_scale", "n_frames", "start_frame_index", "view", "direction",
                 "init_image_strength", "color_image", "seed")
        out: dict[str, QWidget] = {name: getattr(self, name) for name in names}
        out["reference_image"] = out["image_size"] = self.reference_preview
        return out

    def build_template(self) -> AnimateWithTextRequest:
        """The request of the first window (the chain adjusts the window fields)."""
        widgets = self.widgets()
        clear_validation_errors(widgets)
        reference = self.reference or self.take_from_canvas()
        if reference is None:
            raise FormError([("reference_image", "no reference image")])
        fields: dict[str, Any] = {
            "image_size": (64, 64),
            "description": self.description.toPlainText().strip(),
            "negative_description": self.negative_description.text().strip() or None,
            "action": self.action.text().strip(),
            "text_guidance_scale": self.text_guidance_scale.value() or None,
            "image_guidance_scale": self.image_guidance_scale.value() or None,
            "n_frames": self.n_frames.value(),
            "start_frame_index": self.start_frame_index.value(),
            "view": self.view.currentData(),
            "direction": self.direction.currentData(),
            "init_image_strength": self.init_image_strength.value(),
            "reference_image": reference.pixels,
            "seed": seed_value(self.seed),
        }
        if self.color_image.pixels is not None:
            fields["color_image"] = self.color_image.pixels
        try:
            return AnimateWithTextRequest(**fields)
        except pydantic.ValidationError as exc:
            raise FormError([("", show_validation_errors(exc, widgets))]) from exc
