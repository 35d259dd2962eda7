"""Crop planning for inpainting sprites larger (or smaller) than the endpoint accepts.

The inpaint endpoint takes images of 16..200 pixels per side. For a larger sprite we send a crop
around the mask: on each axis the crop is as large as allowed (most context), centred on the
mask's bounding box and moved to stay inside the image. A side shorter than the minimum is padded
(transparent, mask = keep) up to the minimum; the original pixels sit at ``(offset_x, offset_y)``
of the sent image. ``paste_back`` undoes the crop, ``merge_masked`` accepts only masked pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INPAINT_MIN_SIZE = 16
INPAINT_MAX_SIZE = 200


class MaskTooLargeError(ValueError):
    """The mask spans more than the endpoint's maximum size, so no single crop can hold it."""


@dataclass(frozen=True)
class CropPlan:
    """Where the sent image comes from: ``(x, y, w, h)`` of the source, placed at the offset of a
    ``width x height`` image (``width >= w``; larger only when padded)."""

    x: int
    y: int
    w: int
    h: int
    width: int
    height: int
    offset_x: int = 0
    offset_y: int = 0
    image_width: int = 0
    image_height: int = 0

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)

    @property
    def is_cropped(self) -> bool:
        return (self.w, self.h) != (self.image_width, self.image_height)

    @property
    def is_padded(self) -> bool:
        return (self.width, self.height) != (self.w, self.h)

    def note(self) -> str:
        """A sentence for the UI saying what was done (empty when the image is sent as is)."""
        parts = []
        if self.is_cropped:
            parts.append(
                f"the sprite is {self.image_width}x{self.image_height}, larger than the inpaint "
                f"limit, so a {self.w}x{self.h} crop at ({self.x}, {self.y}) around the mask is "
                "sent and pasted back"
            )
        if self.is_padded:
            parts.append(
                f"padded to {self.width}x{self.height} (the model's minimum size)"
            )
        return "; ".join(parts)


def _plan_axis(length: int, lo: int, hi: int, min_size: int, max_size: int, axis: str):
    """(start, crop length, sent length) for one axis."""
    if length <= max_size:
        return 0, length, max(length, min_size)
    span = hi - lo
    if span > max_size:
        raise MaskTooLargeError(
            f"the mask is {span} px {axis}; the inpaint endpoint takes at most {max_size} px, "
            "so inpaint it in parts"
        )
    centre = (lo + hi) / 2.0
    start = int(round(centre - max_size / 2.0))
    start = min(max(start, 0), length - max_size)
    return start, max_size, max_size


def plan_inpaint_crop(
    image_width: int,
    image_height: int,
    mask_bbox: tuple[int, int, int, int] | None,
    min_size: int = INPAINT_MIN_SIZE,
    max_size: int = INPAINT_MAX_SIZE,
) -> CropPlan:
    """Choose a valid crop around ``mask_bbox`` (x, y, w, h) for an image of the given size."""
    if image_width <= 0 or image_height <= 0:
        raise ValueError(f"image size must be positive, got {image_width}x{image_height}")
    if not 0 < min_size <= max_size:
        raise ValueError(f"bad size limits {min_size}..{max_size}")
    if mask_bbox is None or mask_bbox[2] <= 0 or mask_bbox[3] <= 0:
        raise ValueError("the mask is empty: paint the area to regenerate first")
    bx, by, bw, bh = (int(v) for v in mask_bbox)
    bx0, by0 = max(bx, 0), max(by, 0)
    bx1, by1 = min(bx + bw, image_width), min(by + bh, image_height)
    if bx1 <= bx0 or by1 <= by0:
        raise ValueError(f"the mask box {mask_bbox} lies outside the image")
    x, w, width = _plan_axis(image_width, bx0, bx1, min_size, max_size, "wide")
    y, h, height = _plan_axis(image_height, by0, by1, min_size, max_size, "tall")
    return CropPlan(x, y, w, h, width, height, 0, 0, image_width, image_height)


def extract_crop(array: np.ndarray, plan: CropPlan, fill: int = 0) -> np.ndarray:
    """The sent image (or mask) for ``plan``: the crop placed on a ``fill``-valued canvas."""
    if array.shape[:2] != (plan.image_height, plan.image_width):
        raise ValueError(
            f"array is {array.shape[1]}x{array.shape[0]}, the plan is for "
            f"{plan.image_width}x{plan.image_height}"
        )
    out = np.full((plan.height, plan.width) + array.shape[2:], fill, dtype=array.dtype)
    out[plan.offset_y : plan.offset_y + plan.h, plan.offset_x : plan.offset_x + plan.w] = array[
        plan.y : plan.y + plan.h, plan.x : plan.x + plan.w
    ]
    return out


def paste_back(
    base: np.ndarray, result: np.ndarray, plan: CropPlan, mask: np.ndarray | None = None
) -> np.ndarray:
    """A copy of ``base`` with the result's crop area pasted at its source rectangle.

    With ``mask`` (full image size), only masked pixels inside the rectangle are replaced.
    """
    if result.shape[:2] != (plan.height, plan.width):
        raise ValueError(
            f"result is {result.shape[1]}x{result.shape[0]}, expected {plan.width}x{plan.height}"
        )
    if result.shape[2:] != base.shape[2:]:
        raise ValueError(f"result channels {result.shape[2:]} differ from base {base.shape[2:]}")
    full = base.copy()
    full[plan.y : plan.y + plan.h, plan.x : plan.x + plan.w] = result[
        plan.offset_y : plan.offset_y + plan.h, plan.offset_x : plan.offset_x + plan.w
    ]
    if mask is None:
        return full
    return merge_masked(base, full, mask)


def merge_masked(base: np.ndarray, result: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A copy of ``base`` taking ``result``'s pixels only where ``mask`` > 0."""
    if base.shape != result.shape:
        raise ValueError(f"result shape {result.shape} differs from base shape {base.shape}")
    if mask.shape != base.shape[:2]:
        raise ValueError(f"mask shape {mask.shape} differs from image size {base.shape[:2]}")
    out = base.copy()
    chosen = mask > 0
    out[chosen] = result[chosen]
    return out
