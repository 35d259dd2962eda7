"""Reduce colours of one frame or of many frames sharing one palette (the dialog's engine).

``reduce_frames`` snaps alpha (optional), builds one palette from every frame's visible pixels
(or takes a given palette), then remaps each frame with the chosen dithering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .blas import single_blas_thread
from .quantize import MAX_PALETTE, QuantizeMethod, build_palette
from .remap import Dither, palette_indices


@dataclass(frozen=True)
class ReduceOptions:
    count: int = 16
    """Target number of colours (2..256); ignored when ``palette`` is given."""
    method: QuantizeMethod = "kmeans"
    dither: Dither = "none"
    alpha_threshold: int | None = 128
    """Alpha at or above this becomes 255, below it 0; ``None`` keeps alpha as it is."""
    palette: tuple[tuple[int, int, int, int], ...] | None = None
    """Map to these colours instead of building a palette."""


@dataclass(frozen=True)
class ReduceResult:
    frames: list[np.ndarray]
    palette: np.ndarray
    """``(K, 4)`` uint8, opaque colours, most used first when built here."""


def snap_alpha(rgba: np.ndarray, threshold: int) -> np.ndarray:
    """Copy with alpha 255 where alpha >= ``threshold`` and fully clear (0,0,0,0) elsewhere."""
    if not 1 <= threshold <= 255:
        raise ValueError(f"the alpha threshold must be 1..255, got {threshold}")
    out = rgba.copy()
    solid = rgba[..., 3] >= threshold
    out[..., 3] = np.where(solid, 255, 0)
    out[~solid] = 0
    return out


def visible_rgb(frames: Sequence[np.ndarray]) -> np.ndarray:
    """RGB of every visible pixel of every frame, ``(N, 3)`` uint8."""
    parts = [f[f[..., 3] > 0][:, :3] for f in frames]
    return np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.uint8)


def palette_of(frames: Sequence[np.ndarray], max_colors: int = MAX_PALETTE,
               method: QuantizeMethod = "kmeans") -> np.ndarray:
    """Palette of the frames' visible pixels: exact when it fits ``max_colors``, else quantised."""
    rgb = visible_rgb(frames)
    return _with_alpha(build_palette(rgb, max_colors, method))


def count_colors(frames: Sequence[np.ndarray]) -> int:
    """Number of distinct visible colours over all frames (alpha counts as part of a colour)."""
    visible = [f[f[..., 3] > 0] for f in frames]
    if not visible or not sum(len(v) for v in visible):
        return 0
    packed = np.concatenate([np.ascontiguousarray(v).view(np.uint32).ravel() for v in visible])
    return int(len(np.unique(packed)))


@single_blas_thread
def reduce_frames(frames: Sequence[np.ndarray], options: ReduceOptions) -> ReduceResult:
    """New frames whose visible pixels use one palette shared by all of them."""
    if options.palette is None and not 2 <= options.count <= MAX_PALETTE:
        raise ValueError(f"the colour count must be 2..{MAX_PALETTE}, got {options.count}")
    threshold = options.alpha_threshold
    prepared = [snap_alpha(f, threshold) if threshold is not None and _soft_alpha(f) else f
                for f in frames]
    if options.palette is not None:
        palette = np.asarray(options.palette, dtype=np.uint8).reshape(-1, 4)
    else:
        palette = _with_alpha(build_palette(visible_rgb(prepared), options.count, options.method))
    if len(palette) == 0:
        return ReduceResult([f.copy() for f in prepared], palette)
    out, usage = [], np.zeros(len(palette), dtype=np.int64)
    for frame in prepared:
        index = palette_indices(frame, palette, options.dither)
        visible = index >= 0
        mapped = frame.copy()
        mapped[visible, :3] = palette[index[visible], :3]
        out.append(mapped)
        usage += np.bincount(index[visible], minlength=len(palette))
    if options.palette is None:  # drop unused colours, most used first
        palette = palette[np.argsort(-usage, kind="stable")][:int((usage > 0).sum())]
    return ReduceResult(out, palette)


def _soft_alpha(frame: np.ndarray) -> bool:
    alpha = frame[..., 3]
    return not bool(((alpha == 0) | (alpha == 255)).all())


def _with_alpha(rgb: np.ndarray) -> np.ndarray:
    return np.concatenate([rgb, np.full((len(rgb), 1), 255, np.uint8)], axis=1)
