"""The image utilities served with the studio's own free algorithms (``studio.core.cleanup`` and
``studio.core.color``): remove-background, resize and image-to-pixelart."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import APIRouter

from studio.api.requests_edit import (
    ImageToPixelartRequest,
    RemoveBackgroundRequest,
    ResizeRequest,
)
from studio.core.cleanup import remove_background as clear_background
from studio.core.cleanup import remove_orphans, resample
from studio.core.color import ReduceOptions, reduce_frames

from .imaging import USAGE, decode_field, encode

BACKGROUND_TOLERANCE = {"remove_simple_background": 32.0, "remove_complex_background": 56.0}
PIXELART_COLORS = 24
"""Colours of an image-to-pixelart answer (AI pixel art of a character uses about two dozen)."""


def _answer(rgba: np.ndarray) -> dict[str, Any]:
    return {"image": encode(rgba), "usage": dict(USAGE)}


def remove_background(body: RemoveBackgroundRequest) -> dict[str, Any]:
    """Border flood with a tolerance; the complex task floods further and drops orphans."""
    rgba = decode_field(body.image, "image", body.image_size.as_tuple())
    assert rgba is not None
    task = body.background_removal_task or "remove_simple_background"
    out = clear_background(rgba, tolerance=BACKGROUND_TOLERANCE[task])
    if task == "remove_complex_background":
        out = remove_orphans(out)
    return _answer(out)


def resize(body: ResizeRequest) -> dict[str, Any]:
    """The reference at ``target_size``: dominant colour per block when shrinking, nearest
    pixel when growing."""
    rgba = decode_field(body.reference_image, "reference_image",
                        body.reference_image_size.as_tuple())
    assert rgba is not None
    return _answer(resample(rgba, *body.target_size.as_tuple()))


def image_to_pixelart(body: ImageToPixelartRequest) -> dict[str, Any]:
    """Resample to ``output_size`` by dominant colour, then reduce to a small palette."""
    rgba = decode_field(body.image, "image", body.image_size.as_tuple())
    assert rgba is not None
    small = resample(rgba, *body.output_size.as_tuple())
    reduced = reduce_frames([small], ReduceOptions(count=PIXELART_COLORS, method="kmeans"))
    return _answer(reduced.frames[0])


def add_utility_routes(v2: APIRouter) -> None:
    v2.add_api_route("/remove-background", remove_background, methods=["POST"])
    v2.add_api_route("/resize", resize, methods=["POST"])
    v2.add_api_route("/image-to-pixelart", image_to_pixelart, methods=["POST"])
