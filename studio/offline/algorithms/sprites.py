"""Procedural sprite generator: a symmetric silhouette, coloured and shaded from the description."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .colors import COLOUR_WORDS, base_colours, darkest, ramp, shading_levels
from .common import add_outline, depth_map, dilate, erode, make_rng
from .humanoid import ARMS, BODY, EYES, HAIR, LEGS, SKIN, VOLUMES, draw_humanoid
from .noise import fractal_noise
from .objects import draw_thing
from .palette import quantize
from .proportions import Proportions
from .shapes import ellipse, grid

PEOPLE = frozenset(
    {
        "person", "man", "woman", "boy", "girl", "knight", "wizard", "mage", "witch", "warrior",
        "hero", "heroine", "character", "soldier", "king", "queen", "prince", "princess", "pirate",
        "ninja", "samurai", "robot", "zombie", "skeleton", "elf", "dwarf", "archer", "villager",
        "farmer", "thief", "rogue", "paladin", "cleric", "priest", "guard", "adventurer", "human",
        "humanoid", "player", "orc", "goblin", "vampire", "astronaut", "cowboy", "chef", "doctor",
    }
)
CREATURES = frozenset(
    {
        "monster", "slime", "creature", "cat", "dog", "animal", "dragon", "bird", "fish", "ghost",
        "blob", "frog", "bear", "wolf", "fox", "rabbit", "bunny", "mouse", "owl", "bat", "spider",
        "beast", "alien", "critter", "pet",
    }
)
MIRRORED = {"west": "east", "south-west": "south-east", "north-west": "north-east"}


@dataclass(frozen=True)
class SpriteStyle:
    outline: str | None = "single color black outline"
    shading: str | None = "medium shading"
    detail: str | None = "medium detail"
    no_background: bool = True


def description_words(description: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", description.lower())} | set(
        re.findall(r"[a-z]+", description.lower())
    )


def is_humanoid(description: str) -> bool:
    return bool(description_words(description) & PEOPLE)


def symmetric(field: np.ndarray, width: int) -> np.ndarray:
    """Mirror the left half of a (H, ceil(W/2)) field onto the right, giving (H, W)."""
    half = field.shape[1]
    return np.concatenate([field, field[:, : width - half][:, ::-1]], axis=1)


EYE_SHIFT = {"south": 0.0, "south-east": 0.08, "east": 0.16, "south-west": -0.08,
             "west": -0.16}
"""Creature eyes move towards the side the creature faces (no eyes from behind)."""


def blob_labels(
    rng: np.random.Generator, width: int, height: int, coverage: float, eyes: bool,
    direction: str = "south",
) -> np.ndarray:
    """A symmetric organic silhouette from seeded noise and an elliptical falloff."""
    half = (width + 1) // 2
    shape_noise = symmetric(fractal_noise(rng, height, half, cells=3), width)
    pattern = symmetric(fractal_noise(rng, height, half, cells=4), width)
    ys, xs = grid(height, width)
    r = ellipse(ys, xs, (width / 2, height * 0.52), width * coverage / 2, height * coverage / 2)
    field = (1.0 - r) + 0.6 * (shape_noise - 0.5)
    mask = field > 0.12
    mask[[0, -1], :] = False
    mask[:, [0, -1]] = False
    opened = dilate(erode(mask)) & mask
    mask = opened if opened.sum() > 8 else r <= 1.0
    labels = np.where(mask, BODY, 0).astype(np.uint8)
    labels[mask & (pattern > 0.62) & erode(mask)] = LEGS
    if eyes and direction in EYE_SHIFT:
        rows = np.nonzero(mask.any(axis=1))[0]
        ey = int(rows[0] + 0.35 * (rows[-1] - rows[0]))
        shift_x = EYE_SHIFT[direction] * width
        left = int(width / 2 - max(1, width * 0.1) + shift_x)
        right = width - 1 - int(width / 2 - max(1, width * 0.1) - shift_x)
        side = abs(EYE_SHIFT[direction]) > 0.1  # in profile only the near eye shows
        visible = [right] if side and shift_x > 0 else [left] if side else [left, right]
        for ex in visible:
            if 0 <= ex < width and erode(mask, 1)[ey, ex]:
                labels[ey, ex] = EYES
    return labels


def volume_depth(labels: np.ndarray, volumes: tuple[tuple[int, ...], ...] | None,
                 max_depth: int) -> np.ndarray:
    """0..1 depth into the shape: of the whole silhouette, or of each volume on its own (so a
    limb is shaded as a limb whether or not it overlaps the torso in this view)."""
    mask = labels > 0
    if volumes is None:
        return depth_map(mask, max_depth) / max_depth
    depth = np.zeros(labels.shape, dtype=np.float64)
    for volume in volumes:
        part = np.isin(labels, volume)
        rows, cols = np.nonzero(part.any(axis=1))[0], np.nonzero(part.any(axis=0))[0]
        if not len(rows):
            continue
        box = (slice(max(0, rows[0] - 1), rows[-1] + 2), slice(max(0, cols[0] - 1), cols[-1] + 2))
        local = depth_map(part[box], max_depth).astype(np.float64)
        depth[box] += local / max(1.0, float(local.max()))
    return depth


def shade(labels: np.ndarray, colours: list[tuple[int, int, int]], levels: int,
          texture: np.ndarray, detail: str | None,
          volumes: tuple[tuple[int, ...], ...] | None = None,
          region_colours: dict[int, tuple[int, int, int]] | None = None) -> np.ndarray:
    """Colour each region with a ramp of its base colour, lit from the top left.

    ``volumes`` (groups of region ids) shades each group as its own rounded volume, so a figure
    drawn from another side gets the same shading on the same body part. ``region_colours``
    replaces the people/blob colouring (label -> base colour).
    """
    h, w = labels.shape
    mask = labels > 0
    out = np.zeros((h, w, 4), dtype=np.uint8)
    if not mask.any():
        return out
    rows, cols = np.nonzero(mask)
    y_rel = (np.arange(h)[:, None] - rows.min()) / max(1, np.ptp(rows))
    x_rel = (np.arange(w)[None, :] - cols.min()) / max(1, np.ptp(cols))
    depth = volume_depth(labels, volumes, max(2, min(h, w) // 12))
    grain = {"low detail": 0.0, "highly detailed": 0.3, "high detail": 0.3}.get(detail or "", 0.15)
    light = 0.45 * depth + 0.35 * (1 - y_rel) + 0.2 * (1 - x_rel) + grain * (texture - 0.5)
    tone = np.clip((light * levels).astype(int), 0, levels - 1)
    skin = COLOUR_WORDS["skin"]
    region_colour = region_colours or {
        SKIN: skin, BODY: colours[0], ARMS: colours[0], LEGS: colours[1],
        HAIR: colours[2] if len(colours) > 2 else COLOUR_WORDS["brown"]}
    for region, base in region_colour.items():
        shades = ramp(base, levels)
        where = labels == region
        out[where, :3] = shades[tone[where]]
    out[labels == EYES, :3] = (20, 20, 30)
    out[mask, 3] = 255
    return out


def generate_sprite(
    description: str,
    width: int,
    height: int,
    seed: int,
    style: SpriteStyle = SpriteStyle(),
    *,
    direction: str | None = None,
    palette: np.ndarray | None = None,
    coverage: float | None = None,
    humanoid: bool | None = None,
    proportions: Proportions | None = None,
    joint_offsets: Mapping[str, tuple[float, float]] | None = None,
) -> np.ndarray:
    """A deterministic (for a given seed) pixel-art sprite for ``description``.

    People words (knight, wizard, ...) give a humanoid drawn from the standard skeleton, facing
    ``direction``; known things (sword, tree, potion, cat, ...) their own silhouette; anything
    else a symmetric noise blob. ``palette`` (N, 3) forces colours. ``joint_offsets`` moves a
    humanoid's joints (pixels, as seen in the final image) from its standing pose.
    """
    if direction in MIRRORED:  # west-facing views are their east twins, mirrored
        offsets = {k: (-dx, dy) for k, (dx, dy) in (joint_offsets or {}).items()}
        twin = generate_sprite(description, width, height, seed, style,
                               direction=MIRRORED[direction], palette=palette,
                               coverage=coverage, humanoid=humanoid, proportions=proportions,
                               joint_offsets=offsets or None)
        return np.ascontiguousarray(twin[:, ::-1])
    rng = make_rng(seed)
    colours = base_colours(description, 2)
    fill = 0.8 if coverage is None else float(np.clip(coverage, 0.2, 0.95))
    texture = fractal_noise(rng, height, width, cells=max(2, min(width, height) // 6))
    volumes, region_colours = None, None
    thing = None if humanoid else draw_thing(description, width, height, fill)
    if thing is not None and not (humanoid is None and is_humanoid(description)):
        labels, region_colours = thing
    elif humanoid if humanoid is not None else is_humanoid(description):
        volumes = VOLUMES
        labels = draw_humanoid(width, height, direction or "south", fill,
                               proportions=proportions, joint_offsets=joint_offsets)
    else:
        eyes = bool(description_words(description) & CREATURES)
        labels = blob_labels(rng, width, height, fill, eyes, direction or "south")
    sprite = shade(labels, colours, shading_levels(style.shading), texture, style.detail,
                   volumes, region_colours)
    if palette is not None and len(palette):
        sprite = quantize(sprite, palette)
    dark = darkest(np.array(colours, dtype=np.uint8))
    sprite = add_outline(sprite, style.outline, dark)
    if not style.no_background:
        sprite = put_background(sprite, colours[0])
    return sprite


def put_background(rgba: np.ndarray, tint: tuple[int, int, int]) -> np.ndarray:
    """A pale flat background tinted by the main colour behind the sprite."""
    out = rgba.copy()
    clear = out[..., 3] == 0
    pale = (np.array(tint) * 0.2 + np.array([235, 232, 222]) * 0.8).astype(np.uint8)
    out[clear, :3] = pale
    out[..., 3] = 255
    return out
