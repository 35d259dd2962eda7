"""Request models: the API's ranges and enums, tuple sizes, PIL images, skeleton frames."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from PIL import Image

from studio.api import enums
from studio.api.images import encode_image, png_size
from studio.api.requests import (
    ENDPOINTS,
    AnimateCharacterRequest,
    AnimateWithSkeletonRequest,
    AnimateWithTextRequest,
    BitforgeRequest,
    CharacterRequest,
    EstimateSkeletonRequest,
    InpaintRequest,
    IsometricTileRequest,
    PixfluxRequest,
    RotateRequest,
    TilesetRequest,
)

IMG = Image.new("RGBA", (64, 64), (1, 2, 3, 255))

MINIMAL: dict[type, dict[str, Any]] = {
    PixfluxRequest: {"description": "a cat"},
    BitforgeRequest: {"description": "a cat"},
    InpaintRequest: {"description": "a cat", "inpainting_image": IMG, "mask_image": IMG},
    RotateRequest: {"from_image": IMG},
    AnimateWithSkeletonRequest: {"reference_image": IMG},
    AnimateWithTextRequest: {"description": "knight", "action": "walk", "reference_image": IMG},
    CharacterRequest: {"description": "knight"},
    IsometricTileRequest: {"description": "grass block"},
}


def fields_for(model: type, size: tuple[int, int]) -> dict[str, Any]:
    """The minimal fields with every image resized to ``size``."""
    return {k: (Image.new("RGBA", size) if v is IMG else v) for k, v in MINIMAL[model].items()}

SIZE_RANGES = [
    (PixfluxRequest, 16, 400),
    (BitforgeRequest, 16, 200),
    (InpaintRequest, 16, 200),
    (RotateRequest, 16, 200),
    (AnimateWithSkeletonRequest, 16, 256),
    (AnimateWithTextRequest, 64, 64),
    (CharacterRequest, 32, 400),
    (IsometricTileRequest, 16, 64),
]


def _errors(exc: pytest.ExceptionInfo[pydantic.ValidationError]) -> list[tuple[Any, ...]]:
    return [tuple(e["loc"]) for e in exc.value.errors()]


@pytest.mark.parametrize(("model", "low", "high"), SIZE_RANGES)
def test_image_size_ranges_per_endpoint(model: type, low: int, high: int) -> None:
    for good in ((low, low), (high, high), (low, high)):
        assert model(image_size=good, **fields_for(model, good)).image_size.as_tuple() == good
    for bad, loc in (((low - 1, low), "width"), ((low, high + 1), "height")):
        with pytest.raises(pydantic.ValidationError) as exc:
            model(image_size=bad, **fields_for(model, (low, low)))
        assert ("image_size", loc) in _errors(exc)


def test_image_size_forms() -> None:
    req = PixfluxRequest(description="x", image_size={"width": 20, "height": 30})
    assert req.to_api_json()["image_size"] == {"width": 20, "height": 30}
    assert PixfluxRequest(description="x", image_size=[20, 30]).image_size.as_tuple() == (20, 30)
    assert PixfluxRequest(description="x", image_size=48).image_size.as_tuple() == (48, 48)
    with pytest.raises(pydantic.ValidationError):
        PixfluxRequest(description="x", image_size=(20, 30, 40))


@pytest.mark.parametrize(
    ("model", "field", "bad", "good"),
    [
        (PixfluxRequest, "text_guidance_scale", 20.5, 20),
        (PixfluxRequest, "init_image_strength", 0, 999),
        (PixfluxRequest, "init_image_strength", 1000, 1),
        (BitforgeRequest, "style_strength", 101, 100),
        (BitforgeRequest, "skeleton_guidance_scale", 5.1, 0),
        (BitforgeRequest, "extra_guidance_scale", -1, 0),
        (InpaintRequest, "text_guidance_scale", 10.5, 10),
        (RotateRequest, "image_guidance_scale", 0.5, 1),
        (AnimateWithSkeletonRequest, "guidance_scale", 21, 4.0),
        (IsometricTileRequest, "isometric_tile_shape", "cube", "thin tile"),
        (PixfluxRequest, "outline", "thick", "lineless"),
        (PixfluxRequest, "shading", "soft", "highly detailed shading"),
        (PixfluxRequest, "detail", "high detail", "highly detailed"),
        (PixfluxRequest, "view", "perspective", "high top-down"),
        (PixfluxRequest, "direction", "up", "north-west"),
        (CharacterRequest, "view", "isometric", "perspective"),
        (CharacterRequest, "detail", "ultra", "high detail"),
        (PixfluxRequest, "seed", -1, 0),
    ],
)
def test_ranges_and_enums(model: type, field: str, bad: Any, good: Any) -> None:
    fields = {"image_size": (64, 64), **MINIMAL[model]}
    assert getattr(model(**fields, **{field: good}), field) == good
    with pytest.raises(pydantic.ValidationError) as exc:
        model(**fields, **{field: bad})
    assert (field,) in _errors(exc)


def test_unknown_field_is_rejected_with_its_name() -> None:
    with pytest.raises(pydantic.ValidationError) as exc:
        PixfluxRequest(description="x", image_size=(32, 32), text_guidance=3)
    assert ("text_guidance",) in _errors(exc)


def test_images_accept_pil_and_dump_as_base64_objects() -> None:
    body = InpaintRequest(description="x", image_size=(64, 64), inpainting_image=IMG,
                          mask_image=IMG.convert("L")).to_api_json()
    assert body["inpainting_image"]["type"] == "base64"
    assert body["mask_image"]["format"] == "png"
    assert "init_image" not in body and "seed" not in body  # None fields are left out


def test_rotate_mask_needs_init_image() -> None:
    with pytest.raises(pydantic.ValidationError, match="mask_image requires init_image"):
        RotateRequest(image_size=(64, 64), from_image=IMG, mask_image=IMG)
    assert RotateRequest(image_size=(64, 64), from_image=IMG, mask_image=IMG, init_image=IMG)


def test_input_images_must_match_image_size_but_palette_may_not() -> None:
    small = Image.new("RGBA", (32, 32))
    with pytest.raises(pydantic.ValidationError, match="from_image is 32x32 but image_size is 64"):
        RotateRequest(image_size=(64, 64), from_image=small)
    with pytest.raises(pydantic.ValidationError, match=r"mask_images\[1\] is 32x32"):
        AnimateWithTextRequest(image_size=(64, 64), description="k", action="walk",
                               reference_image=IMG, mask_images=[IMG, small])
    palette = Image.new("RGBA", (8, 1))
    assert RotateRequest(image_size=(64, 64), from_image=IMG, color_image=palette)
    assert png_size(encode_image(small).base64) == (32, 32)
    assert png_size("not an image") is None


CROSS_FIELD = [
    # (model, fields, loc of the error): checks that span fields still name the bad one
    (RotateRequest, {"image_size": (64, 64), "from_image": Image.new("RGBA", (32, 32))},
     ("from_image",)),
    (RotateRequest, {"image_size": (64, 64), "from_image": IMG, "mask_image": IMG},
     ("mask_image",)),
    (AnimateWithTextRequest, {"image_size": (64, 64), "description": "k", "action": "walk",
                              "reference_image": IMG, "mask_images": [IMG, IMG.resize((32, 32))]},
     ("mask_images", 1)),
    (AnimateWithTextRequest, {"image_size": (64, 64), "description": "k", "action": "walk",
                              "reference_image": IMG, "n_frames": 4, "start_frame_index": 4},
     ("start_frame_index",)),
    (AnimateWithSkeletonRequest, {"image_size": (64, 64), "reference_image": IMG,
                                  "skeleton_keypoints": [[{"x": 0.5, "y": 0.5, "label": "NOSE"}]],
                                  "init_images": [IMG, IMG]},
     ("init_images",)),
    (AnimateCharacterRequest, {"character_id": "c", "template_animation_id": "walking",
                               "directions": ["south", "south"]},
     ("directions",)),
]


@pytest.mark.parametrize(("model", "fields", "loc"), CROSS_FIELD,
                         ids=[f"{m.__name__}:{'.'.join(map(str, loc))}"
                              for m, _, loc in CROSS_FIELD])
def test_cross_field_errors_are_located_at_the_field(model: type, fields: dict[str, Any],
                                                     loc: tuple) -> None:
    with pytest.raises(pydantic.ValidationError) as exc:
        model.model_validate(fields)
    errors = exc.value.errors()
    assert [e["loc"] for e in errors] == [loc]
    assert errors[0]["type"] == "value_error" and errors[0]["msg"].startswith("Value error, ")


def test_skeleton_frames_accept_keypoints_dicts_and_sdk_frames() -> None:
    from studio.api.keypoints import Keypoint

    frame_a = [Keypoint(x=0.5, y=0.25, label="NOSE", z_index=2.6)]
    frame_b = [{"x": 0.5, "y": 0.3, "label": "NECK"}]
    frame_c = {"keypoints": [{"x": 0.1, "y": 0.9, "label": "left leg", "z_index": 1.4}]}
    req = AnimateWithSkeletonRequest(image_size=(64, 64), reference_image=IMG,
                                     skeleton_keypoints=[frame_a, frame_b, frame_c],
                                     inpainting_images=[IMG, None, None],
                                     mask_images=[IMG, None, None])
    body = req.to_api_json()
    assert body["skeleton_keypoints"] == [
        [{"x": 0.5, "y": 0.25, "label": "NOSE", "z_index": 3}],
        [{"x": 0.5, "y": 0.3, "label": "NECK", "z_index": 0}],
        [{"x": 0.1, "y": 0.9, "label": "LEFT LEG", "z_index": 1}],
    ]
    assert body["inpainting_images"][1:] == [None, None]
    with pytest.raises(pydantic.ValidationError, match="one per frame"):
        AnimateWithSkeletonRequest(image_size=(64, 64), reference_image=IMG,
                                   skeleton_keypoints=[frame_a, frame_b], mask_images=[None])
    with pytest.raises(pydantic.ValidationError):
        AnimateWithSkeletonRequest(image_size=(64, 64), reference_image=IMG,
                                   skeleton_keypoints=[[{"x": 0, "y": 0, "label": "TAIL"}]])


def test_bitforge_takes_a_single_skeleton_frame() -> None:
    req = BitforgeRequest(description="x", image_size=(32, 32),
                          skeleton_keypoints=[{"x": 0.5, "y": 0.5, "label": "NOSE"}])
    assert req.to_api_json()["skeleton_keypoints"][0]["label"] == "NOSE"


def test_animate_with_text_window() -> None:
    base = {"image_size": (64, 64), **MINIMAL[AnimateWithTextRequest]}
    assert AnimateWithTextRequest(**base, n_frames=8, start_frame_index=4)
    with pytest.raises(pydantic.ValidationError, match="start_frame_index"):
        AnimateWithTextRequest(**base, n_frames=4, start_frame_index=4)


def test_character_proportions_and_description_limits() -> None:
    base = {"image_size": (64, 64)}
    preset = CharacterRequest(description="k", proportions="chibi", **base).to_api_json()
    assert preset["proportions"] == {"type": "preset", "name": "chibi"}
    custom = CharacterRequest(description="k", **base,
                              proportions={"type": "custom", "head_size": 1.5})
    assert custom.to_api_json()["proportions"]["head_size"] == 1.5
    for bad in ({"type": "custom", "leg_length": 2.5}, {"type": "preset", "name": "giant"}, "x"):
        with pytest.raises(pydantic.ValidationError):
            CharacterRequest(description="k", proportions=bad, **base)
    with pytest.raises(pydantic.ValidationError):
        CharacterRequest(description="", **base)
    with pytest.raises(pydantic.ValidationError):
        CharacterRequest(description="k" * 2001, **base)


def test_animate_character_template_ids_and_directions() -> None:
    assert len(enums.TEMPLATE_ANIMATION_IDS) == 49
    assert len(set(enums.TEMPLATE_ANIMATION_IDS)) == 49
    for template in enums.TEMPLATE_ANIMATION_IDS:
        AnimateCharacterRequest(character_id="c1", template_animation_id=template)
    with pytest.raises(pydantic.ValidationError) as exc:
        AnimateCharacterRequest(character_id="c1", template_animation_id="moonwalk")
    assert ("template_animation_id",) in _errors(exc)
    with pytest.raises(pydantic.ValidationError, match="repeat"):
        AnimateCharacterRequest(character_id="c", template_animation_id="walk",
                                directions=["south", "south"])
    with pytest.raises(pydantic.ValidationError):
        AnimateCharacterRequest(character_id="c", template_animation_id="walk",
                                directions=["up"])


def test_tileset_sizes_transitions_and_views() -> None:
    base = {"lower_description": "ocean", "upper_description": "sand"}
    body = TilesetRequest(**base).to_api_json()
    assert body["tile_size"] == {"width": 16, "height": 16} and body["transition_size"] == 0.0
    assert TilesetRequest(**base, tile_size=(32, 32)).tile_size.as_tuple() == (32, 32)
    for value in (0, 0.25, "0.5"):
        assert TilesetRequest(**base, transition_size=value).transition_size in (0.0, 0.25, 0.5)
    for field, bad in (("tile_size", (24, 24)), ("transition_size", 0.3),
                       ("transition_size", "big"), ("view", "side"), ("tile_strength", 0.05),
                       ("tileset_adherence", 501), ("tileset_adherence_freedom", 901),
                       ("lower_description", "")):
        with pytest.raises(pydantic.ValidationError):
            TilesetRequest(**{**base, field: bad})


def test_endpoint_table_covers_every_post() -> None:
    paths = {path for path, _ in ENDPOINTS.values()}
    assert paths == {
        "/create-image-pixflux", "/create-image-bitforge", "/inpaint", "/rotate",
        "/animate-with-skeleton", "/animate-with-text", "/estimate-skeleton",
        "/create-character-with-4-directions", "/create-character-with-8-directions",
        "/characters/animations", "/animate-character", "/tilesets", "/create-tileset",
        "/create-isometric-tile",
        # the newer routes (issue 19)
        "/animate-with-text-v3", "/generate-8-rotations-v3", "/inpaint-v3", "/generate-image-v2",
        "/generate-with-style-v2", "/edit-image", "/create-image-pixen", "/interpolation-v2",
        "/edit-animation-v2",
        # the image utilities (issue 18)
        "/remove-background", "/resize", "/image-to-pixelart",
    }
    assert ENDPOINTS["estimate_skeleton"][1] is EstimateSkeletonRequest


def test_enum_tuples_match_the_api() -> None:
    assert enums.DIRECTIONS_4 == ("south", "west", "east", "north")
    assert set(enums.DIRECTIONS_4) < set(enums.DIRECTIONS_8) and len(enums.DIRECTIONS_8) == 8
    assert enums.VIEWS == ("side", "low top-down", "high top-down")
    assert "perspective" in enums.CAMERA_VIEWS and "side" not in enums.TILESET_VIEWS
    assert enums.ISOMETRIC_TILE_SHAPES == ("thick tile", "thin tile", "block")
    assert "chibi" in enums.PROPORTION_PRESETS and len(enums.PROPORTION_PRESETS) == 7
