"""Bounded, bomb-safe decoding of image files (PNG, APNG, GIF, WebP) and numpy conversions.

Files are untrusted: the format is whitelisted, the pixel count is checked from the header before
any pixel is decoded, Pillow's decompression-bomb warning is an error, and every Pillow failure
becomes one ``ImageDecodeError`` with a readable message.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from studio.core.fileio.errors import failure_reason

MAX_PIXELS = 4096 * 4096
"""Largest single frame (width * height) decoded from a file."""
MAX_TOTAL_PIXELS = 64 * 1024 * 1024
"""Largest sum of frame pixels for animations (about 256 MB of RGBA)."""
MAX_FRAMES = 2000
MAX_FILE_BYTES = 256 * 1024 * 1024
FILE_FORMATS: tuple[str, ...] = ("PNG", "GIF", "WEBP")
DEFAULT_DURATION_MS = 100

# Everything Pillow may raise on hostile bytes: besides its documented errors, damaged files
# have produced NotImplementedError, RuntimeError, KeyError and TypeError from plugin internals.
_PILLOW_ERRORS = (
    OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError,
    Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError,
    NotImplementedError, RuntimeError, KeyError, TypeError, AttributeError, OverflowError,
)


class ImageDecodeError(ValueError):
    """The bytes are not a readable image of an allowed format and size."""


def _damaged(exc: BaseException) -> ImageDecodeError:
    if isinstance(exc, MemoryError):
        return ImageDecodeError("there is not enough memory to decode the image")
    return ImageDecodeError(f"the image is damaged or truncated ({failure_reason(exc)})")


@contextmanager
def open_bounded(data: bytes, formats: tuple[str, ...] = FILE_FORMATS,
                 max_pixels: int = MAX_PIXELS) -> Iterator[Image.Image]:
    """Open ``data`` lazily after checking emptiness, format and header size."""
    if not data:
        raise ImageDecodeError("the file is empty (0 bytes)")
    if len(data) > MAX_FILE_BYTES:
        raise ImageDecodeError(f"the file is too big ({len(data)} bytes)")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(formats))
        except UnidentifiedImageError:
            raise ImageDecodeError(
                f"not a supported image (expected {', '.join(formats)})"
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageDecodeError("the image is too large to open safely") from None
        except _PILLOW_ERRORS as exc:
            raise _damaged(exc) from None
        with image:
            w, h = image.size
            if w < 1 or h < 1:
                raise ImageDecodeError(f"the image has no pixels ({w}x{h})")
            if w * h > max_pixels:
                raise ImageDecodeError(
                    f"the image is too large ({w}x{h} pixels; the limit is {max_pixels} pixels)"
                )
            yield image


def decode_frames(data: bytes, formats: tuple[str, ...] = FILE_FORMATS,
                  max_pixels: int = MAX_PIXELS) -> list[tuple[np.ndarray, int]]:
    """All frames of an image file as ``(rgba (H, W, 4) uint8, duration_ms)``."""
    frames: list[tuple[np.ndarray, int]] = []
    with open_bounded(data, formats, max_pixels) as image:
        w, h = image.size
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                count = getattr(image, "n_frames", 1)
                if count > MAX_FRAMES or count * w * h > MAX_TOTAL_PIXELS:
                    raise ImageDecodeError(
                        f"the animation is too large ({count} frames of {w}x{h})"
                    )
                for frame in ImageSequence.Iterator(image):
                    rgba = pil_to_rgba(frame)  # decode first: WebP sets the duration on load
                    duration = int(frame.info.get("duration") or 0) or DEFAULT_DURATION_MS
                    if rgba.shape[:2] != (h, w):
                        raise ImageDecodeError("the animation's frames differ in size")
                    frames.append((rgba, duration))
            except ImageDecodeError:
                raise
            except _PILLOW_ERRORS as exc:
                raise _damaged(exc) from None
    return frames


def decode_rgba(data: bytes, formats: tuple[str, ...] = FILE_FORMATS,
                max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """The first frame of an image as RGBA (H, W, 4) uint8."""
    with open_bounded(data, formats, max_pixels) as image, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return pil_to_rgba(image)
        except _PILLOW_ERRORS as exc:
            raise _damaged(exc) from None


def decode_gray(data: bytes, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """A PNG as a single channel (H, W) uint8 (masks)."""
    with open_bounded(data, ("PNG",), max_pixels) as image:
        try:
            return np.asarray(image.convert("L"), dtype=np.uint8).copy()
        except _PILLOW_ERRORS as exc:
            raise _damaged(exc) from None


def pil_to_rgba(image: Image.Image) -> np.ndarray:
    """A PIL image of any mode as a contiguous RGBA (H, W, 4) uint8 array."""
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    return np.array(image, dtype=np.uint8)


def rgba_to_pil(pixels: np.ndarray) -> Image.Image:
    if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
        raise ValueError(f"expected an (H, W, 4) uint8 array, got {pixels.shape} {pixels.dtype}")
    return Image.fromarray(np.ascontiguousarray(pixels))


def encode_png(pixels: np.ndarray, compress_level: int = 6) -> bytes:
    """PNG bytes of an RGBA (H, W, 4) or grey (H, W) uint8 array."""
    if pixels.ndim == 2:
        image = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8))
    else:
        image = rgba_to_pil(pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()
