"""The 64x64 reference image of animate-with-text, taken from a sprite of any size.

Two ways, each reported with a note for the UI:
* ``"scale"``: nearest-neighbour scaling by the largest whole factor that fits (or, for a
  sprite larger than 64 px, scaled down to fit), centred on a transparent 64x64 canvas;
* ``"crop"``: a 64x64 window centred on the sprite's opaque pixels (kept inside the image),
  padded with transparency when the sprite is smaller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from studio.core.painting.mask import bbox

SIZE = 64
MODES = ("scale", "crop")


@dataclass(frozen=True)
class Reference:
    pixels: np.ndarray  # (64, 64, 4) uint8
    note: str  # "" when the sprite was used as is


def make_reference(rgba: np.ndarray, mode: str = "scale", size: int = SIZE) -> Reference:
    """A ``size`` x ``size`` reference from ``rgba`` (see the module docstring)."""
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"expected (H, W, 4) uint8 pixels, got {rgba.shape} {rgba.dtype}")
    h, w = rgba.shape[:2]
    if (w, h) == (size, size):
        return Reference(rgba.copy(), "")
    if mode == "scale":
        return _scaled(rgba, size)
    if mode == "crop":
        return _cropped(rgba, size)
    raise ValueError(f"unknown reference mode {mode!r}; use 'scale' or 'crop'")


def _place(pixels: np.ndarray, size: int) -> tuple[np.ndarray, int, int]:
    out = np.zeros((size, size, 4), np.uint8)
    h, w = pixels.shape[:2]
    x, y = (size - w) // 2, (size - h) // 2
    out[y: y + h, x: x + w] = pixels
    return out, x, y


def _scaled(rgba: np.ndarray, size: int) -> Reference:
    h, w = rgba.shape[:2]
    if w <= size and h <= size:
        factor = min(size // w, size // h)
        big = np.repeat(np.repeat(rgba, factor, axis=0), factor, axis=1)
        out, _, _ = _place(big, size)
        how = f"scaled {factor}x to {w * factor}x{h * factor}" if factor > 1 else "kept at 1x"
        return Reference(out, f"The {w}x{h} sprite was {how} and centred on 64x64.")
    ratio = size / max(w, h)
    nw, nh = max(1, math.floor(w * ratio)), max(1, math.floor(h * ratio))
    small = np.asarray(Image.fromarray(rgba, "RGBA").resize((nw, nh), Image.Resampling.NEAREST))
    out, _, _ = _place(small, size)
    return Reference(out, f"The {w}x{h} sprite was scaled down to {nw}x{nh} (detail is lost) "
                          "and centred on 64x64; use Crop to keep the pixels as they are.")


def _cropped(rgba: np.ndarray, size: int) -> Reference:
    h, w = rgba.shape[:2]
    box = bbox(rgba[..., 3]) or (0, 0, w, h)
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    x = 0 if w <= size else min(max(int(round(cx - size / 2)), 0), w - size)
    y = 0 if h <= size else min(max(int(round(cy - size / 2)), 0), h - size)
    part = rgba[y: y + min(size, h), x: x + min(size, w)]
    out, px, py = _place(part, size)
    if w <= size and h <= size:
        return Reference(out, f"The {w}x{h} sprite was centred on 64x64 without scaling.")
    return Reference(out, f"The {w}x{h} sprite is larger than 64x64: the 64x64 part at "
                          f"({x}, {y}) around the opaque pixels is sent.")
