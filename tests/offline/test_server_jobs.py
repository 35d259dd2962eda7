"""Background jobs over a real socket: processing -> completed, 423 -> 200, characters, ZIPs."""

from __future__ import annotations

import io
import itertools
import json
import time
import zipfile

import httpx
import numpy as np
import pytest
from PIL import Image

from .conftest import JOB_SECONDS, decode

CORNERS = ("NW", "NE", "SW", "SE")


def wait_ok(http: httpx.Client, path: str, timeout: float = 10.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = http.get(path)
        if response.status_code != 423 or time.monotonic() > deadline:
            return response
        time.sleep(0.05)


def wait_job(http: httpx.Client, job_id: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        body = http.get(f"/background-jobs/{job_id}").json()
        if body["status"] != "processing":
            return body
        time.sleep(0.05)
    raise AssertionError("job never finished")


@pytest.fixture()
def character(http: httpx.Client) -> dict:
    response = http.post("/create-character-with-8-directions", json={
        "description": "green wizard", "image_size": {"width": 48, "height": 48}, "seed": 4})
    assert response.status_code == 202
    return response.json()


def test_job_reports_progress_then_completes(http: httpx.Client, character: dict) -> None:
    job_id = character["background_job_id"]
    assert character["status"] == "processing" and character["usage"]["usd"] == 0.0
    first = http.get(f"/background-jobs/{job_id}").json()
    assert first["status"] == "processing" and first["id"] == job_id
    assert 0.0 <= first["last_response"]["progress"] < 1.0
    assert http.get(f"/characters/{character['character_id']}").json()["rotation_urls"] == {}
    done = wait_job(http, job_id)
    assert done["status"] == "completed"
    assert done["last_response"]["character_id"] == character["character_id"]
    assert len(done["last_response"]["images"]) == 8


def test_unknown_ids_are_404(http: httpx.Client) -> None:
    assert http.get("/background-jobs/nope").status_code == 404
    assert http.get("/characters/nope").json() == {"detail": "Character not found"}
    assert http.get("/characters/nope/zip").status_code == 404
    assert http.get("/tilesets/nope").status_code == 404
    assert http.get("/isometric-tiles/nope").status_code == 404
    assert http.post("/characters/animations", json={
        "character_id": "nope", "template_animation_id": "walk"}).status_code == 404


def test_character_rotations_mirror_and_download_without_auth(http: httpx.Client,
                                                             character: dict) -> None:
    cid = character["character_id"]
    wait_job(http, character["background_job_id"])
    body = http.get(f"/characters/{cid}").json()
    assert body["status"] == "completed" and body["directions"] == 8
    assert set(body["rotation_urls"]) == {"south", "south-east", "east", "north-east", "north",
                                          "north-west", "west", "south-west"}
    images = {}
    for direction in ("east", "west", "south"):
        data = httpx.get(body["rotation_urls"][direction]).content  # no Authorization header
        images[direction] = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))
    assert images["east"].shape == (48, 48, 4)
    assert (images["west"] == images["east"][:, ::-1]).all()
    assert not (images["south"] == images["east"]).all()
    listed = http.get("/characters", params={"limit": 100}).json()["characters"]
    assert cid in [c["id"] for c in listed]
    assert len(http.get("/characters", params={"limit": 1}).json()["characters"]) == 1


def test_animation_jobs_and_zip_layout(http: httpx.Client, character: dict) -> None:
    cid = character["character_id"]
    assert http.get(f"/characters/{cid}/zip").status_code == 423
    wait_job(http, character["background_job_id"])
    response = http.post("/characters/animations", json={
        "character_id": cid, "template_animation_id": "walking-6-frames",
        "directions": ["east", "west"], "animation_name": "Walk Cycle"})
    assert response.status_code == 202
    body = response.json()
    assert body["directions"] == ["east", "west"] and len(body["background_job_ids"]) == 2
    pending = http.get(f"/characters/{cid}/zip")
    assert pending.status_code == 423 and "animation(s)" in pending.json()["detail"]
    for job_id in body["background_job_ids"]:
        assert len(wait_job(http, job_id)["last_response"]["images"]) == 6
    also = http.post("/animate-character", json={"character_id": cid,
                                                 "template_animation_id": "breathing-idle",
                                                 "directions": ["south"]})
    assert also.status_code == 202
    archive = wait_ok(http, f"/characters/{cid}/zip")
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    assert 'filename="green_wizard.zip"' in archive.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "metadata.json" in names
    assert "green_wizard/rotations/north-west.png" in names
    assert [n for n in names if "/walk_cycle/east/" in n] == [
        f"green_wizard/animations/walk_cycle/east/frame_{i:03d}.png" for i in range(6)]
    assert "green_wizard/animations/breathing_idle/south/frame_003.png" in names
    meta = json.loads(zipfile.ZipFile(io.BytesIO(archive.content)).read("metadata.json"))
    assert meta["character"]["id"] == cid
    detail = http.get(f"/characters/{cid}").json()
    assert detail["animation_count"] == 2
    frames = detail["animations"][0]["directions"][0]["frames"]
    assert len(frames) == 6 and httpx.get(frames[0]).status_code == 200


def test_animation_of_a_missing_direction_is_422(http: httpx.Client) -> None:
    four = http.post("/create-character-with-4-directions", json={
        "description": "cat", "image_size": {"width": 32, "height": 32},
        "template_id": "cat"}).json()
    assert four["character_id"]
    response = http.post("/characters/animations", json={
        "character_id": four["character_id"], "template_animation_id": "walk",
        "directions": ["north-east"]})
    assert response.status_code == 422 and "north-east" in response.json()["detail"]


def classify_by_colour(tile: np.ndarray, lower: set, upper: set) -> np.ndarray:
    colours = [tuple(c) for c in tile.reshape(-1, 4)]
    classes = [0 if c in lower else 2 if c in upper else 1 for c in colours]
    return np.array(classes).reshape(tile.shape[:2])


def test_tileset_423_then_16_seamless_tiles(http: httpx.Client) -> None:
    submitted = http.post("/tilesets", json={"lower_description": "ocean water",
                                             "upper_description": "desert sand",
                                             "tile_size": {"width": 32, "height": 16},
                                             "seed": 21})
    assert submitted.status_code == 202
    tid = submitted.json()["tileset_id"]
    early = http.get(f"/tilesets/{tid}")
    assert early.status_code == 423 and "still being generated" in early.json()["detail"]
    body = wait_ok(http, f"/tilesets/{tid}").json()
    tiles = body["tileset"]["tiles"]
    assert body["tileset"]["total_tiles"] == 16 and body["tileset"]["tile_size"] == {
        "width": 32, "height": 16}
    keys = {tuple(t["corners"][c] for c in CORNERS) for t in tiles}
    assert keys == set(itertools.product(("lower", "upper"), repeat=4))
    images = {tuple(t["corners"][c] for c in CORNERS): decode(t["image"]) for t in tiles}
    assert all(img.shape == (16, 32, 4) for img in images.values())
    lower = {tuple(c) for c in images[("lower",) * 4].reshape(-1, 4)}
    upper = {tuple(c) for c in images[("upper",) * 4].reshape(-1, 4)}
    assert not lower & upper
    classes = {k: classify_by_colour(v, lower, upper) for k, v in images.items()}
    for a, b in itertools.product(classes, repeat=2):
        if (a[1], a[3]) == (b[0], b[2]):  # a's east edge meets b's west edge
            assert (classes[a][:, -1] == classes[b][:, 0]).all()
        if (a[2], a[3]) == (b[0], b[1]):  # a's south edge meets b's north edge
            assert (classes[a][-1] == classes[b][0]).all()
    assert body["metadata"]["terrain_ids"]["lower"]


def test_tileset_chaining_uses_the_base_tile(http: httpx.Client) -> None:
    first = wait_ok(http, "/tilesets/" + http.post("/create-tileset", json={
        "lower_description": "lava", "upper_description": "stone", "seed": 2}).json()["tileset_id"])
    lower_id = first.json()["metadata"]["terrain_ids"]["lower"]
    lower_tile = next(t for t in first.json()["tileset"]["tiles"]
                      if set(t["corners"].values()) == {"lower"})
    second = http.post("/tilesets", json={"lower_description": "whatever",
                                          "upper_description": "snow",
                                          "lower_base_tile_id": lower_id, "seed": 3})
    body = wait_ok(http, f"/tilesets/{second.json()['tileset_id']}").json()
    new_lower = next(t for t in body["tileset"]["tiles"] if set(t["corners"].values()) == {"lower"})
    old_colours = {tuple(c) for c in decode(lower_tile["image"]).reshape(-1, 4)}
    assert {tuple(c) for c in decode(new_lower["image"]).reshape(-1, 4)} <= old_colours
    assert body["metadata"]["terrain_ids"]["lower"] == lower_id
    unknown = http.post("/tilesets", json={"lower_description": "a", "upper_description": "b",
                                           "lower_base_tile_id": "missing"})
    assert unknown.status_code == 422


def test_isometric_tile_423_then_image(http: httpx.Client) -> None:
    submitted = http.post("/create-isometric-tile", json={
        "description": "grass block", "image_size": {"width": 32, "height": 32},
        "isometric_tile_shape": "thick tile", "seed": 8})
    assert submitted.status_code == 202
    tile_id = submitted.json()["tile_id"]
    assert http.get(f"/isometric-tiles/{tile_id}").status_code == 423
    body = wait_ok(http, f"/isometric-tiles/{tile_id}").json()
    image = decode(body["image"])
    assert image.shape == (32, 32, 4) and image[0, 0, 3] == 0 and (image[..., 3] == 255).any()
    job = wait_job(http, submitted.json()["background_job_id"])
    assert decode(job["last_response"]["image"]).shape == (32, 32, 4)


def test_jobs_stay_processing_for_job_seconds(http: httpx.Client) -> None:
    start = time.monotonic()
    job_id = http.post("/create-isometric-tile", json={
        "description": "x", "image_size": {"width": 16, "height": 16}}).json()["background_job_id"]
    wait_job(http, job_id)
    assert time.monotonic() - start >= JOB_SECONDS * 0.9


def test_character_proportions_reach_the_drawing() -> None:
    from studio.api.requests import CharacterRequest
    from studio.offline.algorithms.proportions import PRESETS, Proportions
    from studio.offline.characters import body_proportions, draw_rotations

    def request(proportions: object) -> CharacterRequest:
        return CharacterRequest(description="knight", image_size=(48, 48), seed=3,
                                proportions=proportions)

    assert body_proportions(request(None)) == Proportions()
    assert body_proportions(request("chibi")) == PRESETS["chibi"]
    custom = request({"type": "custom", "head_size": 1.5, "leg_length": 0.5})
    assert body_proportions(custom) == Proportions(head_size=1.5, leg_length=0.5)
    plain = draw_rotations(request(None), ("south",))["south"]
    chibi = draw_rotations(request("chibi"), ("south",))["south"]
    assert not (plain == chibi).all()
