"""The 16 tiles of one tileset, keyed by Wang corner index, ready for fast blitting.

Tiles are kept twice: the straight-alpha RGBA the rest of the studio uses, and a premultiplied
BGRA copy laid out exactly like QImage.Format_ARGB32_Premultiplied on a little-endian machine, so
the preview can compose its map cache with numpy slicing instead of thousands of QPainter calls.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

EMPTY_SLOT = 16  # atlas slot of a fully transparent tile, drawn where no tile exists at all


def premultiplied_bgra(rgba: np.ndarray) -> np.ndarray:
    """Straight RGBA (H, W, 4) uint8 -> premultiplied BGRA (H, W, 4) uint8."""
    alpha = rgba[..., 3:4].astype(np.uint16)
    rgb = (rgba[..., :3].astype(np.uint16) * alpha + 127) // 255
    out = np.empty_like(rgba)
    out[..., 0] = rgb[..., 2]
    out[..., 1] = rgb[..., 1]
    out[..., 2] = rgb[..., 0]
    out[..., 3] = rgba[..., 3]
    return out


class TileAtlas:
    """Up to 16 square tiles of ``tile_size`` px, indexed 0..15 by ``8*NW + 4*NE + 2*SW + SE``."""

    def __init__(self, tile_size: int, tiles: Mapping[int, np.ndarray] | None = None):
        if tile_size < 1:
            raise ValueError(f"tile size must be positive, got {tile_size}")
        self.tile_size = tile_size
        self.premultiplied = np.zeros((17, tile_size, tile_size, 4), dtype=np.uint8)
        self.opaque = np.zeros(17, dtype=bool)
        self.rgba: dict[int, np.ndarray] = {}
        for index, pixels in (tiles or {}).items():
            self.set_tile(index, pixels)

    def set_tile(self, index: int, pixels: np.ndarray) -> None:
        """Store (or replace) the tile for Wang ``index``; wrong sizes raise a clear error."""
        if not 0 <= index < 16:
            raise ValueError(f"Wang tile index must be 0..15, got {index}")
        expected = (self.tile_size, self.tile_size, 4)
        if pixels.shape != expected or pixels.dtype != np.uint8:
            raise ValueError(
                f"tile {index} must be {expected} uint8 RGBA, got {pixels.shape} {pixels.dtype}"
            )
        self.rgba[index] = pixels.copy()
        self.premultiplied[index] = premultiplied_bgra(pixels)
        self.opaque[index] = bool((pixels[..., 3] == 255).all())

    def remove_tile(self, index: int) -> None:
        self.rgba.pop(index, None)
        self.premultiplied[index] = 0
        self.opaque[index] = False

    @property
    def available(self) -> list[int]:
        return sorted(self.rgba)

    def __contains__(self, index: object) -> bool:
        return index in self.rgba
