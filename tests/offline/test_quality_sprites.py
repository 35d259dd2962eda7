"""Issue 22, sprites: named things get their own silhouette instead of the generic blob."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from studio.offline.algorithms.sprites import SpriteStyle, generate_sprite

THINGS = ["golden sword", "battle axe", "magic staff", "oak tree", "health potion", "blue gem",
          "gold coin", "orange cat"]


def silhouette(description: str, direction: str | None = None) -> np.ndarray:
    return generate_sprite(description, 48, 48, 4, SpriteStyle(no_background=True),
                           direction=direction)[..., 3] > 0


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / (a | b).sum())


def test_each_thing_has_its_own_shape() -> None:
    blob = silhouette("strange thing")
    shapes = {thing: silhouette(thing) for thing in THINGS}
    for thing, shape in shapes.items():
        assert shape.sum() > 80, thing
        assert overlap(shape, blob) < 0.9, thing
    for a, b in itertools.combinations(THINGS, 2):
        assert overlap(shapes[a], shapes[b]) < 0.8, (a, b)


@pytest.mark.parametrize(("description", "colour"), [("golden sword", (225, 180, 40)),
                                                     ("red potion", (200, 40, 40))])
def test_named_colours_colour_the_thing(description: str, colour: tuple[int, int, int]) -> None:
    sprite = generate_sprite(description, 48, 48, 4, SpriteStyle(no_background=True))
    inside = sprite[sprite[..., 3] > 0][:, :3].astype(int)
    distance = np.abs(inside - np.array(colour)).sum(axis=1)
    assert np.mean(distance < 150) > 0.5


def test_animals_turn_by_mirroring_and_people_stay_people() -> None:
    assert (silhouette("orange cat", "west") == silhouette("orange cat", "east")[:, ::-1]).all()
    knight = silhouette("knight with a sword")
    assert overlap(knight, silhouette("blue knight")) > 0.9
