"""CreateForm: every request field of create-image-pixflux and create-image-bitforge.

The form builds the request model of ``studio.api.requests`` (which holds the API's ranges) and
explains invalid values and combinations next to the offending widget before anything is sent.
"""

from __future__ import annotations

from typing import Any

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.api.enums import DETAILS, DIRECTIONS_8, OUTLINES, SHADINGS, VIEWS
from studio.api.requests import BitforgeRequest, PixfluxRequest
from studio.api.requests_v3 import GenerateImageV2Request
from studio.ui.color.palette_option import PaletteOption
from studio.ui.panels.create_pro import (
    PRO,
    PRO_UNUSED,
    ReferencesBox,
    StyleOptionsRow,
    pro_fields,
)
from studio.ui.panels.generation_images import rgba_to_pil
from studio.ui.panels.image_slot import ImageSlot, ImageSource

MODELS: dict[str, tuple[type[pydantic.BaseModel], str, int]] = {
    "pixflux": (PixfluxRequest, "create_image_pixflux", 400),
    "bitforge": (BitforgeRequest, "create_image_bitforge", 200),
    PRO: (GenerateImageV2Request, "generate_image_v2", 512),
}
PRESETS = (16, 32, 64, 128)
BITFORGE_ONLY = ("negative_description", "oblique_projection", "style_image", "style_strength")
ANY = "(any)"
INVALID_STYLE = "border: 2px solid #d33;"


class FormError(ValueError):
    """Invalid form values: ``errors`` is a list of ``(field, message)``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f or 'request'}: {m}" for f, m in errors))
        self.errors = errors


def _combo(name: str, values: tuple[str, ...]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(f"create.{name}")
    box.addItems([ANY, *values])
    return box


class CreateForm(QWidget):
    changed = Signal()
    message = Signal(str)

    def __init__(self, image_sources: dict[str, ImageSource], palette_source: ImageSource | None,
                 parent: QWidget | None = None, *,
                 reference_sources: dict[str, ImageSource] | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.model = QComboBox(objectName="create.model")
        self.model.addItems(list(MODELS))
        self.description = QPlainTextEdit(objectName="create.description")
        self.description.setPlaceholderText("e.g. a small knight with a blue shield")
        self.description.setMaximumHeight(70)
        self.negative_description = QLineEdit(objectName="create.negative_description")
        self.width_spin = QSpinBox(objectName="create.width", minimum=1, maximum=1024, value=64)
        self.height_spin = QSpinBox(objectName="create.height", minimum=1, maximum=1024, value=64)
        self.limits = QLabel()
        size_row = QHBoxLayout()
        for widget in (self.width_spin, QLabel("x"), self.height_spin):
            size_row.addWidget(widget)
        presets = QHBoxLayout()  # a row of their own: beside the spin boxes they overflow
        for preset in PRESETS:
            button = QPushButton(str(preset), objectName=f"create.preset{preset}")
            button.setMinimumWidth(40)  # "128" fits; the style's 80 px minimum does not
            button.clicked.connect(lambda _=False, p=preset: self.set_size(p, p))
            presets.addWidget(button)
        self.text_guidance_scale = QDoubleSpinBox(objectName="create.text_guidance_scale",
                                                  minimum=0.0, maximum=30.0, value=8.0)
        self.outline = _combo("outline", OUTLINES)
        self.shading = _combo("shading", SHADINGS)
        self.detail = _combo("detail", DETAILS)
        self.view = _combo("view", VIEWS)
        self.direction = _combo("direction", DIRECTIONS_8)
        self.isometric = QCheckBox("isometric", objectName="create.isometric")
        self.oblique_projection = QCheckBox("oblique projection",
                                            objectName="create.oblique_projection")
        self.no_background = QCheckBox("no background", objectName="create.no_background")
        self.coverage_on = QCheckBox("coverage %", objectName="create.coverage_on")
        self.coverage_percentage = QDoubleSpinBox(objectName="create.coverage_percentage",
                                                  minimum=0.0, maximum=100.0, value=60.0)
        canvas_sources = dict(image_sources)
        self.init_image = ImageSlot("init_image", canvas_sources)
        self.init_image_strength = QSpinBox(objectName="create.init_image_strength",
                                            minimum=0, maximum=1000, value=300)
        self.style_image = ImageSlot("style_image", canvas_sources)
        self.style_strength = QDoubleSpinBox(objectName="create.style_strength",
                                             minimum=0.0, maximum=100.0, value=0.0)
        self.style_options = StyleOptionsRow()
        self.references = ReferencesBox(reference_sources or canvas_sources)
        colour_sources = dict(image_sources)
        if palette_source is not None:
            colour_sources["Palette"] = palette_source
        self.color_image = ImageSlot("color_image", colour_sources)
        self.use_palette = PaletteOption("create", self.color_image, palette_source)
        self.seed = QSpinBox(objectName="create.seed", minimum=0, maximum=2**31 - 1)
        self.seed.setSpecialValueText("random")
        self.variants = QSpinBox(objectName="create.variants", minimum=1, maximum=16, value=4)

        flags = QGridLayout()  # two rows: three boxes side by side overflow a narrow dock
        flags.addWidget(self.isometric, 0, 0)
        flags.addWidget(self.no_background, 0, 1)
        flags.addWidget(self.oblique_projection, 1, 0, 1, 2)
        coverage = QHBoxLayout()
        coverage.addWidget(self.coverage_on)
        coverage.addWidget(self.coverage_percentage)
        rows: list[tuple[str, Any]] = [
            ("Model", self.model), ("Description", self.description),
            ("Avoid", self.negative_description), ("Size", size_row), ("", presets),
            ("", self.limits),
            ("Text guidance", self.text_guidance_scale), ("Outline", self.outline),
            ("Shading", self.shading), ("Detail", self.detail), ("View", self.view),
            ("Direction", self.direction), ("", flags), ("", coverage),
            ("Init image", self.init_image), ("Init strength", self.init_image_strength),
            ("Style image", self.style_image), ("Copy from style", self.style_options),
            ("Style strength", self.style_strength), ("References", self.references),
            ("Colour image", self.color_image), ("", self.use_palette), ("Seed", self.seed),
            ("Variants", self.variants),
        ]
        for label, item in rows:
            form.addRow(label, item)
        for slot in (self.init_image, self.style_image, self.color_image, self.references):
            slot.message.connect(self.message)
            slot.changed.connect(self.changed)
        self.model.currentTextChanged.connect(self._model_changed)
        self._model_changed(self.model.currentText())

    # -- model and size --------------------------------------------------------------------
    @property
    def model_name(self) -> str:
        return self.model.currentText()

    @property
    def endpoint(self) -> str:
        return MODELS[self.model_name][1]

    def set_size(self, width: int, height: int) -> None:
        self.width_spin.setValue(width)
        self.height_spin.setValue(height)

    def requested_size(self) -> tuple[int, int]:
        return self.width_spin.value(), self.height_spin.value()

    def fit_size(self, width: int, height: int) -> tuple[int, int]:
        """``width`` x ``height`` kept within the current model's 16..limit px per side."""
        limit = MODELS[self.model_name][2]
        return max(16, min(limit, width)), max(16, min(limit, height))

    def _model_changed(self, name: str) -> None:
        limit = MODELS[name][2]
        self.limits.setText(f"{name}: 16–{limit} px per side")
        for field in BITFORGE_ONLY:
            self.widget_for(field).setEnabled(name == "bitforge")
        pro = name == PRO
        for field in PRO_UNUSED:
            if pro or field not in BITFORGE_ONLY:
                self.widget_for(field).setEnabled(not pro)
        self.style_image.setEnabled(name in ("bitforge", PRO))
        self.style_options.setEnabled(pro)
        self.references.setEnabled(pro)
        self.variants.setEnabled(not pro)  # one Pro call returns its own grid of candidates
        self.changed.emit()

    # -- reading the form ------------------------------------------------------------------------
    def request_fields(self) -> dict[str, Any]:
        """The request keyword arguments (without seed), images as PIL images."""
        fields: dict[str, Any] = {
            "description": self.description.toPlainText().strip(),
            "image_size": {"width": self.width_spin.value(), "height": self.height_spin.value()},
            "text_guidance_scale": self.text_guidance_scale.value(),
            "isometric": self.isometric.isChecked(),
            "no_background": self.no_background.isChecked(),
            "init_image_strength": self.init_image_strength.value(),
        }
        for name in ("outline", "shading", "detail", "view", "direction"):
            value = getattr(self, name).currentText()
            if value != ANY:
                fields[name] = value
        if self.coverage_on.isChecked():
            fields["coverage_percentage"] = self.coverage_percentage.value()
        for name in ("init_image", "color_image"):
            slot: ImageSlot = getattr(self, name)
            if slot.pixels is not None:
                fields[name] = rgba_to_pil(slot.pixels)
        if self.model_name == "bitforge":
            fields["negative_description"] = self.negative_description.text().strip()
            fields["oblique_projection"] = self.oblique_projection.isChecked()
            fields["style_strength"] = self.style_strength.value()
            if self.style_image.pixels is not None:
                fields["style_image"] = rgba_to_pil(self.style_image.pixels)
        return fields

    def combination_errors(self, fields: dict[str, Any]) -> list[tuple[str, str]]:
        """Rules the request model cannot see on its own."""
        errors = []
        size = (fields["image_size"]["width"], fields["image_size"]["height"])
        if fields.get("isometric") and fields.get("oblique_projection"):
            errors.append(("oblique_projection", "choose isometric or oblique projection, "
                                                 "not both"))
        if fields.get("style_strength", 0) > 0 and "style_image" not in fields:
            errors.append(("style_image", "a style strength above 0 needs a style image"))
        for name in ("init_image", "style_image"):
            image = fields.get(name)
            if image is not None and image.size != size:
                errors.append((name, f"the {name.replace('_', ' ')} is {image.width}x"
                                     f"{image.height} but the size is {size[0]}x{size[1]}"))
        if (self.model_name == "pixflux" and fields.get("no_background")
                and max(size) > 200):
            errors.append(("no_background", "pixflux gives a transparent background only up to "
                                            "200x200; above that it is blank"))
        return errors

    def build_request(self, seed: int | None = None) -> pydantic.BaseModel:
        """The validated request model; raises :class:`FormError` and marks the widgets."""
        self.clear_marks()
        if self.model_name == PRO:
            fields = pro_fields(self.description.toPlainText().strip(), self.requested_size(),
                                self.no_background.isChecked(), self.references,
                                self.style_image, self.style_options)
            errors = []
        else:
            fields = self.request_fields()
            errors = self.combination_errors(fields)
        if seed:
            fields["seed"] = seed
        model_cls = MODELS[self.model_name][0]
        request = None
        try:
            request = model_cls(**fields)
        except pydantic.ValidationError as exc:
            for err in exc.errors():
                loc = [str(p) for p in err["loc"]]
                errors.append((".".join(loc), err["msg"]))
        if errors:
            for field, msg in errors:
                self.mark(field, msg)
            raise FormError(errors)
        return request

    # -- marking ---------------------------------------------------------------------------------
    def widget_for(self, field: str) -> QWidget:
        """The widget showing an API field ("image_size.width" -> the width spin box)."""
        head = field.split(".")[0]
        if head == "image_size":
            return self.height_spin if field.endswith("height") else self.width_spin
        aliases = {"coverage_percentage": self.coverage_percentage}
        widget = aliases.get(head) or getattr(self, head, None)
        return widget if isinstance(widget, QWidget) else self.description

    def mark(self, field: str, message: str) -> None:
        widget = self.widget_for(field)
        widget.setProperty("invalid", True)
        widget.setStyleSheet(INVALID_STYLE)
        widget.setToolTip(message)

    def clear_marks(self) -> None:
        for widget in self.findChildren(QWidget):
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.setStyleSheet("")
                widget.setToolTip("")

    def marked_fields(self) -> list[str]:
        return [w.objectName() for w in self.findChildren(QWidget) if w.property("invalid")]

    # -- writing the form back -------------------------------------------------------------------
    def apply_params(self, endpoint: str, params: dict[str, Any],
                     load_input: Any = None) -> None:
        """Fill the form from stored parameters (library "copy parameters back").

        ``load_input(sha256) -> RGBA pixels`` resolves input images kept by the library.
        """
        for name, (_cls, ep, _limit) in MODELS.items():
            if ep == endpoint.strip("/").replace("-", "_"):
                self.model.setCurrentText(name)
        self.description.setPlainText(str(params.get("description", "")))
        self.negative_description.setText(str(params.get("negative_description", "")))
        size = params.get("image_size") or {}
        self.set_size(int(size.get("width", 64)), int(size.get("height", 64)))
        self.text_guidance_scale.setValue(float(params.get("text_guidance_scale", 8.0)))
        for name in ("outline", "shading", "detail", "view", "direction"):
            getattr(self, name).setCurrentText(params.get(name) or ANY)
        for name in ("isometric", "oblique_projection", "no_background"):
            getattr(self, name).setChecked(bool(params.get(name, False)))
        coverage = params.get("coverage_percentage")
        self.coverage_on.setChecked(coverage is not None)
        if coverage is not None:
            self.coverage_percentage.setValue(float(coverage))
        self.init_image_strength.setValue(int(params.get("init_image_strength", 300)))
        self.style_strength.setValue(float(params.get("style_strength", 0.0)))
        self.seed.setValue(int(params.get("seed") or 0))
        for name in ("init_image", "style_image", "color_image"):
            slot: ImageSlot = getattr(self, name)
            ref = params.get(name)
            pixels = None
            if isinstance(ref, dict) and ref.get("sha256") and load_input is not None:
                try:
                    pixels = load_input(ref["sha256"])
                except Exception as exc:  # noqa: BLE001 - a missing input is reported, not fatal
                    self.message.emit(f"{name.replace('_', ' ')} could not be restored: {exc}")
            slot.set_pixels(pixels, "library" if pixels is not None else "")
