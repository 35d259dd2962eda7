"""The engine keeps characters, tilesets and isometric tiles in its data folder: a restarted
engine on the same folder still lists and serves them (issue 14)."""

from __future__ import annotations

import httpx

from studio.offline.server import OfflineServer
from tests.offline.test_server_jobs import wait_job, wait_ok


def _client(server: OfflineServer) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, headers={"Authorization": "Bearer t"},
                        timeout=30)


def _make_everything(http: httpx.Client) -> dict[str, str]:
    character = http.post("/create-character-with-4-directions", json={
        "description": "wizard with a staff", "image_size": {"width": 32, "height": 32},
        "seed": 3}).json()
    wait_job(http, character["background_job_id"])
    walk = http.post("/characters/animations", json={
        "character_id": character["character_id"], "template_animation_id": "walking-4-frames",
        "directions": ["east"], "animation_name": "Walk"}).json()
    wait_job(http, walk["background_job_id"])
    tileset = http.post("/tilesets", json={"lower_description": "ocean",
                                           "upper_description": "sand",
                                           "tile_size": {"width": 16, "height": 16}}).json()
    tile = http.post("/create-isometric-tile", json={
        "description": "grass block", "image_size": {"width": 32, "height": 32}}).json()
    return {"character": character["character_id"], "tileset": tileset["tileset_id"],
            "tile": tile["tile_id"]}


def test_a_restarted_engine_still_has_what_was_made(tmp_path):
    first = OfflineServer(job_seconds=0.1, data_dir=tmp_path / "engine")
    first.start()
    try:
        with _client(first) as http:
            ids = _make_everything(http)
            before = {
                "tileset": wait_ok(http, f"/tilesets/{ids['tileset']}").json(),
                "tile": wait_ok(http, f"/isometric-tiles/{ids['tile']}").json(),
                "character": http.get(f"/characters/{ids['character']}").json(),
            }
    finally:
        first.stop()
    second = OfflineServer(job_seconds=0.1, data_dir=tmp_path / "engine")
    second.start()
    try:
        with _client(second) as http:
            listed = http.get("/characters", params={"limit": 50}).json()["characters"]
            assert [c["id"] for c in listed] == [ids["character"]]
            character = http.get(f"/characters/{ids['character']}").json()
            assert character["status"] == "completed" and character["prompt"].startswith("wizard")
            assert set(character["rotation_urls"]) == set(before["character"]["rotation_urls"])
            assert [a["display_name"] for a in character["animations"]] == ["Walk"]
            assert http.get(f"/characters/{ids['character']}/zip").status_code == 200
            tileset = http.get(f"/tilesets/{ids['tileset']}").json()
            assert tileset == before["tileset"]
            assert http.get(f"/isometric-tiles/{ids['tile']}").json() == before["tile"]
            chained = http.post("/tilesets", json={  # its base tiles are still known
                "lower_description": "x", "upper_description": "y",
                "lower_base_tile_id": tileset["metadata"]["lower_base_tile_id"]})
            assert chained.status_code == 202
    finally:
        second.stop()


def test_an_unreadable_resource_file_is_skipped(tmp_path):
    folder = tmp_path / "engine" / "resources"
    folder.mkdir(parents=True)
    (folder / "character--broken.json").write_text("{not json")
    server = OfflineServer(job_seconds=0.1, data_dir=tmp_path / "engine")
    server.start()
    try:
        with _client(server) as http:
            assert http.get("/characters").json()["characters"] == []
    finally:
        server.stop()
