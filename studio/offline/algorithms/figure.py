"""Tell the figure from its background, for sprites drawn on transparency or on a flat colour.

Skeleton estimation and the skeletal warp work on the figure only. On a transparent sprite the
figure is its opaque pixels. On an opaque sprite (Create's default output) the background is the
region of the dominant border colour that is connected to the image border: a flood fill from the
border through pixels close to that colour, so same-coloured pixels enclosed by the figure stay
part of it.
"""

from __future__ import annotations

import numpy as np

from .inpaint import inpaint

BORDER_TRANSPARENT = 0.5
"""A sprite whose border is at least this much transparent is cut out by its alpha."""
COLOUR_TOLERANCE = 24
"""Largest per-channel difference from the border colour that still counts as background."""


def border_pixels(rgba: np.ndarray) -> np.ndarray:
    """The pixels of the one-pixel frame around the image, shape (N, 4)."""
    return np.concatenate([rgba[0], rgba[-1], rgba[1:-1, 0], rgba[1:-1, -1]])


def dominant_border_colour(rgba: np.ndarray) -> np.ndarray:
    """The most common RGB colour on the image border (ties: the lowest colour)."""
    colours, counts = np.unique(border_pixels(rgba)[:, :3], axis=0, return_counts=True)
    return colours[int(np.argmax(counts))]


def has_opaque_background(rgba: np.ndarray) -> bool:
    return (border_pixels(rgba)[:, 3] == 0).mean() < BORDER_TRANSPARENT


def flood_from_border(candidates: np.ndarray) -> np.ndarray:
    """The ``candidates`` pixels reachable from the image border through candidates (4-way).

    Alternating row and column passes: a run of consecutive candidates is reached as a whole
    when any of its pixels is, so the fill needs about as many passes as its path has turns.
    """
    reached = np.zeros_like(candidates)
    reached[[0, -1], :] = candidates[[0, -1], :]
    reached[:, [0, -1]] |= candidates[:, [0, -1]]
    while True:
        grown = _spread_runs(_spread_runs(reached, candidates), candidates.T.copy(), True)
        if (grown == reached).all():
            return reached
        reached = grown


def _spread_runs(reached: np.ndarray, candidates: np.ndarray, transposed: bool = False
                 ) -> np.ndarray:
    """Reach every horizontal run of candidates that holds a reached pixel."""
    if transposed:
        reached = reached.T
    width = candidates.shape[1]
    runs = np.cumsum(~candidates, axis=1) + np.arange(len(candidates))[:, None] * (width + 1)
    hit = np.zeros(runs.max() + 1, dtype=bool)
    hit[runs[reached & candidates]] = True
    grown = candidates & hit[runs]
    return grown.T if transposed else grown


def figure_mask(rgba: np.ndarray, tolerance: int = COLOUR_TOLERANCE) -> np.ndarray:
    """True where the figure is: opaque pixels that are not the border-connected background."""
    opaque = rgba[..., 3] > 0
    if not has_opaque_background(rgba):
        return opaque
    colour = dominant_border_colour(rgba).astype(np.int16)
    near = (np.abs(rgba[..., :3].astype(np.int16) - colour) <= tolerance).all(axis=2)
    background = flood_from_border(near & opaque) | ~opaque
    figure = ~background
    return figure if figure.any() else opaque


def figure_bbox(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of a mask's True pixels, or None when it has none."""
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def background_plate(rgba: np.ndarray, figure: np.ndarray) -> np.ndarray:
    """The image without its figure: transparent there, or on an opaque background the
    background continued into the figure's place (what a moved limb uncovers)."""
    if not has_opaque_background(rgba) or not figure.any():
        plate = rgba.copy()
        plate[figure] = 0
        return plate
    return inpaint(rgba, figure, seed=1)
