"""Palette order: by hue (greys first, by lightness) or by luminance, both measured in OKLab."""

from __future__ import annotations

from typing import Literal

import numpy as np

from .oklab import srgb_to_oklab

SortKey = Literal["hue", "luminance"]
GREY_CHROMA = 0.02
"""OKLab chroma below which a colour counts as grey for hue sorting."""


def sort_palette(colors: list[tuple[int, int, int, int]], key: SortKey) -> list[tuple[int, ...]]:
    """``colors`` reordered; the sort is stable so equal keys keep their order."""
    if not colors:
        return []
    lab = srgb_to_oklab(np.asarray(colors, dtype=np.uint8)[:, :3]).astype(np.float64)
    lightness = lab[:, 0]
    if key == "luminance":
        order = np.argsort(lightness, kind="stable")
    elif key == "hue":
        chroma = np.hypot(lab[:, 1], lab[:, 2])
        hue = np.round(np.degrees(np.arctan2(lab[:, 2], lab[:, 1])) % 360.0, 1)
        grey = chroma < GREY_CHROMA
        order = np.lexsort((lightness, np.where(grey, -1.0, hue), ~grey))
    else:
        raise ValueError(f"unknown sort key {key!r}; use 'hue' or 'luminance'")
    return [tuple(colors[i]) for i in order]
