"""Animated GIF and APNG export with per-frame durations at any integer scale (nearest)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from studio.core.exporters.gif import encode_gif
from studio.core.exporters.sheet import ExportError, check_frames, write_export

MAX_OUTPUT_PIXELS = 4096 * 4096


def scale_nearest(rgba: np.ndarray, scale: int) -> np.ndarray:
    """Each pixel becomes a ``scale`` x ``scale`` block."""
    if scale == 1:
        return rgba
    return np.repeat(np.repeat(rgba, scale, axis=0), scale, axis=1)


def _check(frames: Sequence[np.ndarray], durations: Sequence[int], scale: int) -> None:
    w, h = check_frames(frames)
    if not isinstance(scale, int) or scale < 1:
        raise ExportError(f"scale must be an integer >= 1, got {scale!r}")
    if w * h * scale * scale > MAX_OUTPUT_PIXELS:
        raise ExportError(f"{w}x{h} at {scale}x is too large to export")
    if len(durations) != len(frames):
        raise ExportError(f"{len(frames)} frames but {len(durations)} durations")
    if any(int(d) <= 0 for d in durations):
        raise ExportError("every frame duration must be a positive number of ms")


def _prepare(frames: Sequence[np.ndarray], durations: Sequence[int], scale: int):
    _check(frames, durations, scale)
    return [Image.fromarray(scale_nearest(f, scale), "RGBA") for f in frames]


def gif_bytes(frames: Sequence[np.ndarray], durations: Sequence[int], scale: int = 1,
              loop: int = 0) -> bytes:
    """An animated GIF with every frame (held ones too). GIF stores centiseconds, so durations
    round to 10 ms; alpha is 1-bit (alpha < 128 becomes transparent). Exact with at most 255
    opaque colours across the frames; see :mod:`studio.core.exporters.gif`."""
    _check(frames, durations, scale)
    return encode_gif(frames, durations, scale, loop)


def apng_bytes(frames: Sequence[np.ndarray], durations: Sequence[int], scale: int = 1,
               loop: int = 0) -> bytes:
    """An animated PNG with exact per-frame durations and full alpha."""
    images = _prepare(frames, durations, scale)
    out = io.BytesIO()
    images[0].save(out, "PNG", save_all=True, append_images=images[1:],
                   duration=[int(d) for d in durations], loop=loop, disposal=1, blend=0,
                   default_image=False)
    return out.getvalue()


def save_gif(path: Path | str, frames, durations, scale: int = 1, loop: int = 0) -> None:
    write_export(path, gif_bytes(frames, durations, scale, loop))


def save_apng(path: Path | str, frames, durations, scale: int = 1, loop: int = 0) -> None:
    write_export(path, apng_bytes(frames, durations, scale, loop))
