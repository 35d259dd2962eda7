"""Palette, pixelate, sprite, inpaint and rotation algorithms, tested directly."""

from __future__ import annotations

import numpy as np
import pytest

from studio.offline.algorithms.colors import colours_from_text
from studio.offline.algorithms.common import add_outline, resolve_seed
from studio.offline.algorithms.inpaint import inpaint
from studio.offline.algorithms.palette import median_cut, palette_of, quantize, unique_colours
from studio.offline.algorithms.pixelate import pixelate
from studio.offline.algorithms.sprites import SpriteStyle, generate_sprite
from studio.offline.algorithms.turning import approximate_rotation, turned_direction

from .conftest import sprite_fixture


def gradient(h: int = 100, w: int = 120) -> np.ndarray:
    img = np.zeros((h, w, 4), dtype=np.uint8)
    img[..., 0] = np.linspace(0, 255, w, dtype=np.uint8)[None, :]
    img[..., 1] = np.linspace(0, 255, h, dtype=np.uint8)[:, None]
    img[..., 2] = 90
    img[..., 3] = 255
    return img


def test_median_cut_returns_at_most_count_colours_spanning_the_input() -> None:
    colours = gradient().reshape(-1, 4)[:, :3]
    palette = median_cut(colours, 8)
    assert 2 <= len(palette) <= 8
    assert palette[:, 0].min() < 64 and palette[:, 0].max() > 192


def test_quantize_uses_only_palette_colours_and_keeps_alpha() -> None:
    img = gradient()
    img[:10, :10, 3] = 0
    palette = np.array([[0, 0, 0], [255, 255, 255], [200, 40, 40]], dtype=np.uint8)
    out = quantize(img, palette)
    used = {tuple(c) for c in unique_colours(out)}
    assert used <= {tuple(c) for c in palette}
    assert (out[..., 3] == img[..., 3]).all()


def test_pixelate_resizes_and_limits_palette() -> None:
    out = pixelate(gradient(), 32, 24, detail="low detail")
    assert out.shape == (24, 32, 4)
    assert len(unique_colours(out)) <= 6


def test_pixelate_with_forced_palette_uses_exactly_those_colours() -> None:
    palette = np.array([[10, 10, 10], [240, 200, 20]], dtype=np.uint8)
    out = pixelate(gradient(), 16, 16, palette=palette)
    assert {tuple(c) for c in unique_colours(out)} <= {tuple(c) for c in palette}


def test_pixelate_no_background_removes_the_border_colour() -> None:
    img = np.full((64, 64, 4), (250, 250, 250, 255), dtype=np.uint8)
    img[16:48, 16:48] = (200, 30, 30, 255)
    out = pixelate(img, 32, 32, no_background=True)
    assert out[0, 0, 3] == 0 and out[16, 16, 3] == 255
    kept = pixelate(img, 32, 32, no_background=False)
    assert (kept[..., 3] == 255).all()


def test_outline_styles() -> None:
    img = np.zeros((10, 10, 4), dtype=np.uint8)
    img[3:7, 3:7] = (200, 100, 50, 255)
    black = add_outline(img, "single color black outline", (1, 2, 3))
    assert tuple(black[2, 4]) == (0, 0, 0, 255) and black[0, 0, 3] == 0
    single = add_outline(img, "single color outline", (1, 2, 3))
    assert tuple(single[2, 4, :3]) == (1, 2, 3)
    selective = add_outline(img, "selective outline", (1, 2, 3))
    assert tuple(selective[2, 4, :3]) == (90, 45, 22)
    assert (add_outline(img, "lineless", (0, 0, 0)) == img).all()


def test_colour_words_are_found_in_order() -> None:
    assert colours_from_text("A RED dragon with gold scales") == [(200, 40, 40), (225, 180, 40)]


@pytest.mark.parametrize("description", ["a red slime monster", "blue knight with a sword"])
def test_sprite_is_deterministic_symmetric_and_transparent(description: str) -> None:
    a = generate_sprite(description, 48, 40, 1234)
    b = generate_sprite(description, 48, 40, 1234)
    c = generate_sprite(description, 48, 40, 99)
    assert a.shape == (40, 48, 4) and a.dtype == np.uint8
    assert (a == b).all()
    assert (a[..., 3] == a[:, ::-1, 3]).all(), "silhouette is left/right symmetric"
    assert a[0, 0, 3] == 0 and (a[..., 3] == 255).sum() > 0.1 * 40 * 48
    assert not (a == c).all() or "knight" in description


def test_sprite_uses_colour_words_and_background_option() -> None:
    sprite = generate_sprite("red blob", 32, 32, 5, SpriteStyle(outline="lineless"))
    opaque = sprite[sprite[..., 3] == 255][:, :3].astype(int)
    assert (opaque[:, 0] > opaque[:, 2]).mean() > 0.8, "mostly red"
    filled = generate_sprite("red blob", 32, 32, 5, SpriteStyle(no_background=False))
    assert (filled[..., 3] == 255).all()


def test_shading_levels_change_colour_count() -> None:
    flat = generate_sprite("green blob", 64, 64, 3, SpriteStyle("lineless", "flat shading"))
    rich = generate_sprite("green blob", 64, 64, 3,
                           SpriteStyle("lineless", "highly detailed shading"))
    assert len(unique_colours(flat)) < len(unique_colours(rich))


def test_resolve_seed() -> None:
    assert resolve_seed(42) == 42
    assert resolve_seed(0) > 0 and resolve_seed(None) > 0


def test_inpaint_only_changes_masked_pixels_and_uses_existing_colours() -> None:
    img = sprite_fixture(64)
    img[img[..., 3] == 0] = (20, 120, 40, 255)  # opaque green background
    mask = np.zeros((64, 64), dtype=bool)
    mask[20:40, 10:50] = True
    out = inpaint(img, mask, seed=7)
    assert (out[~mask] == img[~mask]).all()
    before = {tuple(c) for c in img.reshape(-1, 4)}
    assert {tuple(c) for c in out.reshape(-1, 4)} <= before
    assert (out[mask] != img[mask]).any()


def test_inpaint_with_palette_recolours_only_the_hole() -> None:
    img = sprite_fixture(32)
    mask = np.zeros((32, 32), dtype=bool)
    mask[8:16, 8:16] = True
    palette = np.array([[255, 0, 255]], dtype=np.uint8)
    out = inpaint(img, mask, seed=1, palette=palette)
    assert (out[~mask] == img[~mask]).all()
    opaque_hole = out[mask][out[mask][:, 3] > 0]
    assert len(opaque_hole) and (opaque_hole[:, :3] == (255, 0, 255)).all()


def test_rotation_between_mirror_directions_is_an_exact_mirror() -> None:
    img = sprite_fixture(32)
    img[0, 0] = (1, 2, 3, 255)
    east = approximate_rotation(img, "west", "east")
    assert (east == img[:, ::-1]).all()
    assert (approximate_rotation(img, "south-east", "south-west")[0, -1] == (1, 2, 3, 255)).all()
    assert (approximate_rotation(img, "north", "north") == img).all()
    assert turned_direction("south", 90) == "west" and turned_direction("east", -45) == "north-east"


def test_palette_of_small_image_keeps_its_colours() -> None:
    img = sprite_fixture(16)
    assert len(palette_of(img, 16)) == 3


def test_proportion_presets_change_the_body() -> None:
    from studio.offline.algorithms.humanoid import HAIR, LEGS, SKIN, draw_humanoid
    from studio.offline.algorithms.proportions import PRESETS, Proportions

    def head_and_legs(p: Proportions) -> tuple[int, float]:
        """Head pixels, and the share of the figure's height taken by the legs."""
        labels = draw_humanoid(64, 64, "south", proportions=p)
        head = int(np.isin(labels[:32], (SKIN, HAIR)).sum())
        leg_rows = np.nonzero((labels == LEGS).any(axis=1))[0]
        rows = np.nonzero((labels > 0).any(axis=1))[0]
        return head, float(np.ptp(leg_rows) / np.ptp(rows))

    default_head, default_legs = head_and_legs(Proportions())
    chibi_head, chibi_legs = head_and_legs(PRESETS["chibi"])
    assert chibi_head > 1.5 * default_head and chibi_legs < default_legs
    _, long_legs = head_and_legs(Proportions(leg_length=2.0))
    assert long_legs > default_legs


def test_default_proportions_leave_the_standard_pose_unchanged() -> None:
    from studio.offline.algorithms.humanoid import body_box
    from studio.offline.algorithms.proportions import Proportions, reshape_pose
    from studio.offline.algorithms.skeleton import default_pose

    pose = default_pose(body_box(64, 64))
    reshaped, scale = reshape_pose(pose, body_box(64, 64)[3], Proportions())
    assert scale == pytest.approx(1.0)
    assert all(reshaped[k] == pytest.approx(pose[k]) for k in pose)
