"""Request images in and response images out, with the API's 422 shape for bad images."""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
from fastapi import HTTPException
from PIL import Image

from studio.api.errors import ImageDecodeError
from studio.api.images import Base64Image, decode_image, encode_image, png_bytes

from .algorithms.palette import palette_of

MAX_INPUT_PIXELS = 1024 * 1024
"""Largest input image the offline engine decodes (the API's own sizes stop at 400x400)."""

USAGE = {"type": "usd", "usd": 0.0}
"""Offline generations are free; every response says so the studio shows a cost of 0."""


def invalid(field: str, message: str, kind: str = "value_error") -> HTTPException:
    """A FastAPI-style 422 naming the body field."""
    return HTTPException(
        status_code=422,
        detail=[{"loc": ["body", *field.split(".")], "msg": message, "type": kind}],
    )


def decode_field(
    image: Base64Image | None, field: str, size: tuple[int, int] | None = None
) -> np.ndarray | None:
    """Decode a request image to an RGBA array (None stays None).

    ``size`` (w, h) demands an exact size: images that map pixel-for-pixel onto the output.
    """
    if image is None:
        return None
    try:
        pil = decode_image(image, max_pixels=MAX_INPUT_PIXELS)
    except ImageDecodeError as exc:
        raise invalid(field, f"Invalid image: {exc.message}") from None
    if size is not None and pil.size != tuple(size):
        raise invalid(
            field,
            f"Image is {pil.size[0]}x{pil.size[1]} but image_size is {size[0]}x{size[1]}; "
            "they must match",
        )
    return np.asarray(pil, dtype=np.uint8).copy()


def decode_mask(image: Base64Image | None, field: str, size: tuple[int, int]) -> np.ndarray | None:
    """A black-and-white mask as a bool array (True = white = regenerate)."""
    rgba = decode_field(image, field, size)
    if rgba is None:
        return None
    return rgba[..., :3].astype(np.int32).mean(axis=2) > 127


def palette_field(image: Base64Image | None, field: str = "color_image") -> np.ndarray | None:
    """The colours of a ``color_image`` (any size), at most 32 of them."""
    rgba = decode_field(image, field)
    if rgba is None:
        return None
    palette = palette_of(rgba, 32)
    if len(palette) == 0:
        raise invalid(field, "color_image has no opaque pixels to take a palette from")
    return palette


def encode(rgba: np.ndarray) -> dict[str, Any]:
    """A response image object (deterministic PNG bytes for identical pixels)."""
    return encode_image(Image.fromarray(np.ascontiguousarray(rgba), "RGBA")).model_dump()


def png(rgba: np.ndarray) -> bytes:
    """Raw PNG bytes (for ZIP entries and file URLs), identical to what ``encode`` wraps."""
    return png_bytes(Image.fromarray(np.ascontiguousarray(rgba), "RGBA"))


def image_object(data: bytes) -> dict[str, Any]:
    """A response image object for PNG bytes made by :func:`png`."""
    return {"type": "base64", "base64": base64.b64encode(data).decode("ascii"), "format": "png"}


def unpng(data: bytes) -> np.ndarray:
    """Pixels of PNG bytes this engine made itself (trusted, so no size checks)."""
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()
