"""Approximate rotations of a sprite the engine did not draw: mirror, symmetry and squeeze.

A figure is folded onto the right-facing half of the compass (west-facing views are mirrored),
turned into a front and a back view (a side view's near half mirrored onto its far half gives
a symmetric front; its far half gives the back, with single-pixel face details removed), and
from those the asked view is made by squeezing the far half of the body more than the near
half. Figures on an opaque background are cut out first and put back on their background.
"""

from __future__ import annotations

import numpy as np

from .figure import background_plate, figure_mask, has_opaque_background

COMPASS = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
           "south-west")
VIEW_ORDER = ("side", "low top-down", "high top-down")
# folded direction (0 front .. 4 back) -> (near half width, far half width) relative to front
TURN = {0: (1.0, 1.0), 1: (0.92, 0.68), 2: (0.78, 0.42), 3: (0.92, 0.68), 4: (1.0, 1.0)}


def fold(direction: str) -> tuple[int, bool]:
    """(0 front, 1 front three-quarter, 2 side, 3 back three-quarter, 4 back; mirrored?)."""
    index = COMPASS.index(direction)
    return (index, False) if index <= 4 else (8 - index, True)


def turned_direction(direction: str, degrees: int) -> str:
    """The compass direction ``degrees`` clockwise (seen from above) from ``direction``."""
    steps = round(degrees / 45)
    return COMPASS[(COMPASS.index(direction) - steps) % 8]


def centre_column(mask: np.ndarray) -> float:
    cols = np.nonzero(mask.any(axis=0))[0]
    return (cols[0] + cols[-1] + 1) / 2 if len(cols) else mask.shape[1] / 2


def squeeze(rgba: np.ndarray, centre: float, right: float, left: float) -> np.ndarray:
    """Scale the columns right of ``centre`` by ``right`` and those left of it by ``left``."""
    w = rgba.shape[1]
    xs = np.arange(w) + 0.5
    offset = xs - centre
    source = centre + np.where(offset >= 0, offset / right, offset / left)
    cols = np.floor(source).astype(int)
    out = np.zeros_like(rgba)
    valid = (cols >= 0) & (cols < w)
    out[:, valid] = rgba[:, cols[valid]]
    return out


def symmetric(rgba: np.ndarray, centre: float, keep_right: bool) -> np.ndarray:
    """One half of the figure mirrored onto the other half about ``centre``."""
    w = rgba.shape[1]
    xs = np.arange(w) + 0.5
    mirrored = np.floor(2 * centre - xs).astype(int)
    out = rgba.copy()
    replace = (xs < centre) if keep_right else (xs >= centre)
    valid = replace & (mirrored >= 0) & (mirrored < w)
    out[:, valid] = rgba[:, mirrored[valid]]
    out[:, replace & ~valid] = 0
    return out


def without_face(rgba: np.ndarray) -> np.ndarray:
    """The head (top quarter of the figure) with lone detail pixels (eyes, mouth) painted over
    with the colour on both sides of them, so a front turned around shows no face."""
    opaque = rgba[..., 3] > 0
    rows = np.nonzero(opaque.any(axis=1))[0]
    out = rgba.copy()
    if len(rows) < 4:
        return out
    head = np.zeros(opaque.shape, dtype=bool)
    head[rows[0] + 1:rows[0] + max(2, (rows[-1] - rows[0]) // 4) + 1] = True
    for axis in (1, 0):
        before, after = np.roll(rgba, 1, axis=axis), np.roll(rgba, -1, axis=axis)
        same_sides = (before == after).all(axis=2) & (before[..., 3] > 0)
        lone = head & opaque & same_sides & (before != rgba).any(axis=2)
        out[lone] = before[lone]
    return out


def front_and_back(figure: np.ndarray, folded: int) -> tuple[np.ndarray, np.ndarray]:
    """A symmetric front view and back view of a right-facing (or front/back) figure."""
    mask = figure[..., 3] > 0
    centre = centre_column(mask)
    if folded == 0:
        return figure, without_face(figure[:, ::-1])
    if folded == 4:
        return figure[:, ::-1].copy(), figure
    near, _ = TURN[folded]
    wide = squeeze(figure, centre, 1 / near, 1 / near)
    near_half = symmetric(wide, centre, keep_right=True)
    if folded == 3:  # seen from behind: the near half is the back
        return without_face(near_half)[:, ::-1].copy(), near_half
    back = without_face(near_half[:, ::-1])
    if folded == 2:  # from the side: the back of the head is the far half's, the body the near's
        far_half = symmetric(wide, centre, keep_right=False)
        head = np.zeros(mask.shape, dtype=bool)
        head[:_head_bottom(mask) + 1] = True
        back = np.where(head[..., None], far_half, back)
    return near_half, back


def _head_bottom(mask: np.ndarray) -> int:
    """The last row of the head: the top quarter of the figure."""
    rows = np.nonzero(mask.any(axis=1))[0]
    return int(rows[0] + (rows[-1] - rows[0]) // 4) if len(rows) else -1


def turn_figure(figure: np.ndarray, source: str, target: str) -> np.ndarray:
    """The figure (RGBA, transparent around it) seen facing ``target`` instead of ``source``."""
    folded_from, flip_from = fold(source)
    folded_to, flip_to = fold(target)
    facing = figure[:, ::-1] if flip_from else figure
    if folded_from == folded_to:
        out = facing.copy()
    else:
        front, back = front_and_back(facing, folded_from)
        base = front if folded_to <= 2 else back
        near, far = TURN[folded_to]
        out = squeeze(base, centre_column(base[..., 3] > 0), near, far)
    return np.ascontiguousarray(out[:, ::-1] if flip_to else out)


def change_view(figure: np.ndarray, from_view: str, to_view: str) -> np.ndarray:
    """A camera view change as a vertical squash (looking down) or stretch, about the feet."""
    steps = VIEW_ORDER.index(to_view) - VIEW_ORDER.index(from_view)
    if steps == 0:
        return figure.copy()
    factor = 0.88 ** steps
    mask = figure[..., 3] > 0
    rows = np.nonzero(mask.any(axis=1))[0]
    if not len(rows):
        return figure.copy()
    feet = rows[-1] + 1
    ys = np.arange(figure.shape[0]) + 0.5
    source = np.floor(feet - (feet - ys) / factor).astype(int)
    out = np.zeros_like(figure)
    valid = (source >= 0) & (source < figure.shape[0])
    out[valid] = figure[source[valid]]
    return out


def approximate_rotation(rgba: np.ndarray, source: str, target: str,
                         from_view: str | None = None, to_view: str | None = None
                         ) -> np.ndarray:
    """``rgba`` turned from ``source`` to ``target`` (and between camera views), background kept.

    The figure is cut from an opaque background, turned, and laid back on the background
    continued into the place the figure left.
    """
    figure_only = rgba.copy()
    opaque_background = has_opaque_background(rgba)
    mask = figure_mask(rgba)
    figure_only[~mask] = 0
    turned = turn_figure(figure_only, source, target)
    if from_view and to_view and from_view != to_view:
        turned = change_view(turned, from_view, to_view)
    if not opaque_background:
        return turned
    plate = background_plate(rgba, mask)
    return np.where((turned[..., 3] > 0)[..., None], turned, plate)
