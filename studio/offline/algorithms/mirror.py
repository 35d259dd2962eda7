"""Rotation the offline engine can do exactly: a horizontal mirror between mirror directions."""

from __future__ import annotations

import numpy as np

MIRROR_PAIRS = {
    frozenset({"east", "west"}),
    frozenset({"north-east", "north-west"}),
    frozenset({"south-east", "south-west"}),
}


class UnsupportedRotation(ValueError):
    """The requested rotation needs a generative model."""


def mirror_rotation(
    rgba: np.ndarray,
    from_direction: str | None,
    to_direction: str | None,
    *,
    from_view: str | None = None,
    to_view: str | None = None,
    direction_change: int | None = None,
    view_change: int | None = None,
) -> np.ndarray:
    """The image seen from ``to_direction``, when that is an exact mirror (or no change).

    Raises UnsupportedRotation, with a message naming what was asked, for anything else.
    """
    if view_change or (from_view and to_view and from_view != to_view):
        raise UnsupportedRotation(
            f"The offline engine cannot change the camera view ({from_view} -> {to_view}); "
            "only mirror-image direction changes (east/west, north-east/north-west, "
            "south-east/south-west) are possible offline."
        )
    if direction_change:
        if direction_change % 360 == 0:
            return rgba.copy()
        raise UnsupportedRotation(
            f"The offline engine cannot rotate by {direction_change} degrees; only mirror-image "
            "direction changes (east/west, north-east/north-west, south-east/south-west) are "
            "possible offline."
        )
    if from_direction == to_direction:
        return rgba.copy()
    if frozenset({from_direction, to_direction}) in MIRROR_PAIRS:
        return np.ascontiguousarray(rgba[:, ::-1])
    raise UnsupportedRotation(
        f"The offline engine cannot rotate from {from_direction} to {to_direction}; only "
        "mirror-image direction changes (east/west, north-east/north-west, "
        "south-east/south-west) are possible offline."
    )
