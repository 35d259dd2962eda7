"""Palettes from pixels: exact colours, median cut and k-means in OKLab, octree (Pillow, in C).

Inputs are ``(N, 3)`` uint8 RGB samples (the caller drops transparent pixels). Big inputs are
summarised first by a 32-level-per-channel histogram that keeps each bin's *mean* colour and
count, so median cut and k-means work on at most 32,768 weighted points whatever the image
size. K-means starts from the median-cut palette, so it only ever improves on it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from PIL import Image

from .blas import single_blas_thread
from .oklab import nearest_indices, oklab_to_srgb, srgb_to_oklab

QuantizeMethod = Literal["kmeans", "median_cut", "octree"]
METHOD_LABELS: dict[str, str] = {
    "kmeans": "k-means in OKLab (best quality)",
    "median_cut": "Median cut",
    "octree": "Octree (fastest)",
}
MAX_PALETTE = 256
PILLOW_SAMPLE = 1 << 16
"""Pixels given to Pillow's octree (evenly strided); more adds time, not quality."""


def pack_rgb(rgb: np.ndarray) -> np.ndarray:
    """One uint32 per colour (``0x00RRGGBB``)."""
    rgb = rgb.astype(np.uint32)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def unpack_rgb(packed: np.ndarray) -> np.ndarray:
    packed = np.asarray(packed, dtype=np.uint32)
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], 1).astype(np.uint8)


def exact_colors(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct colours, most frequent first (ties by value), with their counts."""
    values, counts = np.unique(pack_rgb(rgb), return_counts=True)
    order = np.lexsort((values, -counts))
    return unpack_rgb(values[order]), counts[order]


def colour_histogram(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean colour (float, ``(M, 3)``) and pixel count of each non-empty 5-bit-per-channel bin."""
    bins = (rgb >> 3).astype(np.intp)
    keys = (bins[:, 0] << 10) | (bins[:, 1] << 5) | bins[:, 2]
    counts = np.bincount(keys, minlength=1 << 15)
    used = np.flatnonzero(counts)
    sums = np.stack([np.bincount(keys, weights=rgb[:, c], minlength=1 << 15)[used]
                     for c in range(3)], 1)
    return sums / counts[used, None], counts[used].astype(np.float64)


@single_blas_thread
def build_palette(rgb: np.ndarray, count: int, method: QuantizeMethod = "kmeans") -> np.ndarray:
    """At most ``count`` (1..256) colours for the samples ``rgb``, as ``(K, 3)`` uint8.

    When the samples hold no more than ``count`` distinct colours they are returned exactly.
    """
    if not 1 <= count <= MAX_PALETTE:
        raise ValueError(f"the colour count must be 1..{MAX_PALETTE}, got {count}")
    if method not in METHOD_LABELS:
        raise ValueError(f"unknown quantiser {method!r}; use one of {', '.join(METHOD_LABELS)}")
    rgb = np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8).reshape(-1, 3))
    if len(rgb) == 0:
        return np.zeros((0, 3), dtype=np.uint8)
    means, weights = colour_histogram(rgb)
    if len(means) <= count:
        colors, _ = exact_colors(rgb)
        if len(colors) <= count:
            return colors
    if method == "octree":
        return octree_palette(rgb, count)
    lab = srgb_to_oklab(np.clip(np.rint(means), 0, 255).astype(np.uint8)).astype(np.float64)
    centres = median_cut(lab, weights, count)
    if method == "kmeans":
        centres = kmeans(lab, weights, centres)
    return _distinct(oklab_to_srgb(centres))


def octree_palette(rgb: np.ndarray, count: int) -> np.ndarray:
    """Palette chosen by Pillow's fast octree quantiser on an even sample of the pixels."""
    step = max(1, len(rgb) // PILLOW_SAMPLE)
    sample = np.ascontiguousarray(rgb[::step])
    image = Image.fromarray(sample.reshape(1, -1, 3), "RGB")
    quantized = image.quantize(count, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    used = np.unique(np.asarray(quantized))
    flat = np.asarray(quantized.getpalette() or [], dtype=np.uint8).reshape(-1, 3)
    return _distinct(flat[used[used < len(flat)]])


def median_cut(lab: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray:
    """Weighted median cut in OKLab: split the box with the largest weighted variance at its
    weighted median along its widest axis, ``count - 1`` times; each box gives its mean."""
    boxes = [np.arange(len(lab))]
    scores = [_box_score(lab, weights, boxes[0])]
    while len(boxes) < count:
        best = int(np.argmax(scores))
        if scores[best] <= 0:
            break
        members = boxes.pop(best)
        scores.pop(best)
        for half in _split(lab, weights, members):
            boxes.append(half)
            scores.append(_box_score(lab, weights, half))
    return np.stack([np.average(lab[b], axis=0, weights=weights[b]) for b in boxes])


def _box_score(lab: np.ndarray, weights: np.ndarray, members: np.ndarray) -> float:
    if len(members) < 2:
        return 0.0
    pts, w = lab[members], weights[members]
    mean = np.average(pts, axis=0, weights=w)
    return float((w[:, None] * (pts - mean) ** 2).sum(axis=0).max())


def _split(lab: np.ndarray, weights: np.ndarray, members: np.ndarray) -> list[np.ndarray]:
    pts = lab[members]
    axis = int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))
    order = members[np.argsort(pts[:, axis], kind="stable")]
    cumulative = np.cumsum(weights[order])
    cut = int(np.searchsorted(cumulative, cumulative[-1] / 2.0))
    cut = min(max(cut, 1), len(order) - 1)
    return [order[:cut], order[cut:]]


def kmeans(lab: np.ndarray, weights: np.ndarray, centres: np.ndarray,
           iterations: int = 12) -> np.ndarray:
    """Weighted Lloyd iterations in OKLab from ``centres``; empty clusters keep their centre."""
    k = len(centres)
    for _ in range(iterations):
        index = nearest_indices(lab, centres)
        mass = np.bincount(index, weights=weights, minlength=k)
        sums = np.stack([np.bincount(index, weights=weights * lab[:, c], minlength=k)
                         for c in range(3)], 1)
        moved = np.where(mass[:, None] > 0, sums / np.maximum(mass, 1e-12)[:, None], centres)
        shift = float(np.abs(moved - centres).max())
        centres = moved
        if shift < 1e-4:
            break
    return centres


def _distinct(colors: np.ndarray) -> np.ndarray:
    """``colors`` without repeats, first occurrence kept."""
    _, first = np.unique(pack_rgb(colors), return_index=True)
    return colors[np.sort(first)]
