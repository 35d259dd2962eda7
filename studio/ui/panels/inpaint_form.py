"""InpaintForm: every field of the inpaint endpoint (objectNames ``inpaint.*``).

The inpainting image, the mask and the image size come from the frame (see
``studio.core.workflows.inpaint``); the form supplies the rest and builds the validated
``InpaintRequest``, marking the widget of any invalid field before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from studio.api.enums import DETAILS, DIRECTIONS_8, OUTLINES, SHADINGS, VIEWS
from studio.api.requests import InpaintRequest
from studio.core.workflows.inpaint import InpaintInputError, InpaintInputs, fit_sized_input
from studio.ui.color.palette_option import PaletteOption
from studio.ui.panels.create_form import FormError
from studio.ui.panels.image_slot import ImageSlot
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


def named_slot(prefix: str, name: str, sources: dict[str, ImageSource]) -> ImageSlot:
    """An ImageSlot whose objectNames use ``prefix`` (the slot itself names them "create.")."""
    slot = ImageSlot(name, sources)
    slot.setObjectName(f"{prefix}.{name}")
    for label, button in slot.buttons.items():
        button.setObjectName(f"{prefix}.{name}.{label.rstrip('…').lower()}")
    return slot


class InpaintForm(QWidget):
    message = Signal(str)

    def __init__(self, image_sources: dict[str, ImageSource],
                 colour_sources: dict[str, ImageSource] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description = QPlainTextEdit(objectName="inpaint.description")
        self.description.setPlaceholderText("what the masked area should become, "
                                            "e.g. a red scarf")
        self.description.setMaximumHeight(60)
        self.negative_description = QLineEdit(objectName="inpaint.negative_description")
        self.size = QLabel("set by the frame", objectName="inpaint.size")
        self.size.setToolTip("The frame's size, or a crop around the mask when the sprite is "
                             "larger than 200 px")
        self.text_guidance_scale = double_spin("inpaint.text_guidance_scale", 1.0, 10.0, 3.0, 0.5)
        self.extra_guidance_scale = double_spin("inpaint.extra_guidance_scale", 0.0, 20.0, 3.0,
                                                0.5)
        self.outline = choice_combo("inpaint.outline", OUTLINES)
        self.shading = choice_combo("inpaint.shading", SHADINGS)
        self.detail = choice_combo("inpaint.detail", DETAILS)
        self.view = choice_combo("inpaint.view", VIEWS)
        self.direction = choice_combo("inpaint.direction", DIRECTIONS_8)
        self.isometric = QCheckBox("isometric", objectName="inpaint.isometric")
        self.oblique_projection = QCheckBox("oblique", objectName="inpaint.oblique_projection")
        self.no_background = QCheckBox("no background", objectName="inpaint.no_background")
        self.init_image = named_slot("inpaint", "init_image", image_sources)
        self.init_image_strength = int_spin("inpaint.init_image_strength", 1, 999, 300)
        self.color_image = named_slot("inpaint", "color_image",
                                      colour_sources or image_sources)
        self.use_palette = PaletteOption("inpaint", self.color_image,
                                         (colour_sources or {}).get("Palette"))
        self.seed = seed_spin("inpaint.seed")
        flags = QHBoxLayout()
        for box in (self.isometric, self.oblique_projection, self.no_background):
            flags.addWidget(box)
        form = compact_form(QFormLayout(self))
        rows: list[tuple[str, Any]] = [
            ("Description", self.description), ("Avoid", self.negative_description),
            ("Size", self.size), ("Text guidance", self.text_guidance_scale),
            ("Extra guidance", self.extra_guidance_scale), ("Outline", self.outline),
            ("Shading", self.shading), ("Detail", self.detail), ("View", self.view),
            ("Direction", self.direction), ("", flags), ("Init image", self.init_image),
            ("Init strength", self.init_image_strength), ("Colour image", self.color_image),
            ("", self.use_palette), ("Seed", self.seed),
        ]
        for label, item in rows:
            form.addRow(label, item)
        for slot in (self.init_image, self.color_image):
            slot.message.connect(self.message)

    def widgets(self) -> dict[str, QWidget]:
        """API field name -> widget (for marking invalid fields)."""
        names = ("description", "negative_description", "text_guidance_scale",
                 "extra_guidance_scale", "outline", "shading", "detail", "view", "direction",
                 "isometric", "oblique_projection", "no_background", "init_image",
                 "init_image_strength", "color_image", "seed")
        out = {name: getattr(self, name) for name in names}
        out["image_size"] = out["inpainting_image"] = out["mask_image"] = self.size
        return out

    def build_request(self, inputs: InpaintInputs) -> InpaintRequest:
        """The validated request for ``inputs``; raises FormError (widgets marked)."""
        widgets = self.widgets()
        clear_validation_errors(widgets)
        fields: dict[str, Any] = {
            "description": self.description.toPlainText().strip(),
            "negative_description": self.negative_description.text().strip(),
            "image_size": inputs.size,
            "text_guidance_scale": self.text_guidance_scale.value(),
            "extra_guidance_scale": self.extra_guidance_scale.value(),
            "isometric": self.isometric.isChecked(),
            "oblique_projection": self.oblique_projection.isChecked(),
            "no_background": self.no_background.isChecked(),
            "init_image_strength": self.init_image_strength.value(),
            "inpainting_image": inputs.image,
            "mask_image": inputs.mask_image,
            "seed": seed_value(self.seed),
        }
        for name in ("outline", "shading", "detail", "view", "direction"):
            fields[name] = getattr(self, name).currentData()
        if self.init_image.pixels is not None:
            try:
                fields["init_image"] = fit_sized_input(self.init_image.pixels, inputs,
                                                       "init image")
            except InpaintInputError as exc:
                show_validation_errors_text(widgets["init_image"], str(exc))
                raise FormError([("init_image", str(exc))]) from exc
        if self.color_image.pixels is not None:
            fields["color_image"] = self.color_image.pixels
        try:
            return InpaintRequest(**fields)
        except pydantic.ValidationError as exc:
            text = show_validation_errors(exc, widgets)
            raise FormError([("", text)]) from exc


def show_validation_errors_text(widget: QWidget, text: str) -> None:
    """Mark one widget with a message that did not come from pydantic."""
    from studio.ui.tileset.form_helpers import ERROR_STYLE

    widget.setStyleSheet(ERROR_STYLE)
    widget.setToolTip(text)
