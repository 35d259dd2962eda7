"""Turn clipboard content (PNG bytes or an RGBA array) into pixels or a document."""

from __future__ import annotations

import numpy as np

from studio.core.document.document import Document
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.imaging import MAX_PIXELS, ImageDecodeError, decode_rgba


def image_from_clipboard(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    """RGBA (H, W, 4) uint8 pixels from PNG bytes or an (H, W, 3|4) uint8 array."""
    if isinstance(data, np.ndarray):
        if data.dtype != np.uint8 or data.ndim != 3 or data.shape[2] not in (3, 4):
            raise FileFormatError(
                f"clipboard image must be (H, W, 3|4) uint8, got {data.shape} {data.dtype}"
            )
        h, w = data.shape[:2]
        if h < 1 or w < 1 or h * w > MAX_PIXELS:
            raise FileFormatError(f"clipboard image of {w}x{h} pixels is empty or too large")
        if data.shape[2] == 4:
            return np.ascontiguousarray(data).copy()
        out = np.full((h, w, 4), 255, dtype=np.uint8)
        out[..., :3] = data
        return out
    try:
        return decode_rgba(bytes(data), formats=("PNG",))
    except ImageDecodeError as exc:
        raise FileFormatError(f"clipboard: {exc}") from None


def document_from_clipboard(data: bytes | bytearray | memoryview | np.ndarray,
                            name: str = "Pasted") -> Document:
    return Document.from_image(image_from_clipboard(data), name)
