"""Turn any picture into pixel art: downsample, binary alpha, palette reduction, outline."""

from __future__ import annotations

import numpy as np
from PIL import Image

from .colors import darkest
from .common import NEIGHBOURS_4, add_outline, shift, to_binary_alpha
from .palette import palette_of, quantize, unique_colours

DETAIL_COLOURS = {"low detail": 6, "medium detail": 10, "highly detailed": 16, "high detail": 16}


def resample(rgba: np.ndarray, width: int, height: int) -> np.ndarray:
    """Area-average resize in premultiplied alpha, so transparent pixels do not bleed colour."""
    image = Image.fromarray(rgba, "RGBA")
    if image.size == (width, height):
        return rgba.copy()
    small = image.convert("RGBa").resize((width, height), Image.Resampling.BOX).convert("RGBA")
    return np.asarray(small, dtype=np.uint8).copy()


def background_mask(rgba: np.ndarray, tolerance: int = 40) -> np.ndarray:
    """Pixels connected to the border whose colour is close to the most common border colour."""
    h, w = rgba.shape[:2]
    border = np.concatenate([rgba[0], rgba[-1], rgba[:, 0], rgba[:, -1]])[:, :3].astype(np.int32)
    values, counts = np.unique(border, axis=0, return_counts=True)
    key = values[int(np.argmax(counts))]
    similar = np.abs(rgba[..., :3].astype(np.int32) - key).sum(axis=2) <= tolerance
    similar |= rgba[..., 3] == 0
    region = np.zeros((h, w), dtype=bool)
    region[[0, -1], :] = similar[[0, -1], :]
    region[:, [0, -1]] |= similar[:, [0, -1]]
    while True:
        grown = region.copy()
        for dy, dx in NEIGHBOURS_4:
            grown |= shift(region, dy, dx, False)
        grown &= similar
        if (grown == region).all():
            return region
        region = grown


def pixelate(
    source: np.ndarray,
    width: int,
    height: int,
    *,
    palette: np.ndarray | None = None,
    detail: str | None = None,
    outline: str | None = None,
    no_background: bool = False,
) -> np.ndarray:
    """Pixelate ``source`` to ``width`` x ``height`` and reduce it to a small palette.

    ``palette`` (N, 3) forces the colours (e.g. from a ``color_image``); otherwise a palette of
    6-16 colours (by ``detail``) is chosen from the image by median cut.
    """
    small = to_binary_alpha(resample(source, width, height))
    if no_background and (small[..., 3] == 255).all():
        small[background_mask(small)] = 0
    if palette is None or len(palette) == 0:
        palette = palette_of(small, DETAIL_COLOURS.get(detail or "", 12))
    result = quantize(small, palette)
    result[result[..., 3] == 0, :3] = 0
    if outline and outline != "lineless" and (result[..., 3] == 0).any():
        colours = unique_colours(result)
        result = add_outline(result, outline, darkest(colours) if len(colours) else (0, 0, 0))
    if not no_background and (result[..., 3] == 0).any():
        result = fill_background(result, palette)
    return result


def fill_background(rgba: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Put the lightest palette colour behind transparent pixels (an opaque, "blank" canvas)."""
    out = rgba.copy()
    lum = palette.astype(np.int32) @ np.array([299, 587, 114])
    light = palette[int(np.argmax(lum))] if len(palette) else np.array([255, 255, 255])
    clear = out[..., 3] == 0
    out[clear, :3] = light
    out[clear, 3] = 255
    return out
