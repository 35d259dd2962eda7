"""Request models of the newer routes: exact bodies, documented ranges, no unknown fields."""

from __future__ import annotations

import base64
import io

import pydantic
import pytest
from PIL import Image

from studio.api import ENDPOINTS
from studio.api.models import (
    AnimateWithTextV3Request,
    EditAnimationV2Request,
    EditImageRequest,
    FramedImage,
    Generate8RotationsV3Request,
    GenerateImageV2Request,
    GenerateWithStyleV2Request,
    InpaintV3Request,
    InterpolationV2Request,
    PixenRequest,
    SizedImage,
)
from studio.api.requests_v3 import ENDPOINTS_V3, aspect_bucket


def img(width: int, height: int | None = None) -> Image.Image:
    return Image.new("RGBA", (width, height or width), (200, 30, 30, 255))


def png_dims(b64: str) -> tuple[int, int]:
    return Image.open(io.BytesIO(base64.b64decode(b64))).size


def test_every_new_route_is_registered_for_send_and_the_queue() -> None:
    for name, (path, model) in ENDPOINTS_V3.items():
        assert ENDPOINTS[name] == (path, model)
        assert path == "/" + name.replace("_", "-")


def test_animate_v3_body_has_only_set_fields() -> None:
    body = AnimateWithTextV3Request(first_frame=img(128), last_frame=img(128), action="jump",
                                    frame_count=6, seed=3).to_api_json()
    assert set(body) == {"first_frame", "last_frame", "action", "frame_count", "seed"}
    assert body["first_frame"]["type"] == "base64" and body["first_frame"]["format"] == "png"
    assert png_dims(body["last_frame"]["base64"]) == (128, 128)
    # the August additions go out only when asked for
    later = AnimateWithTextV3Request(first_frame=img(32), action="x", enhance_prompt=True,
                                     drift_threshold=0.0).to_api_json()
    assert later["enhance_prompt"] is True and later["drift_threshold"] == 0.0


@pytest.mark.parametrize("frames", [3, 5, 2, 18, 15])
def test_animate_v3_frame_count_even_4_to_16(frames: int) -> None:
    with pytest.raises(pydantic.ValidationError, match="frame_count"):
        AnimateWithTextV3Request(first_frame=img(32), action="walk", frame_count=frames)


def test_animate_v3_pixel_budget_and_sizes() -> None:
    assert AnimateWithTextV3Request(first_frame=img(256), action="a", frame_count=8)
    assert AnimateWithTextV3Request(first_frame=img(128), action="a", frame_count=16)
    assert AnimateWithTextV3Request(first_frame=img(180), action="a", frame_count=16)
    with pytest.raises(pydantic.ValidationError, match="at most 8 frames"):
        AnimateWithTextV3Request(first_frame=img(256), action="a", frame_count=10)
    with pytest.raises(pydantic.ValidationError, match="at most 256x256"):
        AnimateWithTextV3Request(first_frame=img(300, 64), action="a", frame_count=4)
    with pytest.raises(pydantic.ValidationError, match="last_frame is 64x64"):
        AnimateWithTextV3Request(first_frame=img(32), last_frame=img(64), action="a")
    assert AnimateWithTextV3Request(first_frame=img(64), action="x" * 1000).action
    with pytest.raises(pydantic.ValidationError):
        AnimateWithTextV3Request(first_frame=img(64), action="x" * 1001)
    with pytest.raises(pydantic.ValidationError):
        AnimateWithTextV3Request(first_frame=img(64), action="")


def test_unknown_fields_are_refused_everywhere() -> None:
    with pytest.raises(pydantic.ValidationError, match="extra"):
        AnimateWithTextV3Request(first_frame=img(32), action="a", image_size=(32, 32))
    with pytest.raises(pydantic.ValidationError, match="extra"):
        Generate8RotationsV3Request(first_frame=img(32), direction="south")
    with pytest.raises(pydantic.ValidationError, match="extra"):
        GenerateImageV2Request(description="a", image_size=(64, 64),
                               style_options={"copy_palette": True}, style_image=img(64))
    with pytest.raises(pydantic.ValidationError, match="extra"):
        SizedImage(image=img(8), size=(8, 8), format="png")


def test_wrappers_fill_their_size_and_reject_a_wrong_one() -> None:
    sized = SizedImage.model_validate(img(24, 16)).model_dump(mode="json")
    assert sized["size"] == {"width": 24, "height": 16} and set(sized) == {"image", "size"}
    framed = FramedImage.model_validate(img(24, 16)).model_dump(mode="json")
    assert (framed["width"], framed["height"]) == (24, 16) and set(framed) == {
        "image", "width", "height"}
    with pytest.raises(pydantic.ValidationError, match="the image is 24x16"):
        SizedImage(image=img(24, 16), size=(16, 16))


def test_rotations_v3_body() -> None:
    body = Generate8RotationsV3Request(first_frame=img(64), no_background=True).to_api_json()
    assert set(body) == {"first_frame", "no_background"}
    with pytest.raises(pydantic.ValidationError, match="at most 256"):
        Generate8RotationsV3Request(first_frame=img(257, 16))


def test_inpaint_v3_body_defaults_and_mask_size() -> None:
    body = InpaintV3Request(description="a hat", inpainting_image=img(512),
                            mask_image=img(512)).to_api_json()
    assert body["no_background"] is False and body["crop_to_mask"] is True
    assert body["mask_image"]["size"] == {"width": 512, "height": 512}
    assert set(body["inpainting_image"]) == {"image", "size"}
    with pytest.raises(pydantic.ValidationError, match="mask_image is 32x32"):
        InpaintV3Request(description="a", inpainting_image=img(64), mask_image=img(32))
    with pytest.raises(pydantic.ValidationError, match="at most 512"):
        InpaintV3Request(description="a", inpainting_image=img(520), mask_image=img(520))


@pytest.mark.parametrize(("size", "ok"), [
    ((512, 512), True), ((688, 384), True), ((384, 688), True), ((792, 336), True),
    ((16, 16), True), ((513, 513), False), ((688, 400), False), ((792, 340), False),
    ((800, 300), False), ((16, 700), False),
])
def test_generate_image_v2_aspect_buckets(size: tuple[int, int], ok: bool) -> None:
    if ok:
        assert GenerateImageV2Request(description="castle", image_size=size)
    else:
        with pytest.raises(pydantic.ValidationError, match="image_size"):
            GenerateImageV2Request(description="castle", image_size=size)


def test_aspect_bucket_nearest_ratio() -> None:
    assert aspect_bucket(64, 64) == (512, 512)
    assert aspect_bucket(160, 90) == (688, 384)
    assert aspect_bucket(90, 160) == (384, 688)


def test_generate_image_v2_references_and_style() -> None:
    refs = [{"image": img(32), "usage_description": f"ref {i}"} for i in range(4)]
    body = GenerateImageV2Request(
        description="knight", image_size=(64, 64), reference_images=refs, style_image=img(48),
        style_options={"color_palette": True, "outline": False, "detail": True,
                       "shading": False}, no_background=False).to_api_json()
    assert len(body["reference_images"]) == 4
    assert body["reference_images"][0]["size"] == {"width": 32, "height": 32}
    assert body["reference_images"][3]["usage_description"] == "ref 3"
    assert body["style_image"]["size"] == {"width": 48, "height": 48}
    assert body["style_options"]["outline"] is False and body["no_background"] is False
    with pytest.raises(pydantic.ValidationError):
        GenerateImageV2Request(description="k", image_size=(64, 64), reference_images=refs * 2)
    with pytest.raises(pydantic.ValidationError, match="usage_description"):
        GenerateImageV2Request(description="k", image_size=(64, 64),
                               reference_images=[{"image": img(8), "usage_description": "x" * 501}])


def test_generate_with_style_v2_both_schema_generations() -> None:
    august = GenerateWithStyleV2Request(style_images=[img(40, 24)], description="tree")
    body = august.to_api_json()
    assert "image_size" not in body and august.output_side == 40
    assert body["style_images"][0]["width"] == 40 and "size" not in body["style_images"][0]
    may = GenerateWithStyleV2Request(style_images=[img(32)], description="t", image_size=64)
    assert may.to_api_json()["image_size"] == {"width": 64, "height": 64}
    with pytest.raises(pydantic.ValidationError, match="square"):
        GenerateWithStyleV2Request(style_images=[img(32)], description="t", image_size=(64, 32))
    with pytest.raises(pydantic.ValidationError):
        GenerateWithStyleV2Request(style_images=[], description="t")
    with pytest.raises(pydantic.ValidationError, match="larger than 512"):
        GenerateWithStyleV2Request(style_images=[img(600, 16)], description="t")


def test_edit_image_target_and_input_size() -> None:
    body = EditImageRequest(image=img(64), image_size=(64, 64), description="make the cape red",
                            width=64, height=64).to_api_json()
    assert body["no_background"] is True and body["text_guidance_scale"] == 8.0
    with pytest.raises(pydantic.ValidationError, match="image is 64x64"):
        EditImageRequest(image=img(64), image_size=(32, 32), description="d", width=32, height=32)
    with pytest.raises(pydantic.ValidationError):
        EditImageRequest(image=img(64), image_size=(64, 64), description="d" * 501,
                         width=64, height=64)
    with pytest.raises(pydantic.ValidationError):
        EditImageRequest(image=img(64), image_size=(64, 64), description="d", width=401,
                         height=64)


@pytest.mark.parametrize(("size", "problem"), [
    ((16, 16), None), ((512, 512), None), ((768, 340), None), ((64, 34), "multiples of 4"),
    ((16, 32), "square"), ((768, 400), "area"), ((772, 100), None),
])
def test_pixen_size_rules(size: tuple[int, int], problem: str | None) -> None:
    if size[0] > 768:
        with pytest.raises(pydantic.ValidationError):
            PixenRequest(description="d", image_size=size)
    elif problem is None:
        assert PixenRequest(description="d", image_size=size).to_api_json()["image_size"]
    else:
        with pytest.raises(pydantic.ValidationError, match=problem):
            PixenRequest(description="d", image_size=size)


def test_interpolation_and_edit_animation_bodies() -> None:
    body = InterpolationV2Request(start_image=img(64), end_image=img(64), action="turn",
                                  image_size=(64, 64)).to_api_json()
    assert set(body) == {"start_image", "end_image", "action", "image_size"}
    assert body["end_image"]["size"] == {"width": 64, "height": 64}
    with pytest.raises(pydantic.ValidationError):
        InterpolationV2Request(start_image=img(64), end_image=img(64), action="t",
                               image_size=(200, 200))
    frames = [img(32)] * 3
    body = EditAnimationV2Request(description="red cape", frames=frames,
                                  image_size=(32, 32)).to_api_json()
    assert len(body["frames"]) == 3 and body["no_background"] is False
    with pytest.raises(pydantic.ValidationError):
        EditAnimationV2Request(description="d", frames=[img(32)], image_size=(32, 32))
    with pytest.raises(pydantic.ValidationError):
        EditAnimationV2Request(description="d", frames=[img(32)] * 17, image_size=(32, 32))
