"""Classical inpainting that only reuses colours already present around the hole."""

from __future__ import annotations

import numpy as np

from .common import NEIGHBOURS_8, shift
from .palette import quantize


def inpaint(
    rgba: np.ndarray,
    mask: np.ndarray,
    seed: int,
    palette: np.ndarray | None = None,
) -> np.ndarray:
    """Fill ``mask`` (True = regenerate) by diffusing known pixels inwards from the mask border.

    Each step, every unknown pixel that touches a known one copies a randomly chosen (seeded)
    known 8-neighbour, so the fill is textured like its surroundings and uses no new colours.
    ``palette`` (from a ``color_image``) re-maps the filled pixels only. Pixels outside the mask
    are returned unchanged. With nothing known (an all-white mask) the image is returned as is.
    """
    out = rgba.copy()
    hole = mask.astype(bool)
    if not hole.any() or hole.all():
        return out
    # work on the hole's bounding box plus a one pixel ring: nothing further away is ever read
    rows = np.nonzero(hole.any(axis=1))[0]
    cols = np.nonzero(hole.any(axis=0))[0]
    box = (slice(max(0, rows[0] - 1), rows[-1] + 2), slice(max(0, cols[0] - 1), cols[-1] + 2))
    out[box] = _diffuse(rgba[box], hole[box], seed)
    if palette is not None and len(palette):
        remapped = quantize(out[box], palette)
        out[box][hole[box]] = remapped[hole[box]]
    return out


def _diffuse(rgba: np.ndarray, hole: np.ndarray, seed: int) -> np.ndarray:
    out = rgba.copy()
    known = ~hole
    rng = np.random.default_rng(seed)
    while not known.all():
        best_score = np.full(known.shape, -1.0)
        best_value = np.zeros_like(out)
        scores = rng.random((len(NEIGHBOURS_8),) + known.shape)
        for index, (dy, dx) in enumerate(NEIGHBOURS_8):
            neighbour_known = shift(known, dy, dx, False)
            score = np.where(neighbour_known, scores[index], -1.0)
            better = score > best_score
            best_score = np.where(better, score, best_score)
            best_value[better] = shift(out, dy, dx, 0)[better]
        frontier = ~known & (best_score >= 0)
        if not frontier.any():
            break
        out[frontier] = best_value[frontier]
        known = known | frontier
    return out
