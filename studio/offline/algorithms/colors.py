"""Colour words -> RGB, and shade ramps for shading styles."""

from __future__ import annotations

import colorsys
import re
import zlib

import numpy as np

RGB = tuple[int, int, int]

# Plain colour names and a few materials whose colour everyone agrees on.
COLOUR_WORDS: dict[str, RGB] = {
    "red": (200, 40, 40), "crimson": (170, 20, 50), "scarlet": (230, 50, 30),
    "orange": (235, 130, 30), "amber": (240, 170, 30), "yellow": (240, 215, 50),
    "gold": (225, 180, 40), "golden": (225, 180, 40), "lime": (150, 220, 50),
    "green": (60, 160, 60), "emerald": (30, 150, 90), "olive": (120, 130, 50),
    "teal": (30, 140, 140), "cyan": (50, 200, 220), "turquoise": (60, 200, 190),
    "blue": (50, 90, 200), "navy": (30, 40, 110), "azure": (70, 150, 230),
    "purple": (130, 60, 170), "violet": (150, 90, 210), "magenta": (210, 50, 170),
    "pink": (240, 140, 180), "brown": (120, 80, 45), "tan": (200, 165, 115),
    "beige": (220, 200, 160), "white": (235, 235, 235), "black": (30, 30, 35),
    "grey": (128, 128, 135), "gray": (128, 128, 135), "silver": (185, 190, 200),
    "bronze": (170, 110, 50), "copper": (185, 100, 60),
    "grass": (70, 160, 60), "forest": (40, 110, 50), "leaf": (80, 170, 60),
    "moss": (90, 130, 60), "water": (50, 110, 210), "ocean": (30, 80, 170),
    "sea": (40, 100, 180), "river": (60, 130, 210), "lake": (50, 110, 190),
    "ice": (170, 220, 240), "snow": (235, 240, 250), "sand": (220, 195, 130),
    "desert": (215, 180, 110), "dirt": (130, 90, 55), "mud": (100, 75, 50),
    "soil": (110, 75, 45), "stone": (125, 125, 130), "rock": (115, 110, 105),
    "cobblestone": (120, 120, 125), "brick": (160, 70, 50), "wood": (140, 95, 55),
    "wooden": (140, 95, 55), "lava": (230, 80, 20), "fire": (240, 110, 30),
    "flame": (245, 140, 40), "magma": (200, 60, 20), "slime": (110, 210, 80),
    "poison": (120, 200, 60), "sky": (120, 180, 240), "cloud": (230, 235, 245),
    "night": (30, 35, 70), "shadow": (40, 40, 55), "skin": (230, 180, 140),
    "bone": (225, 215, 190), "metal": (150, 155, 165), "steel": (160, 165, 175),
    "iron": (110, 110, 120), "rust": (150, 70, 35), "blood": (140, 15, 20),
    "apple": (200, 40, 40), "tree": (60, 130, 50), "flower": (230, 110, 160),
    "crystal": (160, 210, 240), "gem": (80, 200, 180), "void": (25, 15, 40),
}

_WORD = re.compile(r"[a-z]+")


def colours_from_text(text: str | None) -> list[RGB]:
    """Colours named in ``text``, in order of appearance, without repeats."""
    found: list[RGB] = []
    for word in _WORD.findall((text or "").lower()):
        colour = COLOUR_WORDS.get(word) or COLOUR_WORDS.get(word.rstrip("s"))
        if colour and colour not in found:
            found.append(colour)
    return found


def text_hue_colour(text: str | None, salt: int = 0) -> RGB:
    """A stable, pleasant colour derived from the text itself when it names no colour."""
    digest = zlib.crc32(f"{salt}:{text or ''}".encode())
    hue = (digest % 360) / 360.0
    r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 0.75)
    return int(r * 255), int(g * 255), int(b * 255)


def analogous(colour: RGB, step: int) -> RGB:
    """A neighbouring hue of ``colour`` (step * 25 degrees), a little darker."""
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
    r, g, b = colorsys.hsv_to_rgb((h + step * 25 / 360) % 1.0, min(1.0, s + 0.1), v * 0.8)
    return int(r * 255), int(g * 255), int(b * 255)


def base_colours(text: str | None, count: int = 2) -> list[RGB]:
    """At least ``count`` base colours for a description (named ones first).

    Missing colours are neighbouring hues of the first, so a one-colour description stays in
    one colour family; a description with no colour words gets a stable colour from its text.
    """
    colours = colours_from_text(text) or [text_hue_colour(text)]
    step = 0
    while len(colours) < count:
        step += 1
        colour = analogous(colours[0], step)
        if colour not in colours:
            colours.append(colour)
    return colours


def ramp(base: RGB, steps: int) -> np.ndarray:
    """``steps`` shades of ``base`` from dark to light, shape (steps, 3) uint8."""
    if steps <= 1:
        return np.array([base], dtype=np.uint8)
    factors = np.linspace(0.55, 1.3, steps)
    colour = np.array(base, dtype=np.float64)
    shades = np.where(
        factors[:, None] <= 1.0,
        colour * factors[:, None],
        colour + (255.0 - colour) * (factors[:, None] - 1.0),
    )
    return np.clip(np.rint(shades), 0, 255).astype(np.uint8)


def darkest(colours: np.ndarray) -> RGB:
    """The darkest of a set of colours (for single-colour outlines)."""
    lum = colours.astype(np.int32) @ np.array([299, 587, 114])
    r, g, b = (int(v) for v in colours[int(np.argmin(lum))])
    return r * 45 // 100, g * 45 // 100, b * 45 // 100


SHADING_LEVELS = {
    "flat shading": 1,
    "basic shading": 2,
    "medium shading": 3,
    "detailed shading": 4,
    "highly detailed shading": 5,
}


def shading_levels(shading: str | None) -> int:
    return SHADING_LEVELS.get(shading or "", 3)
