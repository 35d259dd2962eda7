"""Image payloads: the API's ``Base64Image`` and the one place untrusted images are decoded.

Decoding rules (design.md section 4): bound the base64 length before decoding, open PNG only,
cap the pixel count far below Pillow's default, turn the decompression-bomb warning into an
error, and convert every Pillow failure into ``ImageDecodeError``.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from typing import Annotated, Any, Literal

import numpy as np
from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, model_validator

from .errors import ImageDecodeError

MAX_IMAGE_PIXELS = 4096 * 4096
"""Largest image (width * height) the studio will decode from any untrusted source."""
MAX_BASE64_CHARS = 64 * 1024 * 1024
"""Longest base64 text accepted before decoding is even attempted."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_DATA_URL = re.compile(r"^data:[\w/+.-]*(;[\w=-]+)*;base64,", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def _to_pil_for_encoding(value: Any) -> Image.Image | None:
    if isinstance(value, Image.Image):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype != np.uint8 or value.ndim not in (2, 3):
            raise ValueError("image array must be uint8 of shape (H, W) or (H, W, 3|4)")
        return Image.fromarray(value)
    return None


def png_bytes(image: Image.Image, *, compress_level: int = 3) -> bytes:
    """PNG-encode ``image``, keeping RGBA/RGB/L/LA and converting anything else to RGBA."""
    if image.mode not in ("RGBA", "RGB", "L", "LA"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()


class Base64Image(BaseModel):
    """``{"type": "base64", "base64": "...", "format": "png"}``.

    Also accepts a ``PIL.Image.Image`` or a uint8 numpy array (encoded to PNG), a bare base64
    string or a ``data:`` URL, so request models take images directly.
    """

    model_config = ConfigDict(extra="ignore")

    type: Literal["base64"] = "base64"
    base64: str
    format: str = "png"

    @model_validator(mode="before")
    @classmethod
    def _accept_images(cls, value: Any) -> Any:
        image = _to_pil_for_encoding(value)
        if image is not None:
            return {"type": "base64", "base64": _b64(png_bytes(image)), "format": "png"}
        if isinstance(value, str):
            return {"type": "base64", "base64": _DATA_URL.sub("", value.strip(), count=1)}
        if isinstance(value, dict) and value.get("format") is None and "base64" in value:
            value = {k: v for k, v in value.items() if k != "format"}
        return value

    @classmethod
    def from_pil(cls, image: Image.Image) -> Base64Image:
        return cls.model_validate(image)

    def to_pil(self, *, expected_size: tuple[int, int] | None = None) -> Image.Image:
        """Decode safely to an RGBA image (see :func:`decode_image`)."""
        return decode_image(self.model_dump(), expected_size=expected_size)


def encode_image(image: Image.Image | np.ndarray) -> Base64Image:
    """Encode a PIL image (or uint8 array) as a Base64Image; ``.model_dump()`` is JSON-ready."""
    return Base64Image.model_validate(image)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def png_size(b64: str) -> tuple[int, int] | None:
    """Width and height from a base64 PNG's header (decodes only 32 characters), or ``None``."""
    head = _DATA_URL.sub("", b64[:200].lstrip(), count=1)[:32]
    try:
        data = base64.b64decode(head + "=" * (-len(head) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def decode_base64(text: str, *, max_chars: int = MAX_BASE64_CHARS) -> bytes:
    """Strictly decode base64 text (a ``data:`` prefix and whitespace are tolerated)."""
    if not isinstance(text, str):
        raise ImageDecodeError(f"image data must be a base64 string, got {type(text).__name__}")
    if len(text) > max_chars:
        raise ImageDecodeError(f"image data too long ({len(text)} > {max_chars} characters)")
    text = _WHITESPACE.sub("", _DATA_URL.sub("", text.strip(), count=1))
    if not text:
        raise ImageDecodeError("image data is empty")
    text += "=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImageDecodeError(f"image data is not valid base64: {exc}") from None


def safe_open_png(data: bytes, max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """Open PNG bytes as a fully loaded RGBA image, or raise ``ImageDecodeError``."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageDecodeError("image is not a PNG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            width, height = image.size
            if width <= 0 or height <= 0:
                raise ImageDecodeError("image has no pixels")
            if width * height > max_pixels:
                raise ImageDecodeError(
                    f"image too large: {width}x{height} exceeds {max_pixels} pixels"
                )
            image.load()
            return image.convert("RGBA")
    except ImageDecodeError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageDecodeError(f"image rejected as a decompression bomb: {exc}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageDecodeError(f"image could not be decoded: {exc}") from None
    except Exception as exc:  # Pillow raises assorted errors on hostile input
        raise ImageDecodeError(f"image could not be decoded: {type(exc).__name__}") from None


def _decode_rgba_bytes(payload: dict[str, Any], max_pixels: int) -> Image.Image:
    try:
        width, height = int(payload["width"]), int(payload["height"])
    except (KeyError, TypeError, ValueError):
        raise ImageDecodeError("rgba_bytes image needs integer width and height") from None
    if width <= 0 or height <= 0 or width * height > max_pixels:
        raise ImageDecodeError(f"rgba_bytes image has an unacceptable size {width}x{height}")
    raw = decode_base64(payload.get("base64"), max_chars=4 * ((width * height * 4 + 2) // 3) + 8)
    if len(raw) != width * height * 4:
        raise ImageDecodeError(
            f"rgba_bytes image has {len(raw)} bytes, expected {width * height * 4}"
        )
    return Image.frombytes("RGBA", (width, height), raw)


def _is_untyped_rgba(payload: dict[str, Any]) -> bool:
    """The RGBA wrapper ``{base64: <raw RGBA>, width, height}`` (no type, and not a PNG)."""
    if "type" in payload or "width" not in payload or "height" not in payload:
        return False
    text = payload.get("base64")
    return isinstance(text, str) and not _DATA_URL.sub("", text.strip()).startswith("iVBORw0KGgo")


def decode_image(
    obj: Any,
    *,
    expected_size: tuple[int, int] | None = None,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> Image.Image:
    """Decode any image shape the service sends into an RGBA PIL image.

    Accepts ``{"type": "base64", "base64", "format"?}`` (with or without a ``data:`` prefix),
    ``{"type": "rgba_bytes", "base64", "width", "height"}``, a bare base64 string, a
    ``Base64Image``, raw PNG bytes or an existing PIL image. ``expected_size`` is ``(w, h)``.
    """
    if isinstance(obj, Image.Image):
        image = obj.convert("RGBA") if obj.mode != "RGBA" else obj
    elif isinstance(obj, Base64Image):
        image = safe_open_png(decode_base64(obj.base64), max_pixels)
    elif isinstance(obj, bytes | bytearray):
        image = safe_open_png(bytes(obj), max_pixels)
    elif isinstance(obj, str):
        image = safe_open_png(decode_base64(obj), max_pixels)
    elif isinstance(obj, dict) and isinstance(obj.get("image"), dict | str):
        # a B64+size / B64+wh wrapper coming back: the image is inside
        return decode_image(obj["image"], expected_size=expected_size, max_pixels=max_pixels)
    elif isinstance(obj, dict):
        kind = obj.get("type", "base64")
        if kind == "rgba_bytes" or (kind == "base64" and _is_untyped_rgba(obj)):
            image = _decode_rgba_bytes(obj, max_pixels)
        elif kind in ("base64", None):
            fmt = obj.get("format")
            if fmt is not None and str(fmt).lower() != "png":
                raise ImageDecodeError(f"unsupported image format {fmt!r} (PNG expected)")
            image = safe_open_png(decode_base64(obj.get("base64")), max_pixels)
        else:
            raise ImageDecodeError(f"unknown image type {kind!r}")
    else:
        raise ImageDecodeError(f"expected an image object, got {type(obj).__name__}")
    if expected_size is not None and tuple(image.size) != tuple(expected_size):
        raise ImageDecodeError(
            f"image is {image.size[0]}x{image.size[1]}, expected "
            f"{expected_size[0]}x{expected_size[1]}"
        )
    return image


def _validate_pil(value: Any) -> Image.Image:
    try:
        return decode_image(value)
    except ImageDecodeError as exc:
        raise ValueError(exc.message) from None


def _serialize_pil(image: Image.Image) -> dict[str, Any]:
    return encode_image(image).model_dump()


PILImage = Annotated[
    Image.Image,
    PlainValidator(_validate_pil),
    PlainSerializer(_serialize_pil, return_type=dict),
]
"""A response field holding a decoded RGBA image; serialises back to a Base64Image dict."""
