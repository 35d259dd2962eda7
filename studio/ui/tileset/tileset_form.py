"""Every field of POST /tilesets as widgets, turned into a validated ``TilesetRequest``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from studio.api.enums import DETAILS, OUTLINES, SHADINGS, TILESET_VIEWS
from studio.api.requests import TilesetRequest
from studio.ui.color.palette_option import PaletteOption
from studio.ui.tileset.form_helpers import (
    choice_combo,
    clear_validation_errors,
    double_spin,
    seed_spin,
    seed_value,
    show_validation_errors,
)
from studio.ui.tileset.image_field import ImageField

TRANSITION_SIZES = (0.0, 0.25, 0.5)
IMAGE_FIELDS = ("lower_reference_image", "upper_reference_image",
                "transition_reference_image", "color_image")


class TilesetForm(QWidget):
    """The creation fields. ``build_request()`` returns a request or None (errors shown)."""

    def __init__(self, canvas_image: Callable[[], Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.lower = QLineEdit(objectName="tileset.lower", placeholderText="e.g. ocean")
        self.upper = QLineEdit(objectName="tileset.upper", placeholderText="e.g. sand")
        self.transition = QLineEdit(objectName="tileset.transition",
                                    placeholderText="optional, e.g. wet sand")
        self.tile_size = QComboBox(objectName="tileset.tile_size")
        for size in (16, 32):
            self.tile_size.addItem(f"{size} x {size}", size)
        self.view = choice_combo("tileset.view", TILESET_VIEWS)
        self.guidance = double_spin("tileset.text_guidance_scale", 1.0, 20.0, 8.0, 0.5, 1)
        self.outline = choice_combo("tileset.outline", OUTLINES)
        self.shading = choice_combo("tileset.shading", SHADINGS)
        self.detail = choice_combo("tileset.detail", DETAILS)
        self.tile_strength = double_spin("tileset.tile_strength", 0.1, 2.0, 1.0, 0.1)
        self.adherence = double_spin("tileset.tileset_adherence", 0.0, 500.0, 100.0, 10.0, 0)
        self.adherence_freedom = double_spin("tileset.tileset_adherence_freedom",
                                             0.0, 900.0, 500.0, 10.0, 0)
        self.transition_size = QComboBox(objectName="tileset.transition_size")
        for size in TRANSITION_SIZES:
            self.transition_size.addItem(f"{size:g}", size)
        self.images = {name: ImageField(f"tileset.{name}", canvas_image) for name in IMAGE_FIELDS}
        self.use_palette = PaletteOption("tileset", self.images["color_image"], None)
        self.seed = seed_spin("tileset.seed")
        self.lower_base = QLineEdit(objectName="tileset.lower_base_tile_id",
                                    placeholderText="chain: lower base tile id")
        self.upper_base = QLineEdit(objectName="tileset.upper_base_tile_id",
                                    placeholderText="chain: upper base tile id")
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget]] = [
            ("Lower terrain", self.lower), ("Upper terrain", self.upper),
            ("Transition", self.transition), ("Tile size", self.tile_size),
            ("View", self.view), ("Text guidance", self.guidance), ("Outline", self.outline),
            ("Shading", self.shading), ("Detail", self.detail),
            ("Tile strength", self.tile_strength), ("Adherence", self.adherence),
            ("Adherence freedom", self.adherence_freedom),
            ("Transition size", self.transition_size),
            ("Lower reference", self.images["lower_reference_image"]),
            ("Upper reference", self.images["upper_reference_image"]),
            ("Transition ref.", self.images["transition_reference_image"]),
            ("Colour image", self.images["color_image"]), ("", self.use_palette),
            ("Seed", self.seed),
            ("Lower base id", self.lower_base), ("Upper base id", self.upper_base),
        ]
        for label, widget in rows:
            form.addRow(label, widget)

    @property
    def field_widgets(self) -> dict[str, QWidget]:
        """API field name -> the widget that edits it (for showing validation errors)."""
        return {
            "lower_description": self.lower, "upper_description": self.upper,
            "transition_description": self.transition, "tile_size": self.tile_size,
            "view": self.view, "text_guidance_scale": self.guidance, "outline": self.outline,
            "shading": self.shading, "detail": self.detail, "tile_strength": self.tile_strength,
            "tileset_adherence": self.adherence,
            "tileset_adherence_freedom": self.adherence_freedom,
            "transition_size": self.transition_size, "seed": self.seed,
            "lower_base_tile_id": self.lower_base, "upper_base_tile_id": self.upper_base,
            **self.images,
        }

    def values(self) -> dict[str, Any]:
        """The request fields as plain values (``None`` = let the service choose)."""
        size = self.tile_size.currentData()
        values: dict[str, Any] = {
            "lower_description": self.lower.text().strip(),
            "upper_description": self.upper.text().strip(),
            "transition_description": self.transition.text().strip(),
            "tile_size": {"width": size, "height": size},
            "view": self.view.currentData(),
            "text_guidance_scale": self.guidance.value(),
            "outline": self.outline.currentData(),
            "shading": self.shading.currentData(),
            "detail": self.detail.currentData(),
            "tile_strength": self.tile_strength.value(),
            "tileset_adherence": self.adherence.value(),
            "tileset_adherence_freedom": self.adherence_freedom.value(),
            "transition_size": self.transition_size.currentData(),
            "seed": seed_value(self.seed),
            "lower_base_tile_id": self.lower_base.text().strip() or None,
            "upper_base_tile_id": self.upper_base.text().strip() or None,
        }
        for name, field in self.images.items():
            values[name] = field.image
        return values

    def build_request(self) -> tuple[TilesetRequest | None, str]:
        """(request, "") when valid, else (None, message) with the bad widgets marked."""
        clear_validation_errors(self.field_widgets)
        try:
            return TilesetRequest(**self.values()), ""
        except ValidationError as exc:
            return None, show_validation_errors(exc, self.field_widgets)

    def set_chain(self, lower_base_tile_id: str | None, upper_base_tile_id: str | None) -> None:
        """Fill the base tile ids from an earlier tileset so the new one shares its terrain."""
        self.lower_base.setText(lower_base_tile_id or "")
        self.upper_base.setText(upper_base_tile_id or "")

    @property
    def tile_size_px(self) -> int:
        return int(self.tile_size.currentData())
