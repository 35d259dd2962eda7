"""Rotate: re-draw a sprite the engine drew, or approximate and say so in a note.

The live service answers ``{"image", "usage"}``; the offline engine adds ``note`` (a plain
sentence for the user) when the image is an approximation rather than a re-drawing. Clients that
do not know the field ignore it.
"""

from __future__ import annotations

import numpy as np

from studio.api.requests import RotateRequest

from .algorithms.turning import COMPASS, VIEW_ORDER, approximate_rotation, turned_direction
from .sprite_memory import draw_remembered, recall

ONLINE_HINT = "Use the online service (with an API token) for a generated rotation."


def target_view(req: RotateRequest) -> tuple[str | None, str | None]:
    """(from view, to view), with ``view_change`` degrees read as 30 degrees per view step."""
    if req.to_view or not req.view_change:
        return req.from_view, req.to_view
    start = req.from_view or "side"
    steps = round(req.view_change / 30)
    index = min(max(VIEW_ORDER.index(start) + steps, 0), len(VIEW_ORDER) - 1)
    return start, VIEW_ORDER[index]


def directions(req: RotateRequest, known_facing: str | None) -> tuple[str, str]:
    """(from, to): missing directions default to what the engine knows, else south."""
    source = req.from_direction or known_facing or "south"
    if req.to_direction:
        return source, req.to_direction
    return source, turned_direction(source, req.direction_change or 0)


def rotate_pixels(image: np.ndarray, req: RotateRequest) -> tuple[np.ndarray, str | None]:
    """The rotated image and, for an approximation, the note that says what was done."""
    recipe = recall(image)
    source, target = directions(req, recipe.direction if recipe else None)
    from_view, to_view = target_view(req)
    view_changes = bool(from_view and to_view and from_view != to_view)
    if source == target and not view_changes:
        return image.copy(), None
    if recipe is not None and not view_changes:
        return draw_remembered(recipe.facing(target)), None
    result = approximate_rotation(image, source, target, from_view, to_view)
    return result, approximation_note(source, target, from_view if view_changes else None,
                                      to_view, recipe is not None)


def approximation_note(source: str, target: str, from_view: str | None, to_view: str | None,
                       own_sprite: bool) -> str:
    """A plain sentence saying which approximation the image is."""
    parts = []
    if source != target:
        if COMPASS.index(source) + COMPASS.index(target) == 8:  # east/west and the diagonals
            how = (f"mirrored the {source} view to make the {target} view (exact only for a "
                   "left-right symmetric figure)")
        else:
            how = f"made the {target} view from the {source} view by the figure's symmetry"
        parts.append(how)
    if from_view and to_view:
        parts.append(f"squashed the figure to suggest the {to_view} camera instead of {from_view}")
    why = ("the offline engine cannot change the camera view of a drawing, so it" if own_sprite
           else "the offline engine did not draw this sprite, so it")
    return f"Approximation: {why} {' and '.join(parts)}. {ONLINE_HINT}"
