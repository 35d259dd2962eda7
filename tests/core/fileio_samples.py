"""Builders for test files: animations in every format and hand-made broken PNGs."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image

COLOURS = [(255, 0, 0, 255), (0, 255, 0, 255), (0, 0, 255, 255), (250, 200, 10, 255)]


def frames(width: int = 6, height: int = 4, count: int = 3) -> list[np.ndarray]:
    """Distinct opaque frames with a few colours (exact in GIF's palette)."""
    out = []
    for i in range(count):
        img = np.zeros((height, width, 4), np.uint8)
        img[...] = COLOURS[i % len(COLOURS)]
        img[i % height, :] = COLOURS[(i + 1) % len(COLOURS)]
        out.append(img)
    return out


def animation_bytes(images: list[np.ndarray], fmt: str, durations: list[int]) -> bytes:
    pil = [Image.fromarray(img) for img in images]
    buf = io.BytesIO()
    extra = {"lossless": True} if fmt == "WEBP" else {}
    if fmt == "GIF":
        pil = [p.convert("RGB") for p in pil]
        extra = {"loop": 0, "disposal": 1}
    pil[0].save(buf, format=fmt, save_all=len(pil) > 1, append_images=pil[1:],
                duration=durations if len(pil) > 1 else durations[0], **extra)
    return buf.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_header(width: int, height: int) -> bytes:
    """A valid-looking RGBA PNG header claiming ``width`` x ``height`` with a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))
