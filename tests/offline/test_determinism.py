"""Same request, same non-zero seed: byte-identical PNGs from every generating endpoint.

Seed 0 picks a random seed, so two such requests differ (for endpoints whose output depends on
the seed at all).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import numpy as np
import pytest

from .conftest import b64_png, sprite_fixture
from .test_server_jobs import wait_job, wait_ok

REF = b64_png(sprite_fixture(64))
MASK = np.zeros((64, 64, 3), dtype=np.uint8)
MASK[20:36, 16:48] = 255
SIZE = {"width": 64, "height": 64}

SYNC = {
    "/create-image-pixflux": {"description": "blue slime", "image_size": SIZE},
    "/create-image-bitforge": {"description": "red knight", "image_size": SIZE},
    "/inpaint": {"description": "patch", "image_size": SIZE, "inpainting_image": REF,
                 "mask_image": b64_png(MASK)},
}
JOBS = {
    "/create-character-with-4-directions": {"description": "orange fox",
                                            "image_size": {"width": 32, "height": 32}},
    "/tilesets": {"lower_description": "ocean", "upper_description": "sand"},
    "/create-isometric-tile": {"description": "grass block",
                               "image_size": {"width": 32, "height": 32}},
}


def _images(http: httpx.Client, path: str, submitted: dict[str, Any]) -> str:
    """The finished result's images (ids and timestamps left out) as one canonical string."""
    job = wait_job(http, submitted["background_job_id"])
    assert job["status"] == "completed"
    if path == "/tilesets":
        body = wait_ok(http, f"/tilesets/{submitted['tileset_id']}").json()
        tiles = body.get("tileset", body)["tiles"]
        return json.dumps(sorted((json.dumps(t["corners"], sort_keys=True), t["image"]["base64"])
                                 for t in tiles))
    if path == "/create-isometric-tile":
        return wait_ok(http, f"/isometric-tiles/{submitted['tile_id']}").json()["image"]["base64"]
    return json.dumps(job["last_response"]["images"], sort_keys=True)


@pytest.mark.parametrize("path", list(SYNC))
def test_sync_endpoints_repeat_with_a_seed_and_vary_without(http: httpx.Client,
                                                            path: str) -> None:
    def run(seed: int) -> str:
        response = http.post(path, json={**SYNC[path], "seed": seed})
        assert response.status_code == 200, response.text
        return response.json()["image"]["base64"]

    assert run(31) == run(31)
    assert run(31) != run(32)
    assert len({run(0) for _ in range(3)}) > 1


@pytest.mark.parametrize("path", list(JOBS))
def test_job_endpoints_repeat_with_a_seed_and_vary_without(http: httpx.Client,
                                                           path: str) -> None:
    seeds = (31, 31, 0, 0)
    submitted = [http.post(path, json={**JOBS[path], "seed": seed}) for seed in seeds]
    assert all(r.status_code == 202 for r in submitted)
    same_a, same_b, random_a, random_b = (_images(http, path, r.json()) for r in submitted)
    assert same_a == same_b
    assert random_a != random_b
