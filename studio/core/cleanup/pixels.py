"""Pixel-level clean-up: a 1 px outline inside or outside the shape, and orphan pixels.

The shape is every pixel with alpha > 0. An orphan is a visible pixel whose colour matches none
of its (up to 8) neighbours; it takes the colour most of its neighbours share.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from studio.core.painting.mask import _neighbourhood_max

Side = Literal["outside", "inside"]
_OUTSIDE = -1
_NEIGHBOURS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]


def outline_mask(rgba: np.ndarray, side: Side = "outside", connectivity: int = 4) -> np.ndarray:
    """The 1 px ring around the shape: outside it (transparent pixels touching it) or inside
    it (its own pixels touching transparency or the image border)."""
    solid = rgba[..., 3] > 0
    if side == "outside":
        return _neighbourhood_max(solid, connectivity) & ~solid
    if side == "inside":
        return solid & _neighbourhood_max(~solid, connectivity, outside=True)
    raise ValueError(f"unknown outline side {side!r}; use 'outside' or 'inside'")


def add_outline(rgba: np.ndarray, color: tuple[int, int, int, int], side: Side = "outside",
                connectivity: int = 4) -> np.ndarray:
    """Copy of ``rgba`` with the outline ring painted in ``color``."""
    out = rgba.copy()
    out[outline_mask(rgba, side, connectivity)] = np.asarray(color, dtype=np.uint8)
    return out


def _packed(rgba: np.ndarray) -> np.ndarray:
    """One int64 per pixel; every fully transparent pixel gets the same value."""
    packed = np.ascontiguousarray(rgba).view(np.uint32)[..., 0].astype(np.int64)
    return np.where(rgba[..., 3] == 0, 0, packed)


def _neighbour_values(packed: np.ndarray) -> np.ndarray:
    """``(8, H, W)`` neighbour values, ``_OUTSIDE`` beyond the image."""
    h, w = packed.shape
    padded = np.pad(packed, 1, constant_values=_OUTSIDE)
    return np.stack([padded[1 + dy:1 + dy + h, 1 + dx:1 + dx + w] for dy, dx in _NEIGHBOURS])


def orphan_mask(rgba: np.ndarray) -> np.ndarray:
    """Visible pixels whose colour equals none of their neighbours'."""
    packed = _packed(rgba)
    lonely = (_neighbour_values(packed) != packed[None]).all(axis=0)
    return lonely & (rgba[..., 3] > 0)


def remove_orphans(rgba: np.ndarray) -> np.ndarray:
    """Copy of ``rgba`` where each orphan pixel takes its neighbours' most common colour."""
    packed = _packed(rgba)
    lonely = orphan_mask(rgba)
    out = rgba.copy()
    if not lonely.any():
        return out
    neighbours = _neighbour_values(packed)[:, lonely].T  # (M, 8)
    same = (neighbours[:, :, None] == neighbours[:, None, :]).sum(axis=2)
    same[neighbours == _OUTSIDE] = -1
    choice = neighbours[np.arange(len(neighbours)), same.argmax(axis=1)]
    colors = choice.astype(np.uint32)[:, None].view(np.uint8).reshape(-1, 4)
    out[lonely] = colors
    return out
