"""Inpaint panel, Pro model (inpaint-v3, up to 512 px with crop-to-mask), beside the existing
model. Pro takes only the description, seed, background and crop-to-mask of the form."""

from __future__ import annotations

import pydantic
from PySide6.QtWidgets import QCheckBox, QComboBox

from studio.api.pricing import ExpectedCost, estimate
from studio.api.requests_v3 import InpaintV3Request
from studio.core.workflows.inpaint import PRO_LIMITS, InpaintInputs
from studio.core.workflows.inpaint_crop import INPAINT_MAX_SIZE, INPAINT_MIN_SIZE
from studio.ui.panels.create_form import FormError
from studio.ui.panels.inpaint_form import InpaintForm
from studio.ui.tileset.form_helpers import seed_value, show_validation_errors

STANDARD, PRO = "Standard (up to 200 px)", "Pro (up to 512 px)"
LIMITS = {STANDARD: (INPAINT_MIN_SIZE, INPAINT_MAX_SIZE), PRO: PRO_LIMITS}
ENDPOINTS = {STANDARD: "inpaint", PRO: "inpaint_v3"}
STANDARD_ONLY = ("negative_description", "text_guidance_scale", "extra_guidance_scale",
                 "outline", "shading", "detail", "view", "direction", "isometric",
                 "oblique_projection", "init_image", "init_image_strength", "color_image")
"""Form fields inpaint-v3 does not take (disabled while Pro is chosen)."""


def model_combo() -> QComboBox:
    combo = QComboBox(objectName="inpaint.model")
    combo.addItems([STANDARD, PRO])
    combo.setToolTip("Pro (inpaint-v3) takes up to 512x512 and costs more; the standard model "
                     "takes up to 200x200. Larger sprites are cropped around the mask.")
    return combo


def crop_to_mask_box() -> QCheckBox:
    box = QCheckBox("keep new pixels inside the mask", objectName="inpaint.crop_to_mask")
    box.setChecked(True)
    box.setToolTip("Pro's crop_to_mask. Either way only the masked pixels are merged when "
                   "you accept the result.")
    return box


def pro_request(form: InpaintForm, inputs: InpaintInputs, crop_to_mask: bool
                ) -> InpaintV3Request:
    """The validated inpaint-v3 request; raises FormError with the widgets marked."""
    try:
        return InpaintV3Request(
            description=form.description.toPlainText().strip(), inpainting_image=inputs.image,
            mask_image=inputs.mask_image, seed=seed_value(form.seed),
            no_background=form.no_background.isChecked(), crop_to_mask=crop_to_mask)
    except pydantic.ValidationError as exc:
        raise FormError([("", show_validation_errors(exc, form.widgets()))]) from exc


def expected(model: str, size: tuple[int, int] | None) -> ExpectedCost | None:
    return None if size is None else estimate(ENDPOINTS[model], *size)
