"""The newer routes through the client: paths, bodies, 200/202 job answers, inline results as
``images[]`` or ``image``, PNG or raw RGBA, ``frame_count + 1`` frames, and errors."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import PixelLabClient, errors
from studio.api.models import (
    AnimateWithTextV3Request,
    Generate8RotationsV3Request,
    ImagesResponse,
    JobSubmission,
)
from studio.api.results import labelled_result, requested_frames, rotation_labels

from .conftest import MockServer, image_obj, usage


def img(side: int) -> Image.Image:
    return Image.new("RGBA", (side, side), (30, 90, 200, 255))


def rgba_obj(width: int, height: int, typed: bool = True) -> dict[str, Any]:
    raw = bytes([10, 200, 30, 255]) * (width * height)
    body = {"base64": base64.b64encode(raw).decode(), "width": width, "height": height}
    return {"type": "rgba_bytes", **body} if typed else body


CALLS = [
    ("animate_with_text_v3", "/animate-with-text-v3",
     {"first_frame": img(32), "action": "wave", "frame_count": 4}),
    ("generate_8_rotations_v3", "/generate-8-rotations-v3", {"first_frame": img(32)}),
    ("inpaint_v3", "/inpaint-v3",
     {"description": "hat", "inpainting_image": img(64), "mask_image": img(64)}),
    ("generate_image_v2", "/generate-image-v2", {"description": "tree", "image_size": (64, 64)}),
    ("generate_with_style_v2", "/generate-with-style-v2",
     {"description": "tree", "style_images": [img(32)]}),
    ("edit_image", "/edit-image", {"image": img(32), "image_size": (32, 32),
                                   "description": "red cape", "width": 32, "height": 32}),
    ("create_image_pixen", "/create-image-pixen", {"description": "cat", "image_size": (32, 32)}),
    ("interpolation_v2", "/interpolation-v2",
     {"start_image": img(32), "end_image": img(32), "action": "turn", "image_size": (32, 32)}),
    ("edit_animation_v2", "/edit-animation-v2",
     {"description": "red", "frames": [img(32), img(32)], "image_size": (32, 32)}),
]


@pytest.mark.parametrize(("method", "path", "fields"), CALLS, ids=[c[0] for c in CALLS])
@pytest.mark.parametrize("status", [200, 202])
async def test_job_answer_is_read_from_the_body_not_the_status(
        client: PixelLabClient, server: MockServer, method: str, path: str,
        fields: dict[str, Any], status: int) -> None:
    server.on("POST", path, httpx.Response(status, json={
        "background_job_id": "bg-7", "status": "processing", "usage": {"usd": 0.0}}))
    answer = await getattr(client, method)(**fields)
    assert isinstance(answer, JobSubmission) and answer.job_ids == ["bg-7"]
    assert server.count("POST", path) == 1
    sent = server.body()
    assert set(sent) <= _model_fields(method)


def _model_fields(method: str) -> set[str]:
    from studio.api import ENDPOINTS

    return set(ENDPOINTS[method][1].model_fields)


@pytest.mark.parametrize("status", [200, 202])
async def test_inline_result_as_images_or_image(client: PixelLabClient, server: MockServer,
                                                status: int) -> None:
    server.on("POST", "/create-image-pixen", [
        httpx.Response(status, json={"image": image_obj(32, 32), "usage": usage(0.007)}),
        httpx.Response(status, json={"images": [image_obj(32, 32), image_obj(32, 32)]}),
        httpx.Response(status, json={"image": rgba_obj(32, 32)}),
        httpx.Response(status, json={"images": [rgba_obj(32, 32, typed=False)]}),
        httpx.Response(status, json={"data": {"image": "data:image/png;base64,"
                                              + image_obj(32, 32)["base64"]}}),
    ])
    fields = {"description": "cat", "image_size": (32, 32)}
    one = await client.create_image_pixen(**fields)
    assert isinstance(one, ImagesResponse) and len(one.images) == 1
    assert one.usage.usd == pytest.approx(0.007)
    two = await client.create_image_pixen(**fields)
    assert len(two.images) == 2
    for _ in range(2):  # raw RGBA, typed and untyped
        raw = await client.create_image_pixen(**fields)
        assert raw.images[0].size == (32, 32)
        assert raw.images[0].getpixel((5, 5)) == (10, 200, 30, 255)
    data_url = await client.create_image_pixen(**fields)
    assert data_url.images[0].size == (32, 32)


async def test_unreadable_answer_keeps_the_body(client: PixelLabClient,
                                                server: MockServer) -> None:
    server.on("POST", "/create-image-pixen", httpx.Response(200, json={"status": "ok"}))
    with pytest.raises(errors.ResponseFormatError) as caught:
        await client.create_image_pixen(description="cat", image_size=(32, 32))
    assert caught.value.body and b"status" in caught.value.body


@pytest.mark.parametrize(("status", "error"), [
    (401, errors.AuthenticationError), (402, errors.InsufficientCreditsError),
    (422, errors.ValidationError), (429, errors.RateLimitError),
])
async def test_errors_map_to_classes(client: PixelLabClient, server: MockServer, status: int,
                                     error: type[Exception]) -> None:
    server.on("POST", "/animate-with-text-v3", httpx.Response(
        status, json={"detail": "nope"}, headers={"Retry-After": "0"}))
    with pytest.raises(error):
        await client.animate_with_text_v3(first_frame=img(32), action="walk", frame_count=4)


async def test_bucket_400_is_a_plain_error(client: PixelLabClient, server: MockServer) -> None:
    server.on("POST", "/generate-image-v2", httpx.Response(400, json={
        "detail": "image_size must be between 16x16 and 688x384 for this aspect ratio"}))
    with pytest.raises(errors.ApiError, match="aspect ratio"):
        await client.generate_image_v2(description="tree", image_size=(64, 64))
    assert server.count("POST") == 1


async def test_lost_answer_is_never_posted_twice(client: PixelLabClient,
                                                 server: MockServer) -> None:
    server.on("POST", "/inpaint-v3", httpx.ReadTimeout("lost"))
    with pytest.raises(errors.OutcomeUnknownError):
        await client.inpaint_v3(description="hat", inpainting_image=img(64), mask_image=img(64))
    assert server.count("POST", "/inpaint-v3") == 1


async def test_local_validation_fails_before_sending(client: PixelLabClient,
                                                     server: MockServer) -> None:
    with pytest.raises(errors.ValidationError, match="frame_count"):
        await client.animate_with_text_v3(first_frame=img(32), action="walk", frame_count=5)
    assert server.seen == []


async def test_send_dispatches_a_request_model(client: PixelLabClient,
                                               server: MockServer) -> None:
    server.on("POST", "/generate-8-rotations-v3", httpx.Response(200, json={
        "background_job_id": "r-1", "status": "processing"}))
    answer = await client.send(Generate8RotationsV3Request(first_frame=img(48)))
    assert answer.background_job_id == "r-1"
    assert server.seen[0].url.path.endswith("/generate-8-rotations-v3")


async def test_finished_animation_has_frame_count_plus_one(client: PixelLabClient,
                                                           server: MockServer) -> None:
    frames = [image_obj(32, 32) for _ in range(5)]
    server.on("GET", "/background-jobs/a-1", httpx.Response(200, json={
        "id": "a-1", "status": "completed", "usage": {"usd": 0.022, "generations": 1},
        "last_response": {"images": frames, "seed": 12}}))
    job = await client.wait_for_job("a-1", poll_interval=0.0)
    labelled = labelled_result("animate_with_text_v3", job.last_response)
    assert [label for label, _ in labelled] == [f"frame {i}" for i in range(5)]
    shown = requested_frames([im for _, im in labelled], 4, has_last_frame=False)
    assert len(shown) == 4 and shown[0] is labelled[1][1]
    between = requested_frames([im for _, im in labelled], 4, has_last_frame=True)
    assert len(between) == 3
    assert len(requested_frames([1, 2, 3], 4, has_last_frame=True)) == 3  # trusted as is


def test_rotation_labels_prefer_the_answers_own() -> None:
    eight = [image_obj(8, 8) for _ in range(8)]
    assert rotation_labels({"images": eight}, 8)[:3] == ["south", "south-east", "east"]
    named = [{**im, "direction": d} for im, d in zip(
        eight, ["S", "SW", "W", "NW", "N", "NE", "E", "SE"], strict=True)]
    assert rotation_labels({"images": named}, 8)[1] == "south-west"
    listed = {"images": eight, "directions": ["north"] + ["south"] * 7}
    assert rotation_labels(listed, 8)[0] == "north"
    assert labelled_result("generate_8_rotations_v3", {"images": named})[7][0] == "south-east"


def test_request_model_round_trips_through_the_journal_shape() -> None:
    request = AnimateWithTextV3Request(first_frame=img(32), action="walk", frame_count=4)
    again = AnimateWithTextV3Request.model_validate(request.model_dump(mode="json"))
    assert again.to_api_json() == request.to_api_json()
