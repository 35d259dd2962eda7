"""Issue 22, characters: one character looks like itself in every direction and every frame
(same height and feet line, colours from one palette)."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from .conftest import decode
from .test_server_jobs import wait_job

PEOPLE = [("green wizard", None), ("knight in silver armor", None),
          ("red haired girl", {"type": "preset", "name": "chibi"}),
          ("old farmer", {"type": "preset", "name": "heroic"})]


def extent(image: np.ndarray) -> tuple[int, int]:
    """(height, bottom row) of the opaque pixels."""
    rows = np.nonzero((image[..., 3] > 0).any(axis=1))[0]
    return int(rows[-1] - rows[0] + 1), int(rows[-1])


def colours(image: np.ndarray) -> np.ndarray:
    return image[image[..., 3] > 0][:, :3]


def share_in(image: np.ndarray, palette: set[tuple[int, ...]]) -> float:
    """The fraction of the figure's pixels whose colour is in ``palette``."""
    return float(np.mean([tuple(c) in palette for c in colours(image)]))


def assert_same_character(images: dict[str, np.ndarray]) -> None:
    reference = images["south"]
    height, feet = extent(reference)
    palette = {tuple(c) for c in colours(reference)}
    for name, image in images.items():
        h, bottom = extent(image)
        assert abs(h - height) <= 1 and abs(bottom - feet) <= 1, (name, h, height)
        assert share_in(image, palette) >= 0.98, name


def create(http: httpx.Client, description: str, proportions: dict | None) -> dict:
    body = {"description": description, "image_size": {"width": 64, "height": 64}, "seed": 3}
    if proportions:
        body["proportions"] = proportions
    job = http.post("/create-character-with-8-directions", json=body).json()
    done = wait_job(http, job["background_job_id"])
    return {"id": job["character_id"], "images": dict(zip(
        done["last_response"]["directions"], map(decode, done["last_response"]["images"]),
        strict=True))}


@pytest.mark.parametrize(("description", "proportions"), PEOPLE)
def test_every_direction_shows_the_same_character(http: httpx.Client, description: str,
                                                  proportions: dict | None) -> None:
    character = create(http, description, proportions)
    assert len(character["images"]) == 8
    assert_same_character(character["images"])


@pytest.mark.parametrize("template", ["walking-4-frames", "breathing-idle", "jumping-1"])
def test_animation_frames_keep_the_characters_size_and_colours(http: httpx.Client,
                                                               template: str) -> None:
    character = create(http, "green wizard", None)
    submitted = http.post("/characters/animations", json={
        "character_id": character["id"], "template_animation_id": template,
        "directions": ["south", "east", "north", "west"]}).json()
    frames = {"south": character["images"]["south"]}
    for direction, job_id in zip(submitted["directions"], submitted["background_job_ids"],
                                 strict=True):
        images = wait_job(http, job_id)["last_response"]["images"]
        frames |= {f"{direction} {n}": decode(image) for n, image in enumerate(images)}
    assert len(frames) > 8
    if template.startswith("walking"):
        assert_same_character(frames)  # walking keeps both feet on the ground line
    else:  # a jump or a breath may move the figure up, but never changes its size or colours
        palette = {tuple(c) for c in colours(frames["south"])}
        heights = {extent(image)[0] for image in frames.values()}
        assert max(heights) - min(heights) <= 1
        assert all(share_in(image, palette) >= 0.98 for image in frames.values())
