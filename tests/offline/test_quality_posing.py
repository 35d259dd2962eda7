"""Issue 22, animation of the engine's own people: re-drawn in each pose, so limbs stay whole."""

from __future__ import annotations

import httpx
import numpy as np

from studio.offline.algorithms.sprites import SpriteStyle, generate_sprite

from .conftest import b64_png, decode

SIZE = {"width": 64, "height": 64}


def lift(points: list[dict], label: str, dx: float, dy: float) -> list[dict]:
    return [{**p, "x": p["x"] + dx, "y": p["y"] + dy} if p["label"] == label else p
            for p in points]


def test_own_person_is_redrawn_for_every_pose(http: httpx.Client) -> None:
    body = {"description": "green wizard", "image_size": SIZE, "seed": 4}
    sprite = decode(http.post("/create-image-pixflux", json=body).json()["image"])
    pose = http.post("/estimate-skeleton", json={"image": b64_png(sprite)}).json()["keypoints"]
    raised = lift(lift(pose, "LEFT ELBOW", 6, -8), "LEFT ARM", 10, -20)
    response = http.post("/animate-with-skeleton", json={
        "image_size": SIZE, "reference_image": b64_png(sprite),
        "skeleton_keypoints": [pose, raised]})
    first, second = (decode(i) for i in response.json()["images"])
    assert (first == sprite).all()
    expected = generate_sprite("green wizard", 64, 64, 4, SpriteStyle(no_background=False),
                               joint_offsets={"LEFT ELBOW": (6, -8), "LEFT ARM": (10, -20)})
    assert (second == expected).all()
    wrist = next(p for p in raised if p["label"] == "LEFT ARM")
    x, y = int(wrist["x"]), int(wrist["y"])
    background = tuple(sprite[0, 0])
    # the raised hand is drawn where the wrist went, and the figure keeps its colours
    assert any(tuple(second[y + dy, x + dx]) != background
               for dy in range(-2, 3) for dx in range(-2, 3))
    assert {tuple(c) for c in second.reshape(-1, 4)} <= {tuple(c) for c in sprite.reshape(-1, 4)}


def test_bitforge_draws_a_person_in_the_requested_pose(http: httpx.Client) -> None:
    plain = decode(http.post("/create-image-bitforge", json={
        "description": "knight", "image_size": SIZE, "seed": 2, "no_background": True}).json()[
        "image"])
    pose = http.post("/estimate-skeleton", json={"image": b64_png(plain)}).json()["keypoints"]
    arms_up = lift(lift(pose, "RIGHT ARM", -4, -24), "LEFT ARM", 4, -24)
    posed = decode(http.post("/create-image-bitforge", json={
        "description": "knight", "image_size": SIZE, "seed": 2, "no_background": True,
        "skeleton_keypoints": arms_up}).json()["image"])
    rows = np.nonzero((posed[..., 3] > 0).any(axis=1))[0]
    plain_rows = np.nonzero((plain[..., 3] > 0).any(axis=1))[0]
    assert rows[0] <= plain_rows[0]  # hands at or above the head
    for label in ("RIGHT ARM", "LEFT ARM"):
        wrist = next(p for p in arms_up if p["label"] == label)
        x, y = int(wrist["x"]), int(wrist["y"])
        assert (posed[max(0, y - 2):y + 3, max(0, x - 2):x + 3, 3] > 0).any(), label
