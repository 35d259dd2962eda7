"""Issue 22, figure work: skeletons and skeletal animation on sprites with an opaque background.

The ground truth is the same sprite drawn without a background: its opaque pixels are the figure.
"""

from __future__ import annotations

import numpy as np
import pytest

from studio.offline.algorithms.figure import figure_bbox, figure_mask
from studio.offline.algorithms.motion import motion_frames
from studio.offline.algorithms.skeleton import estimate_skeleton
from studio.offline.algorithms.sprites import SpriteStyle, generate_sprite
from studio.offline.algorithms.warp import animate_skeleton

from .conftest import b64_png, decode

SPRITES = [("blue knight", 11, 64, None), ("green wizard", 4, 64, None),
           ("girl in a pink dress", 9, 96, "east"), ("red slime monster", 5, 64, None),
           ("orange cat", 2, 48, None), ("old wizard", 21, 128, "south-east")]


def opaque_and_truth(description: str, seed: int, size: int, direction: str | None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The sprite on its default background, and the figure's own pixels (no background)."""
    def draw(no_background: bool) -> np.ndarray:
        return generate_sprite(description, size, size, seed,
                               SpriteStyle(no_background=no_background), direction=direction)
    return draw(False), draw(True)[..., 3] > 0


@pytest.mark.parametrize(("description", "seed", "size", "direction"), SPRITES)
def test_figure_mask_of_an_opaque_sprite_is_the_figure(description: str, seed: int, size: int,
                                                        direction: str | None) -> None:
    sprite, truth = opaque_and_truth(description, seed, size, direction)
    assert (sprite[..., 3] == 255).all()
    mask = figure_mask(sprite)
    assert (mask == truth).mean() > 0.995


def test_figure_keeps_enclosed_background_coloured_pixels() -> None:
    img = np.zeros((20, 20, 4), dtype=np.uint8)
    img[...] = (200, 200, 200, 255)
    img[5:15, 5:15] = (10, 10, 10, 255)  # a ring ...
    img[8:12, 8:12] = (200, 200, 200, 255)  # ... around background-coloured pixels
    mask = figure_mask(img)
    assert mask[5:15, 5:15].all() and not mask[:5].any() and mask.sum() == 100


@pytest.mark.parametrize(("description", "seed", "size", "direction"), SPRITES)
def test_estimated_joints_lie_in_the_figure_on_opaque_sprites(
        description: str, seed: int, size: int, direction: str | None) -> None:
    sprite, truth = opaque_and_truth(description, seed, size, direction)
    x, y, w, h = figure_bbox(truth)
    points = estimate_skeleton(sprite)
    inside = [x <= p["x"] <= x + w and y <= p["y"] <= y + h for p in points]
    assert all(inside), [p["label"] for p, ok in zip(points, inside, strict=True) if not ok]
    assert all(truth[int(p["y"]), int(p["x"])] for p in points)


def _wave(points: list[dict], amount: float) -> list[dict]:
    moves = {"LEFT ELBOW": (6, -8), "LEFT ARM": (10, -20), "RIGHT KNEE": (-3, -2),
             "RIGHT LEG": (-6, -3)}
    return [{**p, "x": p["x"] + moves.get(p["label"], (0, 0))[0] * amount,
             "y": p["y"] + moves.get(p["label"], (0, 0))[1] * amount} for p in points]


@pytest.mark.parametrize(("description", "seed", "size", "direction"), SPRITES[:3])
def test_skeleton_animation_moves_only_the_figure(description: str, seed: int, size: int,
                                                  direction: str | None) -> None:
    sprite, truth = opaque_and_truth(description, seed, size, direction)
    pose = estimate_skeleton(sprite)
    shifted = [{**p, "x": p["x"] + 5} for p in pose]
    frames = animate_skeleton(sprite, [pose, _wave(pose, 1.0), shifted])
    assert (frames[0] == sprite).all()  # the reference pose reproduces the reference
    background = sprite[~truth][0]
    for frame in frames[1:]:
        assert (frame[..., 3] == 255).all()  # no transparent holes
        figure_now = figure_mask(frame)
        still = ~truth & ~figure_now
        assert (frame[still] == sprite[still]).all()  # background pixels unchanged
        uncovered = truth & ~figure_now
        assert uncovered.any() and (frame[uncovered][:, :3] == background[:3]).all()
    moved = frames[2]
    expected = np.zeros_like(truth)
    expected[:, 5:] = truth[:, :-5]
    assert (figure_mask(moved) == expected).mean() > 0.99


def test_skeleton_animation_over_http_keeps_the_background(http) -> None:
    sprite, truth = opaque_and_truth("blue knight", 11, 64, None)
    pose = http.post("/estimate-skeleton", json={"image": b64_png(sprite)}).json()["keypoints"]
    response = http.post("/animate-with-skeleton", json={
        "image_size": {"width": 64, "height": 64}, "reference_image": b64_png(sprite),
        "skeleton_keypoints": [pose, _wave(pose, 1.0)]})
    assert response.status_code == 200, response.text
    frame = decode(response.json()["images"][1])
    still = ~truth & ~figure_mask(frame)
    assert (frame[..., 3] == 255).all() and (frame[still] == sprite[still]).all()


@pytest.mark.parametrize("action", ["walk", "idle", "wave"])
def test_text_animation_moves_only_the_figure(action: str) -> None:
    sprite, truth = opaque_and_truth("blue knight", 11, 64, None)
    frames = motion_frames(sprite, action, 4)
    assert any((frame != sprite).any() for frame in frames)
    for frame in frames:
        assert (frame[..., 3] == 255).all()
        still = ~truth & ~figure_mask(frame)
        assert (frame[still] == sprite[still]).all()


def test_a_textured_background_is_continued_under_a_moved_figure() -> None:
    sprite, truth = opaque_and_truth("blue knight", 11, 64, None)
    ys, xs = np.mgrid[0:64, 0:64]
    stripes = np.where(((ys // 2 + xs // 3) % 5 == 0)[..., None], (150, 170, 200, 255),
                       (200, 205, 215, 255)).astype(np.uint8)
    sprite = np.where(truth[..., None], sprite, stripes).astype(np.uint8)
    assert (figure_mask(sprite) == truth).mean() > 0.99
    pose = estimate_skeleton(sprite)
    frame = animate_skeleton(sprite, [pose, [{**p, "x": p["x"] + 5} for p in pose]])[1]
    assert (frame[..., 3] == 255).all()
    uncovered = truth & ~figure_mask(frame)
    background_colours = {tuple(c) for c in stripes[~truth].reshape(-1, 4)}
    assert {tuple(c) for c in frame[uncovered]} <= background_colours


def test_a_raised_arm_takes_its_sleeve_and_leaves_the_tunic_whole() -> None:
    img = np.zeros((64, 64, 4), dtype=np.uint8)
    img[...] = (196, 214, 178, 255)
    img[8:20, 26:38] = (240, 200, 160, 255)  # head
    img[20:40, 24:40] = (180, 40, 40, 255)  # tunic
    img[21:38, 19:24] = img[21:38, 40:45] = (150, 30, 30, 255)  # sleeves against the tunic
    img[40:56, 26:31] = img[40:56, 33:38] = (60, 60, 90, 255)  # legs
    pose = estimate_skeleton(img)
    frame = animate_skeleton(img, [pose, _wave(pose, 1.0)])[1]
    tunic = (img[..., :3] == (180, 40, 40)).all(axis=2)
    kept = {tuple(c) for c in frame[tunic][:, :3]}
    # no tear: the tunic, or a limb drawn over it, never the background showing through
    assert kept <= {(180, 40, 40), (150, 30, 30), (60, 60, 90)}
    assert (frame[..., :3] == (180, 40, 40)).all(axis=2).sum() >= 0.9 * tunic.sum()
    sleeve = (frame[..., :3] == (150, 30, 30)).all(axis=2)
    assert sleeve[:21].sum() >= 20  # the image-right sleeve went up with the arm
    assert sleeve.sum() >= 0.9 * 170  # and came along whole
