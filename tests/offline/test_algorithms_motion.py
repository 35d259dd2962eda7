"""Skeleton estimate, skeletal warp, motion cycles, Wang tiles and isometric tiles."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from studio.offline.algorithms.isometric import LEFT, RIGHT, TOP, isometric_faces, isometric_tile
from studio.offline.algorithms.motion import choose_cycle, motion_frames
from studio.offline.algorithms.skeleton import LABELS, estimate_skeleton
from studio.offline.algorithms.wang import LOWER, TRANSITION, UPPER, classify, wang_tileset
from studio.offline.algorithms.warp import animate_skeleton, pose_from_keypoints

from .conftest import sprite_fixture


def test_estimate_gives_18_labelled_points_on_the_silhouette() -> None:
    img = sprite_fixture(64)
    points = estimate_skeleton(img)
    assert [p["label"] for p in points] == list(LABELS)
    for p in points:
        assert img[int(p["y"]), int(p["x"]), 3] == 255
    by = {p["label"]: p for p in points}
    assert by["NOSE"]["y"] < by["NECK"]["y"] < by["RIGHT HIP"]["y"] < by["RIGHT LEG"]["y"]
    assert by["RIGHT SHOULDER"]["x"] < by["LEFT SHOULDER"]["x"]


def _pose(points: list[dict], **moves: tuple[float, float]) -> list[dict]:
    out = []
    for p in points:
        dx, dy = moves.get(p["label"].replace(" ", "_"), (0.0, 0.0))
        out.append({**p, "x": p["x"] + dx, "y": p["y"] + dy})
    return out


def test_warp_identity_pose_reproduces_the_reference() -> None:
    img = sprite_fixture(64)
    pose = estimate_skeleton(img)
    frames = animate_skeleton(img, [pose, pose, pose])
    assert len(frames) == 3
    assert all((frame == img).all() for frame in frames)


def test_warp_moves_pixels_with_their_bones() -> None:
    img = sprite_fixture(64)
    pose = estimate_skeleton(img)
    shifted = [{**p, "x": p["x"] + 6} for p in pose]  # the whole body moves right
    frame = animate_skeleton(img, [pose, shifted])[1]
    expected = np.zeros_like(img)
    expected[:, 6:] = img[:, :-6]
    assert (frame[..., 3] > 0).sum() == pytest.approx((img[..., 3] > 0).sum(), rel=0.02)
    assert (frame == expected).mean() > 0.98
    raised = _pose(pose, RIGHT_ARM=(-4.0, -12.0), RIGHT_ELBOW=(-2.0, -6.0))
    moved = animate_skeleton(img, [pose, raised])[1]
    assert (moved != img).any()
    assert {tuple(c) for c in moved.reshape(-1, 4)} <= {tuple(c) for c in img.reshape(-1, 4)}


def test_warp_accepts_normalised_keypoints() -> None:
    pose, _ = pose_from_keypoints([{"x": 0.5, "y": 0.25, "label": "NOSE"}], 64, 32)
    assert pose["NOSE"] == (32.0, 8.0)


def test_z_index_decides_which_bone_is_in_front() -> None:
    img = np.zeros((32, 32, 4), dtype=np.uint8)
    img[4:28, 14:18] = (255, 0, 0, 255)  # a vertical bar (neck -> hip)
    img[14:18, 2:10] = (0, 0, 255, 255)  # a horizontal bar (left arm)
    base = [{"x": 16.0, "y": 4.0, "label": "NECK"}, {"x": 16.0, "y": 28.0, "label": "RIGHT HIP"},
            {"x": 10.0, "y": 16.0, "label": "LEFT SHOULDER"},
            {"x": 2.0, "y": 16.0, "label": "LEFT ELBOW"}]

    def frame(z_arm: float) -> np.ndarray:
        target = [dict(p) for p in base]
        target[2].update(x=22.0, z_index=z_arm)  # the arm swings over the body
        target[3].update(x=14.0, z_index=z_arm)
        return animate_skeleton(img, [base, target])[1]

    assert tuple(frame(5.0)[16, 16]) == (0, 0, 255, 255)
    assert tuple(frame(-5.0)[16, 16]) == (255, 0, 0, 255)


@pytest.mark.parametrize(("action", "cycle"), [("walking forward", "step"), ("idle", "bob"),
                                               ("waving hello", "sway"), ("xyzzy", "bob")])
def test_choose_cycle(action: str, cycle: str) -> None:
    assert choose_cycle(action) == cycle


@pytest.mark.parametrize("action", ["walk", "jump", "wave"])
def test_motion_frames_are_four_distinct_frames_of_the_same_size(action: str) -> None:
    img = sprite_fixture(64)
    frames = motion_frames(img, action)
    assert len(frames) == 4 and all(f.shape == img.shape for f in frames)
    assert len({f.tobytes() for f in frames}) >= 2
    assert (frames[0] == img).all()  # phase 0 is the rest pose
    colours = {tuple(c) for c in img.reshape(-1, 4)}
    for frame in frames:
        assert {tuple(c) for c in frame.reshape(-1, 4)} <= colours


def test_motion_start_frame_index_shifts_the_phase() -> None:
    img = sprite_fixture(64)
    full = motion_frames(img, "bounce", n_frames=8) + motion_frames(img, "bounce", 8, 4)
    window = motion_frames(img, "bounce", n_frames=8, start_frame_index=2)
    assert all((a == b).all() for a, b in zip(window, full[2:6], strict=True))


def test_wang_tiles_cover_all_corner_combinations() -> None:
    tiles = wang_tileset("ocean", "sand", 16, 16, 3)
    keys = {tuple(t.corners[c] for c in ("NW", "NE", "SW", "SE")) for t in tiles}
    assert keys == set(itertools.product(("lower", "upper"), repeat=4))
    for tile in tiles:
        assert tile.image.shape == (16, 16, 4) and (tile.image[..., 3] == 255).all()
    all_lower = next(t for t in tiles if t.index == 0)
    all_upper = next(t for t in tiles if t.index == 15)
    assert (all_lower.classes == LOWER).all() and (all_upper.classes == UPPER).all()


@pytest.mark.parametrize("transition", [0.0, 0.25, 0.5])
def test_wang_seams_depend_only_on_the_edge_corners(transition: float) -> None:
    tiles = wang_tileset("grass", "dirt", 32, 16, 11, transition_size=transition)
    edges = {"N": ("NW", "NE"), "S": ("SW", "SE"), "W": ("NW", "SW"), "E": ("NE", "SE")}

    def edge(tile, side: str) -> np.ndarray:
        c = tile.classes
        return {"N": c[0], "S": c[-1], "W": c[:, 0], "E": c[:, -1]}[side]

    for a, b in itertools.product(tiles, repeat=2):
        # b to the right of a / below a: shared edge corner values match -> same classes
        if (a.corners["NE"], a.corners["SE"]) == (b.corners["NW"], b.corners["SW"]):
            assert (edge(a, "E") == edge(b, "W")).all()
        if (a.corners["SW"], a.corners["SE"]) == (b.corners["NW"], b.corners["NE"]):
            assert (edge(a, "S") == edge(b, "N")).all()
        for side, names in edges.items():
            if [a.corners[n] for n in names] == [b.corners[n] for n in names]:
                assert (edge(a, side) == edge(b, side)).all()


def test_transition_size_widens_the_band() -> None:
    noise = np.full((16, 16), 0.5)
    counts = [int((classify((1, 0, 1, 0), 16, 16, t, noise) == TRANSITION).sum())
              for t in (0.0, 0.25, 0.5)]
    assert counts[0] == 0 < counts[1] < counts[2]


def test_wang_reference_images_set_the_terrain_colours() -> None:
    red = np.zeros((8, 8, 4), dtype=np.uint8)
    red[...] = (220, 10, 10, 255)
    tiles = wang_tileset("anything", "else", 16, 16, 2, lower_reference=red)
    lower = next(t for t in tiles if t.index == 0).image
    assert (lower[..., 0] > 150).all() and (lower[..., 1] < 60).all()


@pytest.mark.parametrize(("shape", "fraction"), [("thin tile", 0.15), ("thick tile", 0.25),
                                                 ("block", 0.5)])
def test_isometric_faces_have_the_requested_thickness(shape: str, fraction: float) -> None:
    faces = isometric_faces(32, 32, shape)
    side_rows = np.nonzero(((faces == LEFT) | (faces == RIGHT)).any(axis=1))[0]
    top_cols = np.nonzero((faces == TOP).any(axis=0))[0]
    assert len(top_cols) >= 30
    centre_side = np.nonzero(faces[:, 15] == LEFT)[0]
    assert abs(len(centre_side) - fraction * 32) <= 2
    assert side_rows.max() <= 31


def test_isometric_tile_shading_top_lighter_than_sides() -> None:
    tile = isometric_tile("grass block", 32, 32, 4)
    faces = isometric_faces(32, 32, "block")
    lum = tile[..., :3].astype(int) @ np.array([299, 587, 114])
    assert lum[faces == TOP].mean() > lum[faces == LEFT].mean() > lum[faces == RIGHT].mean()
    assert (tile[faces == 0, 3] == 0).all()
    assert (isometric_tile("grass block", 32, 32, 4) == tile).all()
