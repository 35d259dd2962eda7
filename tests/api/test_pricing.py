"""Expected cost before sending matches the documented price rules."""

from __future__ import annotations

import pytest
from PIL import Image

from studio.api.models import (
    AnimateCharacterRequest,
    AnimateWithTextV3Request,
    BitforgeRequest,
    EditAnimationV2Request,
    EditImageRequest,
    EstimateSkeletonRequest,
    Generate8RotationsV3Request,
    GenerateImageV2Request,
    GenerateWithStyleV2Request,
    InpaintV3Request,
    InterpolationV2Request,
    PixenRequest,
    PixfluxRequest,
    TilesetRequest,
)
from studio.api.pricing import ExpectedCost, expected_cost


def img(width: int, height: int | None = None) -> Image.Image:
    return Image.new("RGBA", (width, height or width), (9, 9, 9, 255))


@pytest.mark.parametrize(("side", "frames", "usd", "generations"), [
    (32, 4, 0.0221, 1), (256, 8, 0.0302, 8), (128, 16, 0.0424, 9),  # listed USD
    (64, 4, None, 1), (64, 8, None, 2), (64, 16, None, 3),  # the docs' generation table
    (128, 4, None, 3), (128, 8, None, 5),
    (96, 6, None, 1), (180, 16, None, 8),  # ceil(w*h*frames / 65536) elsewhere
])
def test_animate_v3_listed_prices_and_generations(side: int, frames: int, usd: float | None,
                                                  generations: int) -> None:
    cost = expected_cost(AnimateWithTextV3Request(first_frame=img(side), action="a",
                                                  frame_count=frames))
    assert cost is not None and cost.generations == generations
    if usd is not None:
        assert cost.usd == usd
    assert 0.0221 <= cost.usd <= 0.045  # within the listed range (180x180x16: just above)


@pytest.mark.parametrize(("size", "usd", "generations"), [
    ((16, 16), 0.095, 20), ((128, 128), 0.095, 20), ((256, 256), 0.095, 20),
    ((300, 300), 0.125, 25), ((341, 341), 0.125, 40), ((512, 512), 0.185, 40),
    ((688, 384), 0.185, 40),
])
def test_pro_ladder(size: tuple[int, int], usd: float, generations: int) -> None:
    cost = expected_cost(GenerateImageV2Request(description="d", image_size=size))
    assert (cost.usd, cost.generations) == (usd, generations)


def test_pro_routes_priced_by_their_output() -> None:
    inpaint = expected_cost(InpaintV3Request(description="d", inpainting_image=img(400),
                                             mask_image=img(400)))
    assert inpaint == ExpectedCost(0.185, 40)
    style = expected_cost(GenerateWithStyleV2Request(style_images=[img(64)], description="d"))
    assert style == ExpectedCost(0.095, 20)
    frames = [img(160)] * 2
    edit = expected_cost(EditAnimationV2Request(description="d", frames=frames,
                                                image_size=(160, 160)))
    assert edit == ExpectedCost(0.125)  # animation routes break at 128, 170, 256
    between = expected_cost(InterpolationV2Request(start_image=img(64), end_image=img(64),
                                                   action="a", image_size=(64, 64)))
    assert between == ExpectedCost(0.095)


def test_interpolated_by_area_and_rounded_up() -> None:
    assert expected_cost(PixfluxRequest(description="d", image_size=(64, 64))).usd == 0.0079
    assert expected_cost(PixfluxRequest(description="d", image_size=(400, 400))).usd == 0.0132
    middle = expected_cost(PixfluxRequest(description="d", image_size=(200, 200))).usd
    assert 0.0079 < middle < 0.0132
    # 200x200 lies (40000-4096)/(160000-4096) of the way: 0.0079 + 0.0053 * 0.2303 = 0.009121
    assert middle == 0.0092
    assert expected_cost(PixfluxRequest(description="d", image_size=(32, 32))).usd == 0.0079
    pixen = expected_cost(PixenRequest(description="d", image_size=(512, 512)))
    assert (pixen.usd, pixen.generations) == (0.0169, 1)
    rotations = expected_cost(Generate8RotationsV3Request(first_frame=img(64)))
    assert rotations.usd == 0.034


def test_single_listed_size_is_a_lower_bound_above_it() -> None:
    small = expected_cost(BitforgeRequest(description="d", image_size=(64, 64)))
    assert small == ExpectedCost(0.0072)
    big = expected_cost(BitforgeRequest(description="d", image_size=(128, 128)))
    assert big.at_least and big.describe() == "at least about $0.0072"
    edit = expected_cost(EditImageRequest(image=img(64), image_size=(64, 64), description="d",
                                          width=64, height=64))
    assert edit.usd == 0.0118


def test_other_old_endpoints() -> None:
    assert expected_cost(EstimateSkeletonRequest(image=img(32))).usd == 0.005
    assert expected_cost(TilesetRequest(lower_description="a", upper_description="b")).usd \
        == 0.0079
    assert expected_cost(TilesetRequest(lower_description="a", upper_description="b",
                                        tile_size=(32, 32))).usd == 0.0099
    two = expected_cost(AnimateCharacterRequest(character_id="c", template_animation_id="walk",
                                                directions=["south", "north"]))
    assert two == ExpectedCost(0.064)


def test_unknown_when_the_rules_do_not_say() -> None:
    assert expected_cost(object()) is None
    assert ExpectedCost(None, None).describe() == "unknown"
    assert ExpectedCost(0.0302, 8).describe() == "about $0.0302 · 8 generations"
    assert ExpectedCost(0.007, 1).describe() == "about $0.0070 · 1 generation"


def test_estimate_without_a_request_matches_the_request() -> None:
    from studio.api.pricing import estimate

    request = AnimateWithTextV3Request(first_frame=img(128), action="a", frame_count=16)
    assert estimate("animate_with_text_v3", 128, 128, frame_count=16) == expected_cost(request)
    assert estimate("generate_image_v2", 512, 512) == ExpectedCost(0.185, 40)
    assert estimate("edit_image", 64, 64) == ExpectedCost(0.0118)
    assert estimate("animate_character", 64, 64, directions=2) == ExpectedCost(0.064)
    assert estimate("create_tileset", 32, 32) == ExpectedCost(0.0099)
    assert estimate("no_such_route", 64, 64) is None
