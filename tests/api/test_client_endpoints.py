"""Every client method: its HTTP method, path, body or query, and the parsed answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import PixelLabClient, errors
from studio.api.requests import CharacterRequest, PixfluxRequest

from .conftest import BASE, TOKEN, MockServer, image_obj, usage


def ok(body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def job(**extra: Any) -> httpx.Response:
    return ok({"background_job_id": "job-1", "status": "processing", "usage": usage(), **extra},
              202)


async def test_auth_header_json_and_base_url(client: PixelLabClient, server: MockServer) -> None:
    server.on("GET", "/balance", ok({"credits": {"usd": 3.5}, "subscription": {
        "generations": 10, "total": 100, "status": "active"}}))
    balance = await client.get_balance()
    assert (balance.usd, balance.generations, balance.subscription_status) == (3.5, 10, "active")
    request = server.seen[0]
    assert str(request.url) == f"{BASE}/balance"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


async def test_token_and_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    server = MockServer()
    server.on("GET", "/balance", ok({"type": "usd", "usd": 1.0}))
    monkeypatch.delenv("PIXELLAB_API_TOKEN", raising=False)
    monkeypatch.setenv("PIXELLAB_SECRET", "sdk-secret")
    monkeypatch.setenv("PIXELLAB_BASE_URL", "http://127.0.0.1:9/v2/")
    async with PixelLabClient(transport=httpx.MockTransport(server)) as api:
        assert (await api.get_balance()).usd == 1.0
    assert server.seen[0].headers["authorization"] == "Bearer sdk-secret"
    assert str(server.seen[0].url) == "http://127.0.0.1:9/v2/balance"
    monkeypatch.setenv("PIXELLAB_API_TOKEN", "preferred")
    async with PixelLabClient(transport=httpx.MockTransport(server)) as api:
        await api.get_balance()
    assert server.seen[-1].headers["authorization"] == "Bearer preferred"


async def test_missing_token_fails_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIXELLAB_API_TOKEN", raising=False)
    monkeypatch.delenv("PIXELLAB_SECRET", raising=False)
    server = MockServer()
    server.on("GET", "/llms.txt", httpx.Response(200, text="# Pixel Lab API"))
    async with PixelLabClient(base_url=BASE, transport=httpx.MockTransport(server)) as api:
        with pytest.raises(errors.AuthenticationError, match="no API token"):
            await api.get_balance()
        assert await api.get_llms_txt() == "# Pixel Lab API"
    assert len(server.seen) == 1 and "authorization" not in server.seen[0].headers


SYNC_CASES = [
    ("create_image_pixflux", "/create-image-pixflux",
     {"description": "cat", "image_size": (32, 48), "no_background": True}, "image"),
    ("create_image_bitforge", "/create-image-bitforge",
     {"description": "cat", "image_size": (32, 48), "style_strength": 20}, "image"),
    ("inpaint", "/inpaint", {"description": "hat", "image_size": (32, 48),
                             "inpainting_image": "IMG", "mask_image": "IMG"}, "image"),
    ("rotate", "/rotate", {"image_size": (32, 48), "from_image": "IMG",
                           "from_direction": "south", "to_direction": "east"}, "image"),
    ("animate_with_skeleton", "/animate-with-skeleton",
     {"image_size": (32, 48), "reference_image": "IMG", "guidance_scale": 5,
      "skeleton_keypoints": [[{"x": 0.5, "y": 0.5, "label": "NOSE", "z_index": 1.6}]] * 3},
     "images"),
    ("animate_with_text", "/animate-with-text",
     {"image_size": (64, 64), "description": "knight", "action": "walk",
      "reference_image": "IMG", "n_frames": 8, "start_frame_index": 4}, "images"),
]


@pytest.mark.parametrize(("method", "path", "fields", "kind"), SYNC_CASES)
async def test_sync_generation_methods(client: PixelLabClient, server: MockServer, rgba,
                                       method: str, path: str, fields: dict, kind: str) -> None:
    fields = {k: (rgba(*fields["image_size"]) if v == "IMG" else v) for k, v in fields.items()}
    w, h = fields["image_size"]
    if kind == "image":
        server.on("POST", path, ok({"image": image_obj(w, h), "usage": usage(0.007)}))
    else:
        server.on("POST", path, ok({"images": [image_obj(w, h)] * 3, "usage": usage(0.02)}))
    result = await getattr(client, method)(**fields)
    assert server.count("POST", path) == 1
    body = server.body()
    assert body["image_size"] == {"width": w, "height": h}
    for key, value in fields.items():
        if key == "image_size":
            continue
        if hasattr(value, "size"):
            assert body[key]["type"] == "base64" and body[key]["base64"]
        elif key == "skeleton_keypoints":
            assert body[key][0][0] == {"x": 0.5, "y": 0.5, "label": "NOSE", "z_index": 2}
            assert len(body[key]) == 3
        else:
            assert body[key] == value
    assert server.seen[0].headers["content-type"] == "application/json"
    if kind == "image":
        assert result.image.size == (w, h) and result.usage.usd == 0.007
    else:
        assert [i.size for i in result.images] == [(w, h)] * 3


async def test_estimate_skeleton_normalises_pixel_keypoints(client, server, rgba) -> None:
    points = [{"x": 32.0, "y": 16.0, "label": "NOSE", "z_index": 0.4},
              {"x": 32.0, "y": 40.0, "label": "NECK", "z_index": 1.0}]
    server.on("POST", "/estimate-skeleton", ok({"keypoints": points, "usage": usage()}))
    result = await client.estimate_skeleton(image=rgba(64, 64))
    assert list(server.body()) == ["image"]
    assert [(p.x, p.y, p.label) for p in result.keypoints] == [(0.5, 0.25, "NOSE"),
                                                               (0.5, 0.625, "NECK")]
    server.on("POST", "/estimate-skeleton", ok({"keypoints": [
        {"x": 0.5, "y": 0.25, "label": "NOSE", "z_index": 0.4}]}))
    again = await client.estimate_skeleton(image=rgba(64, 64))
    assert (again.keypoints[0].x, again.keypoints[0].y) == (0.5, 0.25)


ASYNC_CASES = [
    ("create_character_with_4_directions", "/create-character-with-4-directions",
     {"description": "knight", "image_size": (64, 64), "view": "low top-down",
      "proportions": "heroic"}, {"character_id": "c1"}),
    ("create_character_with_8_directions", "/create-character-with-8-directions",
     {"description": "knight", "image_size": (96, 96), "outline": "lineless",
      "template_id": "dog"}, {"character_id": "c1"}),
    ("animate_character", "/characters/animations",
     {"character_id": "c1", "template_animation_id": "breathing-idle",
      "directions": ["south", "east"]}, {}),
    ("create_tileset", "/tilesets",
     {"lower_description": "ocean", "upper_description": "sand", "tile_size": (32, 32),
      "transition_size": 0.25, "view": "high top-down"}, {"tileset_id": "t1"}),
    ("create_isometric_tile", "/create-isometric-tile",
     {"description": "grass", "image_size": (32, 32), "isometric_tile_shape": "thin tile"},
     {"tile_id": "iso1"}),
]


@pytest.mark.parametrize(("method", "path", "fields", "extra"), ASYNC_CASES)
async def test_async_submissions(client: PixelLabClient, server: MockServer, method: str,
                                 path: str, fields: dict, extra: dict) -> None:
    if method == "animate_character":
        server.on("POST", path, ok({"background_job_ids": ["j-s", "j-e"],
                                    "directions": ["south", "east"], "status": "processing"},
                                   202))
    else:
        server.on("POST", path, job(**extra))
    sub = await getattr(client, method)(**fields)
    body = server.body()
    for key, value in fields.items():
        if key in ("image_size", "tile_size"):
            assert body[key] == {"width": value[0], "height": value[1]}
        elif key == "proportions":
            assert body[key] == {"type": "preset", "name": value}
        else:
            assert body[key] == value
    if method == "animate_character":
        assert sub.job_ids == ["j-s", "j-e"] and sub.directions == ["south", "east"]
    else:
        assert sub.background_job_id == "job-1" and sub.job_ids == ["job-1"]
        for key, value in extra.items():
            assert getattr(sub, key) == value


async def test_submission_answered_with_200_is_read_from_the_body(client, server) -> None:
    server.on("POST", "/create-character-with-4-directions",
              ok({"background_job_id": "j9", "character_id": "c9"}, 200))
    sub = await client.create_character_with_4_directions(description="x", image_size=(64, 64))
    assert (sub.background_job_id, sub.character_id) == ("j9", "c9")


async def test_send_dispatches_models_and_twin_paths(client, server, rgba) -> None:
    server.on("POST", "/create-image-pixflux", ok({"image": image_obj(16, 16)}))
    server.on("POST", "/animate-character", job())
    server.on("POST", "/create-tileset", job(tileset_id="t"))
    server.on("POST", "/create-character-with-8-directions", job(character_id="c"))
    await client.send(PixfluxRequest(description="x", image_size=(16, 16)))
    from studio.api.requests import AnimateCharacterRequest, TilesetRequest

    await client.send(AnimateCharacterRequest(character_id="c", template_animation_id="walk"),
                      "animate_character_legacy")
    await client.send(TilesetRequest(lower_description="a", upper_description="b"),
                      "create_tileset_legacy")
    req = CharacterRequest(description="k", image_size=(64, 64))
    with pytest.raises(ValueError, match="needs endpoint"):
        await client.send(req)
    await client.send(req, "create_character_with_8_directions")
    with pytest.raises(TypeError):
        await client.send(req, "create_tileset")
    assert [r.url.path for r in server.seen] == [
        "/v2/create-image-pixflux", "/v2/animate-character", "/v2/create-tileset",
        "/v2/create-character-with-8-directions"]


async def test_request_model_positional_and_local_validation(client, server) -> None:
    server.on("POST", "/create-image-pixflux", ok({"image": image_obj(16, 16)}))
    req = PixfluxRequest(description="x", image_size=(16, 16))
    assert (await client.create_image_pixflux(req)).image.size == (16, 16)
    with pytest.raises(TypeError):
        await client.create_image_pixflux(req, seed=3)
    with pytest.raises(errors.ValidationError) as exc:
        await client.create_image_pixflux(description="x", image_size=(8, 16), detail="huge")
    assert set(exc.value.fields) == {"image_size.width", "detail"}
    with pytest.raises(errors.ValidationError, match="colour"):
        await client.rotate(image_size=(16, 16), from_image="AAAA", colour="red")
    with pytest.raises(errors.ValidationError, match="init_image is 8x8") as exc:
        await client.create_image_pixflux(description="x", image_size=(16, 16),
                                          init_image=Image.new("RGBA", (8, 8)))
    assert exc.value.fields == ["init_image"]  # a cross-field check still names its field
    assert server.count("POST") == 1  # nothing invalid was sent


async def test_background_job_and_resources(client, server) -> None:
    server.on("GET", "/background-jobs/j1", ok({"id": "j1", "status": "completed",
                                                "last_response": {"image": image_obj(8, 8)}}))
    server.on("GET", "/characters", lambda r: ok({"characters": [{"id": "c1"}],
                                                  "echo": dict(r.url.params)}))
    server.on("GET", "/characters/c1", ok({"id": "c1", "rotation_urls": {"south": "u"}}))
    server.on("GET", "/characters/c1/zip", httpx.Response(
        200, content=b"PK\x03\x04zip", headers={"content-type": "application/zip"}))
    server.on("GET", "/isometric-tiles/iso", ok({"image": image_obj(32, 32), "usage": usage()}))
    job_state = await client.get_background_job("j1")
    assert job_state.is_done and job_state.result_images()[0].size == (8, 8)
    listing = await client.list_characters(limit=5, offset=10)
    assert server.seen[-1].url.params == httpx.QueryParams({"limit": "5", "offset": "10"})
    assert listing.characters[0].id == "c1"
    await client.list_characters()
    assert not server.seen[-1].url.params
    assert (await client.get_character("c1")).rotation_urls == {"south": "u"}
    assert await client.export_character_zip("c1") == b"PK\x03\x04zip"
    tile = await client.get_isometric_tile("iso")
    assert tile.id == "iso" and tile.image.size == (32, 32)
    with pytest.raises(errors.ValidationError, match="limit"):
        await client.list_characters(limit=101)
    with pytest.raises(errors.ValidationError, match="offset"):
        await client.list_characters(offset=-1)
    with pytest.raises(errors.ValidationError):
        await client.get_character("  ")


async def test_ids_are_escaped_into_one_path_segment(client, server) -> None:
    server.on("GET", "/characters/a%2F..%2Fbalance", ok({"id": "x"}))
    await client.get_character("a/../balance")
    assert server.seen[-1].url.raw_path == b"/v2/characters/a%2F..%2Fbalance"


async def test_not_ready_resources_raise_and_wait_helpers_poll(client, server, sleeps) -> None:
    locked = httpx.Response(423, json={"detail": "Tileset is still being generated"})
    tiles = [{"corners": {"NW": a, "NE": b, "SW": c, "SE": d}, "image": image_obj(16, 16)}
             for a in ("lower", "upper") for b in ("lower", "upper")
             for c in ("lower", "upper") for d in ("lower", "upper")]
    server.on("GET", "/tilesets/t1", [locked, locked, ok({"tileset": {"tiles": tiles}})])
    with pytest.raises(errors.NotReadyError) as exc:
        await client.get_tileset("t1")
    assert exc.value.status == 423 and "still being" in str(exc.value)
    tileset = await client.wait_for_tileset("t1", poll_interval=2)
    assert tileset.id == "t1" and len(tileset.by_corners()) == 16
    assert sleeps == [2]
    server.on("GET", "/isometric-tiles/i1", [locked, ok({"image": image_obj(16, 16)})])
    assert (await client.wait_for_isometric_tile("i1", poll_interval=1)).image.size == (16, 16)
    server.on("GET", "/characters/c1/zip", [httpx.Response(423, json={
        "detail": "Character has 1 animation(s) still being generated"}),
        httpx.Response(200, content=b"PK")])
    assert await client.wait_for_character_zip("c1", poll_interval=1) == b"PK"


async def test_wait_for_job_progress_unknown_status_and_completion(client, server, sleeps):
    states = [ok({"id": "j", "status": "queued"}),
              ok({"id": "j", "status": "processing", "last_response": {"progress": 0.5}}),
              httpx.Response(423, json={"detail": "locked"}),
              ok({"id": "j", "status": "completed", "usage": usage(0.3),
                  "last_response": {"images": [image_obj(8, 8)]}})]
    server.on("GET", "/background-jobs/j", states)
    seen: list[tuple[str, float | None]] = []
    done = await client.wait_for_job("j", poll_interval=2, timeout=60,
                                     on_progress=lambda j: seen.append((j.status, j.progress)))
    assert done.is_done and done.usage.usd == 0.3
    assert seen == [("queued", None), ("processing", 0.5), ("completed", None)]
    assert sleeps == [2, 2.5, 3.125]  # gentle backoff between polls


async def test_wait_for_job_failure_and_deadline(client, server) -> None:
    server.on("GET", "/background-jobs/bad", ok({"id": "bad", "status": "failed",
                                                 "last_response": {"error": "content policy"}}))
    with pytest.raises(errors.JobFailedError, match="content policy"):
        await client.wait_for_job("bad")
    server.on("GET", "/background-jobs/slow", ok({"id": "slow", "status": "processing"}))
    with pytest.raises(errors.ApiTimeoutError, match="not ready after 10s"):
        await client.wait_for_job("slow", poll_interval=3, timeout=10)
    assert server.count("GET", "/background-jobs/slow") == 3  # 0s, 3s, 6.75s; next would pass 10


async def test_download_url_keeps_token_to_the_api_host_and_retries_404(client, sleeps) -> None:
    seen: list[httpx.Request] = []
    answers = [httpx.Response(404), httpx.Response(200, content=b"\x89PNG...")]

    def cdn(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    async with PixelLabClient(token=TOKEN, base_url=BASE, transport=httpx.MockTransport(cdn),
                              sleep=lambda s: _record(sleeps, s)) as api:
        assert await api.download_url("https://files.example.com/c1/south.png") == b"\x89PNG..."
        with pytest.raises(ValueError):
            await api.download_url("file:///etc/passwd")
    assert len(seen) == 2 and all("authorization" not in r.headers for r in seen)
    assert sleeps == [1.0]


async def _record(sleeps: list[float], seconds: float) -> None:
    sleeps.append(seconds)


async def test_llms_txt(client, server) -> None:
    server.on("GET", "/llms.txt", httpx.Response(200, text="Pixel Lab API - v2"))
    assert await client.get_llms_txt() == "Pixel Lab API - v2"


async def test_big_get_answers_are_parsed_off_the_event_loop(client: PixelLabClient,
                                                             server: MockServer,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    import threading

    from studio.api import transport

    parsed_on = []
    real = transport.RawResponse.json
    monkeypatch.setattr(transport.RawResponse, "json", lambda self: parsed_on.append(
        (len(self.content), threading.current_thread())) or real(self))
    big = {"id": "j1", "status": "completed", "last_response": {"padding": "x" * 200_000}}
    server.on("GET", "/background-jobs/j1", ok(big))
    server.on("GET", "/background-jobs/j2", ok({"id": "j2", "status": "processing"}))
    assert (await client.get_background_job("j1")).status == "completed"
    assert (await client.get_background_job("j2")).id == "j2"
    [(big_size, big_thread), (small_size, small_thread)] = parsed_on
    assert big_size > 200_000 and big_thread is not threading.main_thread()
    assert small_size < 1000 and small_thread is threading.main_thread()  # not worth a hop
