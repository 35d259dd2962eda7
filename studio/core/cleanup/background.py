"""Background removal: flood from the image border, or a colour key, then clean the edge.

Similarity is the RGB distance to the background colour (0..441). Pixels along the cut edge
that are partly background get an estimated coverage; with the alpha threshold they either stay
fully opaque or go, so no half-transparent halo is left (pixel art wants 0 or 255).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from studio.core.painting.fill import contiguous_region
from studio.core.painting.mask import _neighbourhood_max

Mode = Literal["border", "key"]
DEFAULT_TOLERANCE = 32.0


def border_color(rgba: np.ndarray) -> tuple[int, int, int, int]:
    """Per-channel median of the image's outermost pixels: the likely background colour."""
    ring = np.concatenate([rgba[0], rgba[-1], rgba[1:-1, 0], rgba[1:-1, -1]])
    return tuple(int(v) for v in np.median(ring, axis=0))  # type: ignore[return-value]


def _distance(rgba: np.ndarray, color: tuple[int, ...]) -> np.ndarray:
    diff = rgba[..., :3].astype(np.float32) - np.asarray(color[:3], dtype=np.float32)
    dist = np.sqrt((diff * diff).sum(axis=2))
    transparent = rgba[..., 3] == 0
    if len(color) > 3 and color[3] == 0:
        return np.where(transparent, 0.0, np.inf).astype(np.float32)
    return np.where(transparent, 0.0, dist)


def background_mask(rgba: np.ndarray, mode: Mode = "border", tolerance: float = DEFAULT_TOLERANCE,
                    key: tuple[int, ...] | None = None) -> np.ndarray:
    """Pixels that are background: reachable from the border through similar pixels ("border"),
    or anywhere within ``tolerance`` of the ``key`` colour ("key")."""
    if mode == "key":
        if key is None:
            raise ValueError("colour-key removal needs a key colour")
        return _distance(rgba, key) <= tolerance
    if mode != "border":
        raise ValueError(f"unknown background mode {mode!r}; use 'border' or 'key'")
    similar = _distance(rgba, border_color(rgba)) <= tolerance
    padded = np.pad(similar, 1, constant_values=True)  # the ring joins every border pixel
    return contiguous_region(padded, 0, 0)[1:-1, 1:-1]


def remove_background(rgba: np.ndarray, mode: Mode = "border",
                      tolerance: float = DEFAULT_TOLERANCE, key: tuple[int, ...] | None = None,
                      alpha_threshold: int = 128) -> np.ndarray:
    """Copy of ``rgba`` with the background cleared to (0, 0, 0, 0) and alpha snapped to 0/255."""
    background = background_mask(rgba, mode, tolerance, key)
    reference = key if mode == "key" else border_color(rgba)
    assert reference is not None
    edge = _neighbourhood_max(background, 8) & ~background
    coverage = np.clip((_distance(rgba, reference) - tolerance) / max(tolerance, 1.0), 0.0, 1.0)
    alpha = rgba[..., 3].astype(np.float32)
    alpha = np.where(edge, alpha * coverage, alpha)
    out = rgba.copy()
    keep = (alpha >= alpha_threshold) & ~background
    out[..., 3] = np.where(keep, 255, 0)
    out[~keep] = 0
    return out
