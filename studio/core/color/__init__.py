"""Colour control: OKLab, palette building, remapping, dithering, colour reduction, palette order.

What lives here: ``oklab`` (sRGB <-> OKLab, nearest colour), ``quantize`` (exact colours, median
cut and k-means in OKLab, octree), ``remap`` (nearest palette colour with none / Bayer /
Floyd-Steinberg dithering), ``reduce`` (alpha snap, one shared palette for many frames),
``sorting`` (hue / luminance order), ``blas`` (one BLAS thread for the thin matrix products).
Palette *files* (.gpl, .hex, JASC .pal, Paint.NET .txt) are file I/O: ``studio.core.fileio``.

May import: nothing else of ``studio.core`` (numpy, Pillow and threadpoolctl only).
Colours are uint8 arrays or ``(r, g, b, a)`` tuples; images are ``(H, W, 4)`` uint8 RGBA arrays.
"""

from __future__ import annotations

from .oklab import nearest_indices, oklab_to_srgb, srgb_to_oklab
from .quantize import METHOD_LABELS, QuantizeMethod, build_palette
from .reduce import (
    ReduceOptions,
    ReduceResult,
    count_colors,
    palette_of,
    reduce_frames,
    snap_alpha,
)
from .remap import DITHER_LABELS, Dither, bayer_matrix, remap_pixels
from .sorting import SortKey, sort_palette

__all__ = [
    "DITHER_LABELS", "METHOD_LABELS", "Dither", "QuantizeMethod", "ReduceOptions",
    "ReduceResult", "SortKey", "bayer_matrix", "build_palette", "count_colors",
    "nearest_indices", "oklab_to_srgb", "palette_of", "reduce_frames", "remap_pixels",
    "snap_alpha", "sort_palette", "srgb_to_oklab",
]
