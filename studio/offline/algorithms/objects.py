"""Silhouettes for common things that are neither people nor blobs: weapons, staffs, trees,
potions, gems, coins and four-legged animals.

Each drawer returns a label map and the base colour of each label, so the shared shading in
``sprites.py`` lights them like everything else. Colours named in the description win over a
thing's usual colours (a "golden sword" has a golden blade).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .colors import COLOUR_WORDS, RGB, colours_from_text
from .humanoid import EYES
from .shapes import ellipse, grid, segment_distance

Drawing = tuple[np.ndarray, dict[int, RGB]]
Drawer = Callable[[int, int, float, list[RGB], str], Drawing]

MAIN, TRIM, HANDLE, DETAIL = 1, 2, 3, 5
EYE = EYES  # drawn dark by the shared shading


def _canvas(width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    ys, xs = grid(height, width)
    return np.zeros((height, width), dtype=np.uint8), ys, xs, float(min(width, height))


def _at(width: int, height: int, fill: float, x: float, y: float) -> tuple[float, float]:
    """A point given in 0..1 of a centred square of ``fill`` of the canvas."""
    side = min(width, height) * fill
    return (width - side) / 2 + x * side, (height - side) / 2 + y * side


def _named(named: list[RGB], index: int, usual: RGB) -> RGB:
    return named[index] if len(named) > index else usual


def sword(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    def p(x: float, y: float) -> tuple[float, float]:
        return _at(width, height, fill, x, y)
    long = kind != "dagger"
    tip, hilt = p(0.92, 0.08) if long else p(0.75, 0.25), p(0.3, 0.7)
    blade = size * fill * (0.055 if long else 0.07)
    labels[segment_distance(ys, xs, hilt, tip) <= blade] = MAIN
    labels[segment_distance(ys, xs, p(0.18, 0.58), p(0.42, 0.82)) <= blade * 0.9] = TRIM
    labels[segment_distance(ys, xs, hilt, p(0.14, 0.86)) <= blade * 0.7] = HANDLE
    labels[ellipse(ys, xs, p(0.11, 0.89), blade * 1.2, blade * 1.2) <= 1] = TRIM
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["steel"]),
               TRIM: _named(named, 1, COLOUR_WORDS["gold"]), HANDLE: COLOUR_WORDS["brown"]}
    return labels, colours


def axe(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    def p(x: float, y: float) -> tuple[float, float]:
        return _at(width, height, fill, x, y)
    labels[segment_distance(ys, xs, p(0.2, 0.95), p(0.72, 0.1)) <= size * fill * 0.045] = HANDLE
    head = ellipse(ys, xs, p(0.72, 0.22), size * fill * 0.22, size * fill * 0.16) <= 1
    labels[head & (xs > p(0.62, 0)[0])] = MAIN
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["iron"]), HANDLE: COLOUR_WORDS["wood"]}
    return labels, colours


def staff(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    def p(x: float, y: float) -> tuple[float, float]:
        return _at(width, height, fill, x, y)
    top = p(0.62, 0.16)
    labels[segment_distance(ys, xs, p(0.36, 0.98), top) <= size * fill * 0.04] = HANDLE
    if kind == "spear":
        tip = segment_distance(ys, xs, top, p(0.7, 0.0))
        labels[tip <= size * fill * 0.06 * np.clip((ys - p(0, 0)[1]) / (size * fill * 0.2),
                                                    0.2, 1)] = MAIN
    else:
        labels[ellipse(ys, xs, p(0.64, 0.12), size * fill * 0.11, size * fill * 0.11) <= 1] = MAIN
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["crystal"] if kind != "spear"
                            else COLOUR_WORDS["steel"]), HANDLE: COLOUR_WORDS["wood"]}
    return labels, colours


def tree(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    def p(x: float, y: float) -> tuple[float, float]:
        return _at(width, height, fill, x, y)
    trunk = segment_distance(ys, xs, p(0.5, 0.98), p(0.5, 0.55)) <= size * fill * 0.075
    labels[trunk] = HANDLE
    crown = np.zeros(labels.shape, dtype=bool)
    for cx, cy, r in ((0.5, 0.3, 0.3), (0.3, 0.45, 0.22), (0.7, 0.45, 0.22), (0.5, 0.5, 0.22)):
        crown |= ellipse(ys, xs, p(cx, cy), size * fill * r, size * fill * r * 0.9) <= 1
    labels[crown] = MAIN
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["leaf"]), HANDLE: COLOUR_WORDS["wood"]}
    return labels, colours


def potion(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    def p(x: float, y: float) -> tuple[float, float]:
        return _at(width, height, fill, x, y)
    r = size * fill * 0.3
    labels[ellipse(ys, xs, p(0.5, 0.66), r, r) <= 1] = MAIN
    labels[segment_distance(ys, xs, p(0.5, 0.18), p(0.5, 0.4)) <= r * 0.3] = TRIM
    labels[segment_distance(ys, xs, p(0.5, 0.1), p(0.5, 0.18)) <= r * 0.36] = HANDLE
    labels[ellipse(ys, xs, p(0.38, 0.56), r * 0.18, r * 0.26) <= 1] = DETAIL
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["red"]), TRIM: COLOUR_WORDS["crystal"],
               HANDLE: COLOUR_WORDS["wood"], DETAIL: COLOUR_WORDS["white"]}
    return labels, colours


def gem(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    cx, cy = _at(width, height, fill, 0.5, 0.5)
    half = size * fill / 2
    rhombus = np.abs(xs - cx) / (half * 0.8) + np.abs(ys - cy) / half <= 1
    labels[rhombus] = MAIN
    labels[rhombus & (np.abs(xs - cx) / (half * 0.8) + np.abs(ys - cy + half * 0.35) / (
        half * 0.35) <= 1)] = DETAIL
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["gem"]), DETAIL: COLOUR_WORDS["white"]}
    return labels, colours


def coin(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    labels, ys, xs, size = _canvas(width, height)
    centre = _at(width, height, fill, 0.5, 0.5)
    r = size * fill * 0.45
    labels[ellipse(ys, xs, centre, r, r) <= 1] = TRIM
    labels[ellipse(ys, xs, centre, r * 0.72, r * 0.72) <= 1] = MAIN
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["gold"]),
               TRIM: _named(named, 0, COLOUR_WORDS["bronze"])}
    return labels, colours


def animal(width: int, height: int, fill: float, named: list[RGB], kind: str) -> Drawing:
    """A four-legged animal seen from the side, facing right (east)."""
    labels, ys, xs, size = _canvas(width, height)
    def p(x: float, y: float) -> tuple[float, float]:
        return _at(width, height, fill, x, y)
    s = size * fill
    for x0, x1 in ((0.3, 0.27), (0.4, 0.43), (0.64, 0.61), (0.74, 0.77)):
        labels[segment_distance(ys, xs, p(x0, 0.6), p(x1, 0.92)) <= s * 0.045] = TRIM
    labels[segment_distance(ys, xs, p(0.22, 0.5), p(0.06, 0.3)) <= s * 0.035] = MAIN  # tail
    labels[ellipse(ys, xs, p(0.52, 0.55), s * 0.3, s * 0.15) <= 1] = MAIN
    labels[ellipse(ys, xs, p(0.8, 0.36), s * 0.13, s * 0.12) <= 1] = MAIN
    for ex in (0.74, 0.86):  # ears
        ear = segment_distance(ys, xs, p(ex, 0.3), p(ex + 0.02, 0.17)) <= s * 0.035
        labels[ear] = MAIN
    labels[ellipse(ys, xs, p(0.92, 0.4), s * 0.06, s * 0.05) <= 1] = DETAIL  # muzzle
    ey, ex = (int(v) for v in p(0.84, 0.33)[::-1])
    if 0 <= ey < height and 0 <= ex < width:
        labels[ey, ex] = EYE
    colours = {MAIN: _named(named, 0, COLOUR_WORDS["brown"]),
               TRIM: _named(named, 1, _named(named, 0, COLOUR_WORDS["brown"])),
               DETAIL: COLOUR_WORDS["beige"]}
    return labels, colours


THINGS: dict[str, tuple[Drawer, str]] = {
    **{w: (sword, w) for w in ("sword", "blade", "katana", "sabre", "saber", "dagger", "knife")},
    **{w: (axe, w) for w in ("axe", "hatchet")},
    **{w: (staff, w) for w in ("staff", "wand", "rod", "spear", "lance")},
    **{w: (tree, w) for w in ("tree", "oak", "pine", "bush", "palm")},
    **{w: (potion, w) for w in ("potion", "bottle", "flask", "elixir")},
    **{w: (gem, w) for w in ("gem", "crystal", "diamond", "ruby", "emerald", "sapphire",
                              "jewel")},
    **{w: (coin, w) for w in ("coin", "medal", "token")},
    **{w: (animal, w) for w in ("cat", "dog", "fox", "wolf", "horse", "deer", "pig", "cow",
                                 "lion", "tiger", "bear", "sheep", "goat", "rabbit", "bunny")},
}


def find_thing(words: list[str]) -> tuple[Drawer, str] | None:
    """The drawer for the first thing named ("potion of fire" -> potion)."""
    for word in words:
        thing = THINGS.get(word) or THINGS.get(word.rstrip("s"))
        if thing is not None:
            return thing
    return None


def draw_thing(description: str, width: int, height: int, fill: float) -> Drawing | None:
    """Labels and colours for a known thing in ``description``; None when none is named."""
    thing = find_thing(re.findall(r"[a-z]+", description.lower()))
    if thing is None:
        return None
    drawer, kind = thing
    return drawer(width, height, fill, colours_from_text(description), kind)
