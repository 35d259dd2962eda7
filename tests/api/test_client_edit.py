"""The image utilities through the client: remove-background, resize and image-to-pixelart."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import ENDPOINTS, PixelLabClient, errors
from studio.api.models import (
    ImageResponse,
    ImageToPixelartRequest,
    RemoveBackgroundRequest,
    ResizeRequest,
)
from studio.api.pricing import expected_cost

from .conftest import MockServer, image_obj, usage


def img(width: int, height: int | None = None) -> Image.Image:
    return Image.new("RGBA", (width, height or width), (30, 90, 200, 255))


CALLS = [
    ("remove_background", "/remove-background",
     {"image": img(48), "image_size": (48, 48), "background_removal_task":
      "remove_complex_background", "text": "a knight"}, (48, 48)),
    ("resize", "/resize", {"description": "knight", "reference_image": img(32),
                           "reference_image_size": (32, 32), "target_size": (64, 48),
                           "view": "side", "no_background": True}, (64, 48)),
    ("image_to_pixelart", "/image-to-pixelart",
     {"image": img(256, 128), "image_size": (256, 128), "output_size": (64, 32)}, (64, 32)),
]


@pytest.mark.parametrize(("method", "path", "fields", "size"), CALLS, ids=[c[0] for c in CALLS])
async def test_utility_posts_its_body_and_returns_the_image(
        client: PixelLabClient, server: MockServer, method: str, path: str,
        fields: dict[str, Any], size: tuple[int, int]) -> None:
    server.on("POST", path, httpx.Response(200, json={"image": image_obj(*size),
                                                      "usage": usage(0.0055)}))
    result = await getattr(client, method)(**fields)
    assert isinstance(result, ImageResponse) and result.image.size == size
    assert result.usage is not None and result.usage.usd == pytest.approx(0.0055)
    body = server.body()
    assert server.count("POST", path) == 1
    assert body["image_size" if "image_size" in fields else "target_size"] is not None
    for name, value in fields.items():
        if isinstance(value, str | bool):
            assert body[name] == value
    assert ENDPOINTS[method][0] == path


async def test_request_models_go_through_send(client: PixelLabClient,
                                              server: MockServer) -> None:
    server.on("POST", "/remove-background",
              httpx.Response(200, json={"image": image_obj(20, 10), "usage": usage()}))
    request = RemoveBackgroundRequest(image=img(20, 10), image_size=(20, 10))
    result = await client.send(request)
    assert result.image.size == (20, 10)
    assert "background_removal_task" not in server.body()  # unset: the service default


async def test_wrong_answer_size_is_a_format_error(client: PixelLabClient,
                                                   server: MockServer) -> None:
    server.on("POST", "/resize", httpx.Response(200, json={"image": image_obj(40, 40),
                                                           "usage": usage()}))
    with pytest.raises(errors.ResponseFormatError, match="expected 64x64"):
        await client.resize(description="x", reference_image=img(32),
                            reference_image_size=(32, 32), target_size=(64, 64))


async def test_pixelart_may_be_one_pixel_off(client: PixelLabClient, server: MockServer) -> None:
    server.on("POST", "/image-to-pixelart",
              httpx.Response(200, json={"image": image_obj(320, 204), "usage": usage()}))
    result = await client.image_to_pixelart(image=img(1280, 820), image_size=(1280, 820),
                                            output_size=(320, 205))
    assert result.image.size == (320, 204)


@pytest.mark.parametrize(("model", "fields", "field", "message"), [
    (RemoveBackgroundRequest, {"image": img(30), "image_size": (32, 32)}, "image",
     "image is 30x30 but its size says 32x32"),
    (RemoveBackgroundRequest, {"image": img(8), "image_size": (401, 8)}, "image_size", "400"),
    (RemoveBackgroundRequest, {"image": img(8), "image_size": (8, 8),
                               "background_removal_task": "remove_everything"},
     "background_removal_task", "remove_simple_background"),
    (ResizeRequest, {"description": "x", "reference_image": img(32),
                     "reference_image_size": (32, 32), "target_size": (70, 32)},
     "target_size", "at most double or halve"),
    (ResizeRequest, {"description": "x", "reference_image": img(32),
                     "reference_image_size": (32, 32), "target_size": (32, 15)},
     "target_size", "16"),
    (ImageToPixelartRequest, {"image": img(64), "image_size": (64, 64), "output_size": (400, 64)},
     "output_size", "320"),
    (ImageToPixelartRequest, {"image": img(64), "image_size": (64, 64), "output_size": (16, 16),
                              "text_guidance_scale": 30}, "text_guidance_scale", "20"),
])
def test_bad_fields_name_the_field(model, fields, field: str, message: str) -> None:
    with pytest.raises(Exception) as info:  # noqa: PT011 - pydantic's error, checked below
        model(**fields)
    errors_ = info.value.errors()  # type: ignore[attr-defined]
    assert any(e["loc"][0] == field and message in str(e["msg"]) + str(e.get("ctx"))
               for e in errors_), errors_


def test_expected_costs() -> None:
    cost = expected_cost(RemoveBackgroundRequest(image=img(64), image_size=(64, 64)))
    assert cost is not None and cost.usd == pytest.approx(0.0055)
    pixel = expected_cost(ImageToPixelartRequest(image=img(256), image_size=(256, 256),
                                                 output_size=(64, 64)))
    assert pixel is not None and pixel.usd == pytest.approx(0.0116)
