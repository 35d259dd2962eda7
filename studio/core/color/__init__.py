"""Colour control: OKLab, palette files, palette building, remapping, dithering, colour reduction.

What lives here: ``oklab`` (sRGB <-> OKLab, nearest colour), ``palette_files`` (.gpl, .hex,
JASC .pal, Paint.NET .txt), ``quantize`` (exact colours, median cut, octree, k-means in OKLab),
``remap`` (nearest palette colour with none / Bayer / Floyd-Steinberg dithering), ``reduce``
(alpha snap, one shared palette for many frames), ``sorting`` (hue / luminance order) and
``builtin`` (the palettes shipped in ``studio/resources/palettes``).

It may import numpy, Pillow, ``studio.core.palette`` and ``studio.core.fileio``; never Qt,
``studio.ui``, ``studio.api`` or ``studio.offline``. Colours are uint8 arrays or ``(r, g, b, a)``
tuples; images are ``(H, W, 4)`` uint8 RGBA arrays.
"""

from __future__ import annotations

from .oklab import nearest_indices, oklab_to_srgb, srgb_to_oklab
from .palette_files import (
    FILE_FILTER,
    PALETTE_SUFFIXES,
    format_palette,
    load_palette_file,
    parse_palette_text,
    save_palette_file,
)
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
    "DITHER_LABELS", "FILE_FILTER", "METHOD_LABELS", "PALETTE_SUFFIXES", "Dither",
    "QuantizeMethod", "ReduceOptions", "ReduceResult", "SortKey", "bayer_matrix",
    "build_palette", "count_colors", "format_palette", "load_palette_file", "nearest_indices",
    "oklab_to_srgb", "palette_of", "parse_palette_text", "reduce_frames", "remap_pixels",
    "save_palette_file", "snap_alpha", "sort_palette", "srgb_to_oklab",
]
