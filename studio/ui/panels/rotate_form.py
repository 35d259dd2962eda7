"""RotateForm: every field of the rotate endpoint (objectNames ``rotate.*``).

``from_image`` and ``image_size`` come from the current frame. A mask needs an init image
(the service says so with a 422); the form says it next to the mask before sending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studio.api.enums import VIEWS
from studio.api.requests import RotateRequest
from studio.ui.color.palette_option import PaletteOption
from studio.ui.panels.create_form import FormError
from studio.ui.panels.direction_picker import DirectionPicker
from studio.ui.panels.inpaint_form import named_slot, show_validation_errors_text
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
MASK_NEEDS_INIT = "A mask only works together with an init image: add an init image too."
SIZE_LIMITS = (16, 200)


class RotateForm(QWidget):
    message = Signal(str)

    def __init__(self, image_sources: dict[str, ImageSource],
                 mask_sources: dict[str, ImageSource],
                 colour_sources: dict[str, ImageSource],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.from_direction = DirectionPicker("rotate.from_direction")
        self.to_direction = DirectionPicker("rotate.to_direction")
        self.from_view = choice_combo("rotate.from_view", VIEWS)
        self.to_view = choice_combo("rotate.to_view", VIEWS)
        self.view_change = int_spin("rotate.view_change", -180, 180, 0)
        self.view_change.setSuffix("°")
        self.view_change.setToolTip("Camera tilt change in degrees (0: not sent)")
        self.direction_change = int_spin("rotate.direction_change", -360, 360, 0)
        self.direction_change.setSuffix("°")
        self.direction_change.setToolTip("Turn in degrees (0: not sent; use the compasses or "
                                         "this)")
        self.image_guidance_scale = double_spin("rotate.image_guidance_scale", 1.0, 20.0, 3.0,
                                                0.5)
        self.isometric = QCheckBox("isometric", objectName="rotate.isometric")
        self.oblique_projection = QCheckBox("oblique", objectName="rotate.oblique_projection")
        self.init_image = named_slot("rotate", "init_image", image_sources)
        self.init_image_strength = int_spin("rotate.init_image_strength", 1, 999, 300)
        self.mask_image = named_slot("rotate", "mask_image", mask_sources)
        self.mask_hint = QLabel(MASK_NEEDS_INIT, objectName="rotate.mask_hint")
        self.mask_hint.setWordWrap(True)
        self.mask_hint.setStyleSheet("color: #c98a00;")
        self.color_image = named_slot("rotate", "color_image", colour_sources)
        self.use_palette = PaletteOption("rotate", self.color_image, colour_sources.get("Palette"))
        self.seed = seed_spin("rotate.seed")
        compasses = QHBoxLayout()
        for title, picker in (("From direction", self.from_direction),
                              ("To direction", self.to_direction)):
            box = QVBoxLayout()
            box.addWidget(QLabel(title))
            box.addWidget(picker)
            compasses.addLayout(box)
        flags = QHBoxLayout()
        flags.addWidget(self.isometric)
        flags.addWidget(self.oblique_projection)
        form = compact_form(QFormLayout(self))
        form.addRow(compasses)
        rows: list[tuple[str, Any]] = [
            ("From view", self.from_view), ("To view", self.to_view),
            ("View change", self.view_change), ("Direction change", self.direction_change),
            ("Image guidance", self.image_guidance_scale), ("", flags),
            ("Init image", self.init_image), ("Init strength", self.init_image_strength),
            ("Mask", self.mask_image), ("", self.mask_hint), ("Colour image", self.color_image),
            ("", self.use_palette), ("Seed", self.seed),
        ]
        for label, item in rows:
            form.addRow(label, item)
        for slot in (self.init_image, self.mask_image, self.color_image):
            slot.message.connect(self.message)
            slot.changed.connect(self._update_mask_hint)
        self._update_mask_hint()

    def _update_mask_hint(self) -> None:
        self.mask_hint.setVisible(self.mask_image.pixels is not None
                                  and self.init_image.pixels is None)

    def widgets(self) -> dict[str, QWidget]:
        names = ("from_direction", "to_direction", "from_view", "to_view", "view_change",
                 "direction_change", "image_guidance_scale", "isometric", "oblique_projection",
                 "init_image", "init_image_strength", "mask_image", "color_image", "seed")
        return {name: getattr(self, name) for name in names}

    def build_request(self, from_image: np.ndarray) -> RotateRequest:
        """The validated request for a source sprite; raises FormError (widgets marked)."""
        widgets = self.widgets()
        clear_validation_errors(widgets)
        h, w = from_image.shape[:2]
        low, high = SIZE_LIMITS
        if not (low <= w <= high and low <= h <= high):
            text = f"the sprite is {w}x{h}; rotate takes {low}..{high} px per side"
            raise FormError([("image_size", text)])
        if self.mask_image.pixels is not None and self.init_image.pixels is None:
            show_validation_errors_text(self.mask_image, MASK_NEEDS_INIT)
            raise FormError([("mask_image", MASK_NEEDS_INIT)])
        fields: dict[str, Any] = {
            "image_size": (w, h),
            "image_guidance_scale": self.image_guidance_scale.value(),
            "from_view": self.from_view.currentData(),
            "to_view": self.to_view.currentData(),
            "from_direction": self.from_direction.direction(),
            "to_direction": self.to_direction.direction(),
            "view_change": self.view_change.value() or None,
            "direction_change": self.direction_change.value() or None,
            "isometric": self.isometric.isChecked(),
            "oblique_projection": self.oblique_projection.isChecked(),
            "init_image_strength": self.init_image_strength.value(),
            "from_image": from_image,
            "seed": seed_value(self.seed),
        }
        for name in ("init_image", "mask_image", "color_image"):
            pixels = getattr(self, name).pixels
            if pixels is not None:
                fields[name] = pixels
        try:
            return RotateRequest(**fields)
        except pydantic.ValidationError as exc:
            text = show_validation_errors(exc, widgets)
            raise FormError([("", text)]) from exc
