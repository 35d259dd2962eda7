"""Animated GIF writer that keeps every frame and every colour it can.

Pillow's GIF writer merges identical consecutive frames (a held frame vanishes and its time is
added to the one before) and quantises each frame on its own, so close colours collapse. Here
the container is written directly: one global palette built from the colours of all frames,
one palette index kept for transparency, and one image block per frame with its own delay.
Pillow is used only to LZW-encode each indexed frame.

With at most 255 opaque colours across the frames the GIF is exact; above that the colours
are reduced once for the whole animation (median cut on all opaque pixels, refined with
k-means, no dithering) and :func:`gif_colour_note` says so.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence

import numpy as np
from PIL import GifImagePlugin, Image

MAX_EXACT_COLOURS = 255  # GIF palettes hold 256 entries; one is transparency
ALPHA_CUTOFF = 128  # GIF alpha is 1-bit: below this a pixel is transparent


def _packed_rgb(rgba: np.ndarray) -> np.ndarray:
    rgb = rgba[..., :3].astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def opaque_colours(frames: Sequence[np.ndarray]) -> np.ndarray:
    """Sorted distinct 0xRRGGBB values of the pixels a GIF shows as opaque."""
    parts = [_packed_rgb(f)[f[..., 3] >= ALPHA_CUTOFF] for f in frames]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint32)


def gif_colour_note(frames: Sequence[np.ndarray]) -> str | None:
    """A sentence for the user when the GIF cannot hold every colour exactly, else None."""
    count = len(opaque_colours(frames))
    if count <= MAX_EXACT_COLOURS:
        return None
    return (f"The animation uses {count} colours but a GIF holds at most {MAX_EXACT_COLOURS} "
            "plus transparency, so similar colours were merged. Export APNG to keep them all.")


def _exact_indices(frames: Sequence[np.ndarray], colours: np.ndarray) -> list[np.ndarray]:
    return [np.searchsorted(colours, _packed_rgb(f)).astype(np.uint8) for f in frames]


def _quantised_indices(frames: Sequence[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """One 255-colour palette for all frames and each frame's indices into it."""
    opaque = np.concatenate([f[..., :3][f[..., 3] >= ALPHA_CUTOFF] for f in frames])
    strip = Image.fromarray(opaque.reshape(1, -1, 3), "RGB")
    reduced = strip.quantize(MAX_EXACT_COLOURS, Image.Quantize.MEDIANCUT, kmeans=2,
                             dither=Image.Dither.NONE)
    palette = np.array(reduced.getpalette()[: 3 * MAX_EXACT_COLOURS], np.uint32).reshape(-1, 3)
    colours = (palette[:, 0] << 16) | (palette[:, 1] << 8) | palette[:, 2]
    indices = [np.asarray(Image.fromarray(np.ascontiguousarray(f[..., :3]), "RGB").quantize(
        palette=reduced, dither=Image.Dither.NONE)) for f in frames]
    return colours, indices


def _palette_bits(entries: int) -> int:
    """GIF's size field: the table holds 2 ** (bits + 1) entries."""
    bits = 0
    while (1 << (bits + 1)) < entries:
        bits += 1
    return bits


def _header(width: int, height: int, colours: np.ndarray, loop: int) -> bytes:
    bits = _palette_bits(len(colours) + 1)
    table = np.zeros((1 << (bits + 1), 3), np.uint8)
    table[: len(colours), 0] = (colours >> 16) & 255
    table[: len(colours), 1] = (colours >> 8) & 255
    table[: len(colours), 2] = colours & 255
    screen = struct.pack("<HHBBB", width, height, 0x80 | 0x70 | bits, len(colours), 0)
    looping = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00"
    return b"GIF89a" + screen + table.tobytes() + looping


def encode_gif(frames: Sequence[np.ndarray], durations: Sequence[int], scale: int,
               loop: int) -> bytes:
    """Frames are checked RGBA uint8 arrays of one size; durations are ms (GIF keeps 10 ms)."""
    colours = opaque_colours(frames)
    if len(colours) <= MAX_EXACT_COLOURS:
        indices = _exact_indices(frames, colours)
    else:
        colours, indices = _quantised_indices(frames)
    transparent = len(colours)
    out = io.BytesIO()
    height, width = frames[0].shape[:2]
    out.write(_header(width * scale, height * scale, colours, loop))
    for frame, index, duration in zip(frames, indices, durations, strict=True):
        index = np.where(frame[..., 3] >= ALPHA_CUTOFF, index, transparent).astype(np.uint8)
        if scale > 1:
            index = np.repeat(np.repeat(index, scale, axis=0), scale, axis=1)
        image = Image.fromarray(index, "P")
        for chunk in GifImagePlugin.getdata(image, duration=max(10, round(int(duration), -1)),
                                            disposal=2, transparency=transparent):
            out.write(chunk)
    out.write(b";")
    return out.getvalue()
