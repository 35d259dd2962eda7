"""Palette extraction (median cut) and nearest-colour quantisation."""

from __future__ import annotations

import numpy as np

_CHUNK = 65536


def unique_colours(rgba: np.ndarray) -> np.ndarray:
    """Distinct RGB colours of the opaque pixels, shape (N, 3) uint8, sorted."""
    opaque = rgba[..., 3] > 0
    if not opaque.any():
        return np.zeros((0, 3), dtype=np.uint8)
    return np.unique(rgba[opaque][:, :3], axis=0)


def median_cut(colours: np.ndarray, count: int) -> np.ndarray:
    """Reduce an (N, 3) colour list to at most ``count`` representative colours.

    Repeatedly splits the box with the widest channel range at that channel's median, then
    takes the mean of each box. Deterministic.
    """
    colours = np.asarray(colours, dtype=np.int32).reshape(-1, 3)
    if len(colours) == 0:
        return np.zeros((0, 3), dtype=np.uint8)
    boxes = [colours]
    while len(boxes) < count:
        spans = [int(np.ptp(b, axis=0).max()) if len(b) > 1 else -1 for b in boxes]
        index = int(np.argmax(spans))
        if spans[index] <= 0:
            break
        box = boxes.pop(index)
        channel = int(np.argmax(np.ptp(box, axis=0)))
        order = np.argsort(box[:, channel], kind="stable")
        half = len(box) // 2
        boxes.extend([box[order[:half]], box[order[half:]]])
    means = [np.rint(b.mean(axis=0)) for b in boxes]
    result = np.unique(np.array(means, dtype=np.int32), axis=0)
    return result.astype(np.uint8)


def palette_of(rgba: np.ndarray, max_colours: int = 16) -> np.ndarray:
    """The image's own colours if few, otherwise a median-cut palette of them (pixel-weighted)."""
    colours = unique_colours(rgba)
    if len(colours) <= max_colours:
        return colours
    opaque = rgba[..., 3] > 0
    return median_cut(rgba[opaque][:, :3], max_colours)


def quantize(rgba: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Map each opaque pixel to its nearest palette colour (alpha is kept)."""
    if len(palette) == 0:
        return rgba.copy()
    flat = rgba.reshape(-1, 4)
    out = flat.copy()
    pal = palette.astype(np.int32)
    for start in range(0, len(flat), _CHUNK):
        block = flat[start : start + _CHUNK, :3].astype(np.int32)
        dist = ((block[:, None, :] - pal[None, :, :]) ** 2).sum(axis=2)
        out[start : start + _CHUNK, :3] = palette[np.argmin(dist, axis=1)]
    return out.reshape(rgba.shape)
