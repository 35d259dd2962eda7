"""Tell the figure from its background, for sprites drawn on transparency or on a flat colour.

Skeleton estimation and the skeletal warp work on the figure only. On a transparent sprite the
figure is its opaque pixels. On an opaque sprite (Create's default output) the background is the
region of the border's common colours that is connected to the image border: a flood fill from
the border through pixels close to those colours, so same-coloured pixels enclosed by the figure
stay part of it.
"""

from __future__ import annotations

import numpy as np

from .inpaint import inpaint

BORDER_TRANSPARENT = 0.5
"""A sprite whose border is at least this much transparent is cut out by its alpha."""
COLOUR_TOLERANCE = 24
"""Largest per-channel difference from the border colour that still counts as background."""
BORDER_COLOUR_SHARE = 0.04
"""A colour covering this much of the border is a background colour (textured backgrounds)."""
MAX_BACKGROUND_COLOURS = 8
FLAT_SHARE = 0.97
"""A background this much of one colour is continued with that colour (no texture to copy)."""


def border_pixels(rgba: np.ndarray) -> np.ndarray:
    """The pixels of the one-pixel frame around the image, shape (N, 4)."""
    return np.concatenate([rgba[0], rgba[-1], rgba[1:-1, 0], rgba[1:-1, -1]])


def dominant_border_colour(rgba: np.ndarray) -> np.ndarray:
    """The most common RGB colour on the image border (ties: the lowest colour)."""
    colours, counts = np.unique(border_pixels(rgba)[:, :3], axis=0, return_counts=True)
    return colours[int(np.argmax(counts))]


def border_colours(rgba: np.ndarray, share: float = BORDER_COLOUR_SHARE) -> np.ndarray:
    """The RGB colours that each cover at least ``share`` of the border (most common first)."""
    colours, counts = np.unique(border_pixels(rgba)[:, :3], axis=0, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    keep = [i for i in order if counts[i] >= share * counts.sum()] or [int(order[0])]
    return colours[keep[:MAX_BACKGROUND_COLOURS]]


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
    pixels = rgba[..., :3].astype(np.int16)
    near = np.zeros(rgba.shape[:2], dtype=bool)
    for colour in border_colours(rgba).astype(np.int16):
        near |= (np.abs(pixels - colour) <= tolerance).all(axis=2)
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
    plate = rgba.copy()
    if not has_opaque_background(rgba) or not figure.any():
        plate[figure] = 0
        return plate
    colour = dominant_border_colour(rgba)
    if (rgba[~figure][:, :3] == colour).all(axis=1).mean() >= FLAT_SHARE:
        plate[figure, :3] = colour  # a flat backdrop (Create's own): continue it as it is
        plate[figure, 3] = 255
        return plate
    return inpaint(rgba, figure, seed=1)
