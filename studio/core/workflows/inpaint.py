"""Inpainting a frame: what is sent (image, mask, crop plan) and how the answer comes back.

``prepare_inpaint`` snapshots the frame composite and its mask, chooses a crop with
``plan_inpaint_crop`` when the sprite is outside the endpoint's 16..200 px, and exports the mask
as pure black/white exactly at the sent image's size. ``result_layer_pixels`` turns the
service's answer into a full-size layer: the answer pasted at the crop rectangle, transparent
elsewhere. Accepting later merges only the masked pixels of it (``Document.accept_layer``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from studio.core.document.document import Document
from studio.core.painting.mask import bbox, export_mask_image
from studio.core.workflows.inpaint_crop import (
    INPAINT_MAX_SIZE,
    INPAINT_MIN_SIZE,
    CropPlan,
    extract_crop,
    plan_inpaint_crop,
)


class InpaintInputError(ValueError):
    """The frame cannot be inpainted as it is (empty mask, mask too large, ...)."""


@dataclass(frozen=True)
class InpaintInputs:
    """Everything the request needs, plus what is needed to place the answer."""

    frame: int
    plan: CropPlan
    image: Image.Image  # RGBA, plan.width x plan.height
    mask_image: Image.Image  # RGB pure black/white, same size
    mask: np.ndarray  # full-size uint8 mask snapshot (255 = regenerate)

    @property
    def size(self) -> tuple[int, int]:
        return self.plan.width, self.plan.height

    @property
    def note(self) -> str:
        """What the UI must say about cropping or padding ("" when sent as is)."""
        return self.plan.note()


PRO_LIMITS = (32, 512)
"""inpaint-v3 (Pro): 32..512 px per the prose (the schema only says >= 1)."""


def prepare_inpaint(doc: Document, frame: int,
                    limits: tuple[int, int] = (INPAINT_MIN_SIZE, INPAINT_MAX_SIZE)
                    ) -> InpaintInputs:
    """Snapshot the frame for an inpaint request; raises InpaintInputError with the reason.
    ``limits`` are the endpoint's (min, max) side: the legacy 16..200 or Pro's 32..512."""
    mask = doc.frames[frame].mask
    box = None if mask is None else bbox(mask)
    if box is None:
        raise InpaintInputError(
            "the mask is empty: paint the area to regenerate with the mask brush first")
    try:
        plan = plan_inpaint_crop(doc.width, doc.height, tuple(box), *limits)
    except ValueError as exc:
        raise InpaintInputError(str(exc)) from exc
    snapshot = np.where(mask > 0, 255, 0).astype(np.uint8)
    with doc.lock:
        composite = doc.composite(frame)
    image = Image.fromarray(extract_crop(composite, plan), "RGBA")
    mask_image = export_mask_image(extract_crop(snapshot, plan, fill=0))
    return InpaintInputs(frame, plan, image, mask_image, snapshot)


def result_layer_pixels(result: np.ndarray, inputs: InpaintInputs,
                        width: int, height: int) -> np.ndarray:
    """The answer as full-size layer pixels: pasted at the crop, transparent elsewhere."""
    plan = inputs.plan
    if result.shape != (plan.height, plan.width, 4):
        raise InpaintInputError(
            f"the service answered a {result.shape[1]}x{result.shape[0]} image for a "
            f"{plan.width}x{plan.height} request")
    if (width, height) != (plan.image_width, plan.image_height):
        raise InpaintInputError(
            f"the document is now {width}x{height}; the request was made for "
            f"{plan.image_width}x{plan.image_height}")
    out = np.zeros((height, width, 4), np.uint8)
    out[plan.y: plan.y + plan.h, plan.x: plan.x + plan.w] = result[
        plan.offset_y: plan.offset_y + plan.h, plan.offset_x: plan.offset_x + plan.w]
    return out


def masked_preview(layer: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The layer with everything outside the mask made transparent (what accept would add)."""
    out = layer.copy()
    out[mask == 0] = 0
    return out


def fit_sized_input(pixels: np.ndarray, inputs: InpaintInputs, name: str) -> Image.Image:
    """An init image for the request: the sent size as is, or document-sized and cropped
    with the same plan as the inpainting image. Anything else is refused with the sizes."""
    plan = inputs.plan
    h, w = pixels.shape[:2]
    if (w, h) == (plan.width, plan.height):
        return Image.fromarray(np.ascontiguousarray(pixels), "RGBA")
    if (w, h) == (plan.image_width, plan.image_height):
        return Image.fromarray(extract_crop(pixels, plan), "RGBA")
    raise InpaintInputError(
        f"the {name} is {w}x{h}; it must be the sprite's size "
        f"({plan.image_width}x{plan.image_height}) or the sent size ({plan.width}x{plan.height})")
