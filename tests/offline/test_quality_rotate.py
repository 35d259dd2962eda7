"""Issue 22, rotate: every direction is answered; the engine's own sprites are re-drawn exactly,
anything else is approximated and the answer says so."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from studio.core.workflows.rotate_sheet import missing_directions
from studio.offline.algorithms.sprites import SpriteStyle, generate_sprite

from .conftest import b64_png, decode, sprite_fixture

COMPASS = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
           "south-west")


def rotate(http: httpx.Client, image: np.ndarray, source: str, target: str, **extra) -> dict:
    size = {"width": image.shape[1], "height": image.shape[0]}
    response = http.post("/rotate", json={"image_size": size, "from_image": b64_png(image),
                                          "from_direction": source, "to_direction": target,
                                          **extra})
    assert response.status_code == 200, response.text
    return response.json()


def assert_drawn(image: np.ndarray, source: np.ndarray) -> None:
    """Not blank: a figure of a sensible size, in more than one colour."""
    opaque = image[..., 3] > 0
    assert opaque.sum() >= 0.4 * (source[..., 3] > 0).sum()
    assert len(np.unique(image[opaque][:, :3], axis=0)) > 2


def pixflux(http: httpx.Client, description: str, direction: str, **extra) -> np.ndarray:
    body = {"description": description, "image_size": {"width": 64, "height": 64}, "seed": 5,
            "direction": direction, **extra}
    return decode(http.post("/create-image-pixflux", json=body).json()["image"])


@pytest.mark.parametrize("count", [4, 8])
@pytest.mark.parametrize("facing", ["east", "south", "north-west"])
def test_every_direction_of_a_sheet_is_answered_for_any_sprite(http: httpx.Client, count: int,
                                                               facing: str) -> None:
    source = sprite_fixture(48)
    answers = {}
    for target in missing_directions(facing, count):
        body = rotate(http, source, facing, target)
        assert body["note"].startswith("Approximation: the offline engine")
        answers[target] = decode(body["image"])
        assert_drawn(answers[target], source)
    assert len(answers) >= count - 1  # the sheet is complete: every missing direction drawn


@pytest.mark.parametrize("description", ["blue knight", "red slime monster"])
def test_the_engines_own_sprites_are_redrawn_facing_each_direction(http: httpx.Client,
                                                                   description: str) -> None:
    source = pixflux(http, description, "east", no_background=True)
    for target in COMPASS:
        body = rotate(http, source, "east", target)
        assert "note" not in body
        expected = generate_sprite(description, 64, 64, 5, SpriteStyle(no_background=True),
                                   direction=target)
        assert (decode(body["image"]) == expected).all(), target
    back = decode(rotate(http, source, "east", "north")["image"])
    front = decode(rotate(http, source, "east", "south")["image"])
    assert (back != front).any()  # the back is not the front


def test_redrawn_rotation_can_be_rotated_again(http: httpx.Client) -> None:
    source = pixflux(http, "green wizard", "south")  # on its default background
    north = decode(rotate(http, source, "south", "north")["image"])
    again = rotate(http, north, "north", "west")
    assert "note" not in again
    assert (decode(again["image"]) == generate_sprite(
        "green wizard", 64, 64, 5, SpriteStyle(no_background=False), direction="west")).all()


def test_an_approximation_keeps_an_opaque_background(http: httpx.Client) -> None:
    source = sprite_fixture(64)
    source[source[..., 3] == 0] = (90, 140, 90, 255)
    for target in ("south", "north", "south-west"):
        image = decode(rotate(http, source, "east", target)["image"])
        assert (image[..., 3] == 255).all()
        assert (image[0] == source[0]).all() and (image[:, 0] == source[:, 0]).all()
        figure = (image[..., :3] != (90, 140, 90)).any(axis=2)
        assert figure.sum() >= 0.4 * (source[..., :3] != (90, 140, 90)).any(axis=2).sum()


def test_degree_and_view_changes_are_answered_with_a_note(http: httpx.Client) -> None:
    source = sprite_fixture(32)
    size = {"width": 32, "height": 32}
    turned = http.post("/rotate", json={"image_size": size, "from_image": b64_png(source),
                                        "from_direction": "south", "direction_change": 90})
    assert turned.status_code == 200 and "west view" in turned.json()["note"]
    viewed = http.post("/rotate", json={"image_size": size, "from_image": b64_png(source),
                                        "from_view": "side", "to_view": "high top-down"})
    assert viewed.status_code == 200 and "high top-down" in viewed.json()["note"]
    image = decode(viewed.json()["image"])
    rows = np.nonzero((image[..., 3] > 0).any(axis=1))[0]
    source_rows = np.nonzero((source[..., 3] > 0).any(axis=1))[0]
    assert np.ptp(rows) < np.ptp(source_rows) and rows[-1] == source_rows[-1]
