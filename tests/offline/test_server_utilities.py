"""remove-background, resize and image-to-pixelart served by the offline engine with the studio's
own clean-up algorithms, over loopback: raw HTTP and the studio's client."""

from __future__ import annotations

import httpx
import numpy as np
import pytest
from PIL import Image

from studio.api import PixelLabClient
from tests.core.unzoom_cases import upscale

from .conftest import b64_png, decode, sprite_fixture


@pytest.fixture()
async def client(base_url: str):
    async with PixelLabClient(token="offline", base_url=base_url, timeout=30) as api:
        yield api


def _on_background(sprite: np.ndarray, color=(250, 250, 250, 255)) -> np.ndarray:
    out = np.tile(np.array(color, np.uint8), (*sprite.shape[:2], 1))
    solid = sprite[..., 3] > 0
    out[solid] = sprite[solid]
    return out


def test_remove_background_clears_the_flat_background(http: httpx.Client) -> None:
    sprite = sprite_fixture(64)
    body = {"image": b64_png(_on_background(sprite)), "image_size": {"width": 64, "height": 64}}
    answer = http.post("/remove-background", json=body)
    assert answer.status_code == 200, answer.text
    out = decode(answer.json()["image"])
    assert np.array_equal(out[..., 3] > 0, sprite[..., 3] > 0)
    assert answer.json()["usage"]["usd"] == 0.0


def test_resize_halves_and_doubles(http: httpx.Client) -> None:
    sprite = sprite_fixture(64)
    big = upscale(sprite, 2.0, (0.0, 0.0), (0, 0))[:128, :128]
    for source, target in ((big[:100, :100], 50), (sprite, 128)):
        side = source.shape[0]
        answer = http.post("/resize", json={
            "description": "knight", "reference_image": b64_png(np.ascontiguousarray(source)),
            "reference_image_size": {"width": side, "height": side},
            "target_size": {"width": min(target, 200), "height": min(target, 200)}})
        if target > 200:
            assert answer.status_code == 422
            continue
        assert answer.status_code == 200, answer.text
        assert decode(answer.json()["image"]).shape == (target, target, 4)
    half = http.post("/resize", json={
        "description": "knight", "reference_image": b64_png(np.ascontiguousarray(big[:100, :100])),
        "reference_image_size": {"width": 100, "height": 100},
        "target_size": {"width": 50, "height": 50}})
    assert np.array_equal(decode(half.json()["image"]), sprite[:50, :50])


def test_resize_refuses_more_than_one_step(http: httpx.Client) -> None:
    answer = http.post("/resize", json={
        "description": "x", "reference_image": b64_png(sprite_fixture(32)),
        "reference_image_size": {"width": 32, "height": 32},
        "target_size": {"width": 80, "height": 32}})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:2] == ["body", "target_size"]


async def test_client_methods_against_the_engine(client: PixelLabClient) -> None:
    sprite = sprite_fixture(32)
    photo = upscale(sprite, 4.0, (0.0, 0.0), (0, 0))
    noisy = np.clip(photo.astype(int) + np.random.default_rng(2).integers(-9, 10, photo.shape),
                    0, 255).astype(np.uint8)
    noisy[..., 3] = photo[..., 3]
    art = await client.image_to_pixelart(image=Image.fromarray(noisy, "RGBA"),
                                         image_size=(128, 128), output_size=(32, 32))
    pixels = np.asarray(art.image.convert("RGBA"))
    assert pixels.shape == (32, 32, 4)
    assert len(np.unique(pixels.reshape(-1, 4), axis=0)) <= 25
    assert np.array_equal(pixels[..., 3] > 0, sprite[..., 3] > 0)
    cleared = await client.remove_background(
        image=Image.fromarray(_on_background(sprite, (20, 200, 20, 255)), "RGBA"),
        image_size=(32, 32), background_removal_task="remove_complex_background")
    assert np.array_equal(np.asarray(cleared.image)[..., 3] > 0, sprite[..., 3] > 0)
    resized = await client.resize(description="knight", reference_image=Image.fromarray(sprite),
                                  reference_image_size=(32, 32), target_size=(48, 40))
    assert resized.image.size == (48, 40) and resized.usage.usd == 0.0
