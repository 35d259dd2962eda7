"""Conformance of the newer routes over loopback: the live service's statuses and bodies, a
job polled to completion, and procedural results that do what each route promises."""

from __future__ import annotations

import time
from typing import Any

import httpx
import numpy as np
import pytest

from studio.api import PixelLabClient
from studio.api.models import AnimateWithTextV3Request, ImagesResponse, JobSubmission

from .conftest import b64_png, decode, sprite_fixture


def sized(rgba: np.ndarray) -> dict[str, Any]:
    return {"image": b64_png(rgba), "size": {"width": rgba.shape[1], "height": rgba.shape[0]}}


def framed(rgba: np.ndarray) -> dict[str, Any]:
    return {"image": b64_png(rgba), "width": rgba.shape[1], "height": rgba.shape[0]}


def finished(http: httpx.Client, answer: httpx.Response) -> dict[str, Any]:
    job_id = answer.json()["background_job_id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body = http.get(f"/background-jobs/{job_id}").json()
        if body["status"] == "completed":
            return body["last_response"]
        time.sleep(0.1)
    raise AssertionError("job never finished")


def solid(colour: tuple[int, int, int], size: int = 32) -> np.ndarray:
    img = np.zeros((size, size, 4), np.uint8)
    img[8:24, 8:24] = (*colour, 255)
    return img


def test_animate_v3_answers_200_job_with_frame_count_plus_one(http: httpx.Client) -> None:
    first, last = sprite_fixture(64), np.roll(sprite_fixture(64), 10, axis=1)
    answer = http.post("/animate-with-text-v3", json={
        "first_frame": b64_png(first), "last_frame": b64_png(last), "action": "step right",
        "frame_count": 6})
    assert answer.status_code == 200 and answer.json()["status"] == "processing"
    images = [decode(i) for i in finished(http, answer)["images"]]
    assert len(images) == 7 and all(i.shape == (64, 64, 4) for i in images)
    assert np.array_equal(images[0], first) and np.array_equal(images[-1], last)
    first_colours = {tuple(c) for c in first.reshape(-1, 4)} | {
        tuple(c) for c in last.reshape(-1, 4)}
    assert all(tuple(c) in first_colours for i in images for c in i.reshape(-1, 4))
    centres = [np.nonzero(i[..., 3])[1].mean() for i in images]
    assert centres == sorted(centres) and centres[0] < centres[-1]  # moves towards the last


def test_animate_v3_without_last_frame_and_its_validation(http: httpx.Client) -> None:
    answer = http.post("/animate-with-text-v3", json={
        "first_frame": b64_png(sprite_fixture(128)), "action": "walk", "frame_count": 8})
    assert len(finished(http, answer)["images"]) == 9
    odd = http.post("/animate-with-text-v3", json={
        "first_frame": b64_png(sprite_fixture(32)), "action": "walk", "frame_count": 5})
    assert odd.status_code == 422 and odd.json()["detail"][0]["loc"][-1] == "frame_count"
    big = http.post("/animate-with-text-v3", json={
        "first_frame": b64_png(sprite_fixture(256)), "action": "walk", "frame_count": 16})
    assert big.status_code == 422 and "budget" in str(big.json()["detail"])
    extra = http.post("/animate-with-text-v3", json={
        "first_frame": b64_png(sprite_fixture(32)), "action": "walk", "image_size": 32})
    assert extra.status_code == 422


def test_eight_rotations_labelled_and_honest_about_approximations(http: httpx.Client) -> None:
    south = sprite_fixture(48)
    answer = http.post("/generate-8-rotations-v3", json={"first_frame": b64_png(south)})
    assert answer.status_code == 200
    result = finished(http, answer)
    labels = [image["direction"] for image in result["images"]]
    assert labels == result["directions"] and len(set(labels)) == 8
    images = {image["direction"]: decode(image) for image in result["images"]}
    assert np.array_equal(images["south"], south)
    assert np.array_equal(images["west"], images["east"][:, ::-1])
    assert "south" not in result["approximations"] and "east" in result["approximations"]
    assert len(result["approximations"]) == 7


def test_inpaint_v3_keeps_everything_outside_the_mask(http: httpx.Client) -> None:
    image = sprite_fixture(64)
    mask = np.zeros((64, 64, 4), np.uint8)
    mask[..., 3] = 255
    mask[20:30, 20:30, :3] = 255
    answer = http.post("/inpaint-v3", json={"description": "a hat", "inpainting_image":
                                            sized(image), "mask_image": sized(mask)})
    assert answer.status_code == 202
    [out] = [decode(i) for i in finished(http, answer)["images"]]
    outside = mask[..., 0] == 0
    assert np.array_equal(out[outside], image[outside])
    wrong = http.post("/inpaint-v3", json={"description": "a", "inpainting_image": sized(image),
                                           "mask_image": b64_png(mask)})
    assert wrong.status_code == 422  # a bare B64 where B64+size is required


def test_generate_image_v2_candidates_and_style(http: httpx.Client) -> None:
    style = solid((200, 40, 40))
    style[7, 7:25] = (10, 10, 90, 255)  # an outline colour around the square
    style[24, 7:25] = (10, 10, 90, 255)
    style[7:25, 7] = (10, 10, 90, 255)
    style[7:25, 24] = (10, 10, 90, 255)
    answer = http.post("/generate-image-v2", json={
        "description": "a knight", "image_size": {"width": 96, "height": 96},
        "style_image": sized(style), "no_background": True})
    assert answer.status_code == 202
    images = [decode(i) for i in finished(http, answer)["images"]]
    assert len(images) == 4 and images[0].shape == (96, 96, 4)  # 86-170 px: 4 candidates
    style_colours = {(200, 40, 40), (10, 10, 90)}
    assert {tuple(c[:3]) for c in images[0][images[0][..., 3] > 0]} <= style_colours
    bucket = http.post("/generate-image-v2", json={
        "description": "a", "image_size": {"width": 688, "height": 400}})
    assert bucket.status_code == 422 and "aspect ratio" in str(bucket.json()["detail"])


def test_generate_image_v2_references(http: httpx.Client) -> None:
    ref = solid((30, 160, 60), 64)
    answer = http.post("/generate-image-v2", json={
        "description": "slime", "image_size": {"width": 32, "height": 32},
        "reference_images": [{**sized(ref), "usage_description": "the colours"}]})
    images = [decode(i) for i in finished(http, answer)["images"]]
    assert len(images) == 64 and images[0].shape == (32, 32, 4)


def test_generate_with_style_v2_takes_the_style_size(http: httpx.Client) -> None:
    answer = http.post("/generate-with-style-v2", json={
        "description": "tree", "style_images": [framed(solid((40, 120, 200), 48))]})
    assert answer.status_code == 202
    result = finished(http, answer)
    assert len(result["images"]) == 16 and decode(result["images"][0]).shape == (48, 48, 4)


def test_edit_image_recolours_the_named_colour(http: httpx.Client) -> None:
    image = solid((50, 90, 200))
    answer = http.post("/edit-image", json={
        "image": b64_png(image), "image_size": {"width": 32, "height": 32},
        "description": "make the cape red", "width": 32, "height": 32})
    assert answer.status_code == 202
    [out] = [decode(i) for i in finished(http, answer)["images"]]
    inner = out[12, 12]
    assert inner[0] > inner[2] and inner[3] == 255  # blue became red
    assert np.array_equal(out[..., 3], image[..., 3])
    plain = http.post("/edit-image", json={
        "image": b64_png(image), "image_size": {"width": 32, "height": 32},
        "description": "make it nicer", "width": 64, "height": 64})
    result = finished(http, plain)
    assert "names no colour" in result["note"] and decode(result["images"][0]).shape[0] == 64


def test_edit_animation_and_interpolation(http: httpx.Client) -> None:
    frames = [sized(solid((50, 90, 200))), sized(solid((50, 90, 200)))]
    answer = http.post("/edit-animation-v2", json={
        "description": "turn blue into green", "frames": frames,
        "image_size": {"width": 32, "height": 32}})
    images = [decode(i) for i in finished(http, answer)["images"]]
    assert len(images) == 2 and all(i[12, 12, 1] > i[12, 12, 2] for i in images)
    answer = http.post("/interpolation-v2", json={
        "start_image": sized(solid((200, 0, 0))), "end_image": sized(solid((0, 0, 200))),
        "action": "change", "image_size": {"width": 32, "height": 32}})
    images = [decode(i) for i in finished(http, answer)["images"]]
    assert len(images) == 6 and tuple(images[-1][12, 12]) == (0, 0, 200, 255)


def test_pixen_is_synchronous(http: httpx.Client) -> None:
    answer = http.post("/create-image-pixen", json={
        "description": "a cat", "image_size": {"width": 64, "height": 48}})
    assert answer.status_code == 200 and "background_job_id" not in answer.json()
    assert decode(answer.json()["image"]).shape == (48, 64, 4)
    bad = http.post("/create-image-pixen", json={
        "description": "a cat", "image_size": {"width": 16, "height": 32}})
    assert bad.status_code == 422


@pytest.mark.parametrize("keyframes", [True, False])
async def test_studio_client_round_trip(base_url: str, keyframes: bool) -> None:
    first = sprite_fixture(64)
    async with PixelLabClient(token="t", base_url=base_url) as client:
        request = AnimateWithTextV3Request(
            first_frame=first, last_frame=first[:, ::-1].copy() if keyframes else None,
            action="turn", frame_count=4)
        submitted = await client.send(request)
        assert isinstance(submitted, JobSubmission)
        job = await client.wait_for_job(submitted.background_job_id, poll_interval=0.1)
        assert len(job.result_images()) == 5
        pixen = await client.create_image_pixen(description="cat", image_size=(32, 32))
        assert isinstance(pixen, ImagesResponse) and pixen.images[0].size == (32, 32)
