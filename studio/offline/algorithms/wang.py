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
    return ramp(base, 5)[1:4]  # the gentle middle of the ramp: ground, not a shaded object


def texture_fields(rng: np.random.Generator, width: int, height: int) -> list[np.ndarray]:
    """16 texture fields (one per tile index) for one terrain, as standard scores.

    Near the tile border every field is the same fine, tile-periodic noise, so a terrain's
    texture continues across any border; inside, each tile shows its own window of a larger
    map-space noise, so tiles of one terrain differ. The blend keeps the noise's contrast.
    """
    cells = max(4, round(max(width, height) / 3))
    shared = _standard(fractal_noise(rng, height, width, cells=cells, periodic=True))
    world = _standard(fractal_noise(rng, 4 * height, 4 * width, cells=4 * cells))
    band = max(2.0, min(width, height) / 8)
    ys, xs = np.mgrid[0:height, 0:width]
    edge = np.minimum(np.minimum(xs, width - 1 - xs), np.minimum(ys, height - 1 - ys))
    inner = np.clip(edge / band, 0.0, 1.0)
    spread = np.sqrt((1 - inner) ** 2 + inner**2)
    fields = []
    for index in range(16):
        oy, ox = (index // 4) * height, (index % 4) * width
        window = world[oy:oy + height, ox:ox + width]
        fields.append(((1 - inner) * shared + inner * window) / spread)
    return fields


def _standard(field: np.ndarray) -> np.ndarray:
    return (field - field.mean()) / max(float(field.std()), 1e-9)


def tones(fields: list[np.ndarray]) -> list[np.ndarray]:
    """Three tone levels per pixel, with thresholds shared by every tile (so borders agree)."""
    low, high = np.quantile(np.stack(fields), [0.22, 0.84])
    return [np.digitize(f, [low, high]) for f in fields]


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
    """All 16 corner combinations, textured so that any two tiles join without a seam."""
    rng = make_rng(seed)
    shape_noise = fractal_noise(rng, tile_height, tile_width, cells=2)
    lower = terrain_shades(lower_description, lower_reference, 0)
    upper = terrain_shades(upper_description, upper_reference, 0)
    if transition_description or transition_reference is not None:
        between = terrain_shades(transition_description, transition_reference, 0)
    else:
        between = ((lower.astype(np.int32) + upper.astype(np.int32)) // 2).astype(np.uint8)
    shades = {LOWER: lower, TRANSITION: between, UPPER: upper}
    tone = {k: tones(texture_fields(rng, tile_width, tile_height)) for k in shades}
    tiles = []
    for index in range(16):
        bits = corner_bits(index)
        classes = classify(bits, tile_width, tile_height, transition_size, shape_noise)
        image = np.zeros((tile_height, tile_width, 4), dtype=np.uint8)
        for terrain, colours in shades.items():
            where = classes == terrain
            image[where, :3] = colours[tone[terrain][index][where]]
        image[..., 3] = 255
        if palette is not None and len(palette):
            image = quantize(image, palette)
        corners = {name: ("upper" if bit else "lower") for name, bit in zip(CORNER_NAMES, bits,
                                                                             strict=True)}
        tiles.append(WangTile(index, corners, classes, image))
    return tiles
