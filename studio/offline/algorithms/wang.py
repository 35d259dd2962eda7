"""16-tile corner Wang sets whose tiles join seamlessly.

Every pixel gets a terrain class from a field that is a smoothstep-bilinear blend of the tile's four
corner values (lower = 0, upper = 1) plus noise that fades to zero on the tile border. On a border
row or column the field therefore depends only on the two corners of that edge, so two tiles whose
shared edge has the same corner values classify that edge identically: the set is seamless.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .colors import base_colours, ramp
from .common import make_rng
from .noise import fractal_noise
from .palette import palette_of, quantize

LOWER, TRANSITION, UPPER = 0, 1, 2
CORNER_NAMES = ("NW", "NE", "SW", "SE")


@dataclass(frozen=True)
class WangTile:
    index: int  # NW*8 + NE*4 + SW*2 + SE*1 with upper = 1
    corners: dict[str, str]  # {"NW": "lower" | "upper", ...}
    classes: np.ndarray  # (H, W) uint8: LOWER, TRANSITION or UPPER
    image: np.ndarray  # (H, W, 4) uint8


def corner_bits(index: int) -> tuple[int, int, int, int]:
    """(nw, ne, sw, se) for a Wang index."""
    return (index >> 3) & 1, (index >> 2) & 1, (index >> 1) & 1, index & 1


def _smoothstep(t: np.ndarray) -> np.ndarray:
    return t * t * (3 - 2 * t)


def classify(
    bits: tuple[int, int, int, int], width: int, height: int, transition_size: float,
    noise: np.ndarray,
) -> np.ndarray:
    """Terrain class per pixel for one tile. ``transition_size`` (0..0.5) widens the band."""
    nw, ne, sw, se = bits
    u = _smoothstep(np.linspace(0.0, 1.0, width))[None, :]
    v = _smoothstep(np.linspace(0.0, 1.0, height))[:, None]
    field = (nw * (1 - u) + ne * u) * (1 - v) + (sw * (1 - u) + se * u) * v
    uu = np.linspace(0.0, 1.0, width)[None, :]
    vv = np.linspace(0.0, 1.0, height)[:, None]
    fade = 16 * uu * (1 - uu) * vv * (1 - vv)  # 0 on the border, 1 in the centre
    field = field + 0.25 * (noise - 0.5) * fade
    half_band = float(transition_size) / 2
    classes = np.full((height, width), TRANSITION, dtype=np.uint8)
    classes[field >= 0.5 + half_band] = UPPER
    classes[field < 0.5 - half_band] = LOWER
    if half_band == 0:
        classes[classes == TRANSITION] = UPPER
    return classes


def terrain_shades(description: str, reference: np.ndarray | None, salt: int) -> np.ndarray:
    """Three shades for a terrain: from a reference image's palette, else its colour words."""
    if reference is not None and (reference[..., 3] > 0).any():
        colours = palette_of(reference, 3)
        lum = colours.astype(np.int32) @ np.array([299, 587, 114])
        colours = colours[np.argsort(lum)]
        return np.array([colours[min(i, len(colours) - 1)] for i in range(3)], dtype=np.uint8)
    base = base_colours(f"{description}", 1 + salt)[0 if salt == 0 else salt]
    return ramp(base, 3)


def wang_tileset(
    lower_description: str,
    upper_description: str,
    tile_width: int,
    tile_height: int,
    seed: int,
    *,
    transition_size: float = 0.0,
    transition_description: str = "",
    lower_reference: np.ndarray | None = None,
    upper_reference: np.ndarray | None = None,
    transition_reference: np.ndarray | None = None,
    palette: np.ndarray | None = None,
) -> list[WangTile]:
    """All 16 corner combinations, textured with periodic noise so repeated tiles tile too."""
    rng = make_rng(seed)
    shape_noise = fractal_noise(rng, tile_height, tile_width, cells=2)
    textures = [fractal_noise(rng, tile_height, tile_width, cells=4, periodic=True)
                for _ in range(3)]
    lower = terrain_shades(lower_description, lower_reference, 0)
    upper = terrain_shades(upper_description, upper_reference, 0)
    if transition_description or transition_reference is not None:
        between = terrain_shades(transition_description, transition_reference, 0)
    else:
        between = ((lower.astype(np.int32) + upper.astype(np.int32)) // 2).astype(np.uint8)
    shades = {LOWER: lower, TRANSITION: between, UPPER: upper}
    tone = {
        k: np.clip((tex * 3).astype(int), 0, 2) for k, tex in zip(shades, textures, strict=True)
    }
    tiles = []
    for index in range(16):
        bits = corner_bits(index)
        classes = classify(bits, tile_width, tile_height, transition_size, shape_noise)
        image = np.zeros((tile_height, tile_width, 4), dtype=np.uint8)
        for terrain, colours in shades.items():
            where = classes == terrain
            image[where, :3] = colours[tone[terrain][where]]
        image[..., 3] = 255
        if palette is not None and len(palette):
            image = quantize(image, palette)
        corners = {name: ("upper" if bit else "lower") for name, bit in zip(CORNER_NAMES, bits,
                                                                             strict=True)}
        tiles.append(WangTile(index, corners, classes, image))
    return tiles
