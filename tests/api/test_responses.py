"""Response parsing: every observed variant of every answer."""

from __future__ import annotations

import base64

import pydantic
import pytest

from studio.api.responses import (
    BackgroundJob,
    Balance,
    Character,
    CharacterList,
    FramesResponse,
    ImageResponse,
    JobSubmission,
    SkeletonResponse,
    Usage,
)
from studio.api.tiles import IsometricTile, Tileset

from .conftest import image_obj, png_b64


def test_image_response_with_usd_usage() -> None:
    r = ImageResponse.model_validate({"image": image_obj(16, 24), "usage": {"type": "usd",
                                                                             "usd": 0.0075}})
    assert r.image.size == (16, 24) and r.image.mode == "RGBA"
    assert r.usage == Usage(type="usd", usd=0.0075)


def test_generations_billing_and_data_envelope() -> None:
    body = {"success": True, "data": {"image": {"base64": png_b64(8, 8)}},
            "billing_usage": {"type": "generations", "generations": 1}}
    r = ImageResponse.model_validate(body)
    assert r.image.size == (8, 8)
    assert r.usage is not None and r.usage.generations == 1 and r.usage.usd is None
    both = ImageResponse.model_validate({"image": image_obj(8, 8), "usage": {"usd": 0.01},
                                         "billing_usage": {"generations": 2}})
    assert (both.usage.usd, both.usage.generations) == (0.01, 2)
    assert ImageResponse.model_validate({"image": image_obj(8, 8)}).usage is None
    envelope = ImageResponse.model_validate({"image": image_obj(8, 8),
                                             "usage": {"credits_used": 0.2,
                                                       "generations_used": 3}})
    assert (envelope.usage.usd, envelope.usage.generations) == (0.2, 3)


def test_unreadable_cost_does_not_lose_the_image() -> None:
    r = ImageResponse.model_validate({"image": image_obj(8, 8),
                                      "usage": {"type": "usd", "usd": "n/a", "generations": 2}})
    assert r.image.size == (8, 8) and r.usage == Usage(type="usd", generations=2)
    assert ImageResponse.model_validate({"image": image_obj(8, 8), "usage": "free"}).usage is None


def test_image_response_round_trips_through_json() -> None:
    r = ImageResponse.model_validate({"image": image_obj(5, 6), "usage": {"usd": 0.1}})
    again = ImageResponse.model_validate(r.model_dump(mode="json"))
    assert again.image.tobytes() == r.image.tobytes()


def test_frames_in_order_and_rgba_bytes_frames() -> None:
    raw = bytes([9, 8, 7, 255]) * 16
    frames = [image_obj(4, 4), {"type": "rgba_bytes", "base64": base64.b64encode(raw).decode(),
                                "width": 4, "height": 4}, image_obj(4, 4)]
    r = FramesResponse.model_validate({"images": frames, "usage": {"type": "usd", "usd": 0.02}})
    assert len(r.images) == 3 and r.images[1].tobytes() == raw


def test_bad_image_in_response_is_a_validation_error_naming_the_field() -> None:
    with pytest.raises(pydantic.ValidationError) as exc:
        FramesResponse.model_validate({"images": [image_obj(4, 4), {"base64": "@@"}]})
    assert exc.value.errors()[0]["loc"] == ("images", 1)


def test_skeleton_response() -> None:
    points = [{"x": 0.5, "y": 0.1 * i, "label": label, "z_index": 1.7}
              for i, label in enumerate(["NOSE", "NECK"])]
    r = SkeletonResponse.model_validate({"keypoints": points, "usage": {"usd": 0.0}})
    assert [p.label for p in r.keypoints] == ["NOSE", "NECK"] and r.keypoints[0].z_index == 1.7


def test_balance_v1_and_v2_shapes() -> None:
    v1 = Balance.model_validate({"type": "usd", "usd": 12.5})
    assert v1.usd == 12.5 and v1.generations is None
    v2 = Balance.model_validate({"credits": {"usd": 0.5}, "subscription": {
        "generations": 150, "total": 2000, "status": "trial"}})
    assert (v2.usd, v2.generations, v2.generations_total, v2.subscription_status) == (
        0.5, 150, 2000, "trial")
    partial = Balance.model_validate({"credits": {"usd": 1}, "subscription": None})
    assert partial.usd == 1 and partial.generations is None


@pytest.mark.parametrize(
    ("body", "ids", "resource"),
    [
        ({"background_job_id": "j1", "character_id": "c1", "status": "processing"}, ["j1"],
         ("character_id", "c1")),
        ({"background_job_id": "j2", "tileset_id": "t1"}, ["j2"], ("tileset_id", "t1")),
        ({"job_id": "j3", "tile_id": "iso"}, ["j3"], ("tile_id", "iso")),
        ({"background_job_ids": ["a", "b"], "directions": ["south", "north"],
          "status": "processing"}, ["a", "b"], ("directions", ["south", "north"])),
    ],
)
def test_job_submissions(body: dict, ids: list[str], resource: tuple[str, object]) -> None:
    sub = JobSubmission.model_validate({**body, "usage": {"usd": 0.05}})
    assert sub.job_ids == ids
    assert getattr(sub, resource[0]) == resource[1]
    assert sub.usage.usd == 0.05


def test_job_submission_without_job_is_rejected() -> None:
    with pytest.raises(pydantic.ValidationError, match="background_job_id"):
        JobSubmission.model_validate({"status": "processing"})


@pytest.mark.parametrize(
    ("status", "done", "failed", "running"),
    [("processing", False, False, True), ("completed", True, False, False),
     ("failed", False, True, False), ("queued", False, False, True),
     ("pending", False, False, True)],
)
def test_background_job_status(status: str, done: bool, failed: bool, running: bool) -> None:
    job = BackgroundJob.model_validate({"id": "j", "status": status})
    assert (job.is_done, job.is_failed, job.is_running) == (done, failed, running)


def test_background_job_progress_results_and_failure_reason() -> None:
    running = BackgroundJob.model_validate({"id": "j", "status": "processing",
                                            "last_response": {"progress": 0.35}})
    assert running.progress == 0.35
    done = BackgroundJob.model_validate({
        "id": "j", "status": "completed", "created_at": "2025-09-18T10:00:00Z",
        "usage": {"usd": 0.1},
        "last_response": {"images": [image_obj(8, 8), image_obj(8, 8)]}})
    assert [i.size for i in done.result_images(expected_size=(8, 8))] == [(8, 8), (8, 8)]
    single = BackgroundJob.model_validate({"status": "completed",
                                           "last_response": {"image": image_obj(4, 4)}})
    assert len(single.result_images()) == 1
    failed = BackgroundJob.model_validate({"status": "failed",
                                           "last_response": {"error": "NSFW content"}})
    assert "NSFW" in failed.failure_reason


def test_character_and_list() -> None:
    body = {"id": "c1", "name": "knight", "status": "completed", "directions": 8,
            "rotation_urls": {"south": "https://cdn/x/south.png", "north-east": None},
            "animations": [{"display_name": "walk", "animation_type": "walk",
                            "directions": [{"direction": "south", "frames": ["u1", "u2"]}]}],
            "animation_count": 1, "template_id": "mannequin", "view": "low top-down",
            "tags": None, "group_id": None, "future_field": 1}
    c = Character.model_validate(body)
    assert c.is_completed and c.rotation_urls["south"].endswith("south.png")
    assert c.animations[0].directions[0].frames == ["u1", "u2"] and c.tags == []
    pending = Character.model_validate({"id": "c2", "status": "processing",
                                        "rotation_urls": None})
    assert pending.rotation_urls == {} and not pending.is_completed
    listing = CharacterList.model_validate({"characters": [body, {"id": "c3"}], "total": 2})
    assert [x.id for x in listing.characters] == ["c1", "c3"]
    assert CharacterList.model_validate([{"id": "c4"}]).characters[0].id == "c4"


def _wang_tiles(order: list[int], size: int = 16) -> list[dict]:
    def corner(bit: int) -> str:
        return "upper" if bit else "lower"

    return [{"id": f"id{i}", "name": f"wang_{(i * 7) % 16}",  # names deliberately misleading
             "corners": {"NW": corner(i & 8), "NE": corner(i & 4), "SW": corner(i & 2),
                         "SE": corner(i & 1)},
             "image": image_obj(size, size), "original_position": {"x": 0, "y": 0}}
            for i in order]


def test_tileset_tiles_are_keyed_by_corners_not_order_or_name() -> None:
    order = [5, 0, 15, 3, 9, 12, 1, 2, 4, 6, 7, 8, 10, 11, 13, 14]
    body = {"tileset": {"tiles": _wang_tiles(order), "tile_size": {"width": 16, "height": 16},
                        "total_tiles": 16, "terrain_types": ["lower", "upper"]},
            "metadata": {"terrain_ids": {"lower": "base-L", "upper": "base-U"}}}
    ts = Tileset.model_validate(body)
    keyed = ts.by_corners()
    assert len(keyed) == 16 and ts.tile_size == (16, 16)
    assert keyed[("upper", "lower", "upper", "lower")].id == "id10"
    assert ts.tile("lower", "lower", "lower", "lower").id == "id0"
    assert ts.tile("upper", "upper", "upper", "upper").id == "id15"
    assert (ts.lower_base_tile_id, ts.upper_base_tile_id) == ("base-L", "base-U")
    listed = Tileset.model_validate({"tiles": _wang_tiles(list(range(16))),
                                     "metadata": {"terrain_ids": ["a", "b"]}})
    assert listed.upper_base_tile_id == "b"


def test_tileset_rejects_duplicate_corners_and_wrong_tile_sizes() -> None:
    tiles = _wang_tiles([0, 1])
    tiles[1]["corners"] = dict(tiles[0]["corners"])
    with pytest.raises(pydantic.ValidationError, match="share the corners"):
        Tileset.model_validate({"tiles": tiles})
    with pytest.raises(pydantic.ValidationError, match="expected"):
        Tileset.model_validate({"tiles": _wang_tiles([0], size=32),
                                "tile_size": {"width": 16, "height": 16}})
    bad = _wang_tiles([0])
    bad[0]["corners"]["NW"] = "middle"
    with pytest.raises(pydantic.ValidationError):
        Tileset.model_validate({"tiles": bad})


def test_isometric_tile_shapes() -> None:
    assert IsometricTile.model_validate({"image": image_obj(32, 32)}).image.size == (32, 32)
    nested = IsometricTile.model_validate({"id": "t", "last_response": {"image": image_obj(8, 8)}})
    assert nested.image.size == (8, 8)


def test_tileset_dump_round_trips_for_the_offline_server() -> None:
    ts = Tileset.model_validate({"tiles": _wang_tiles(list(range(16))),
                                 "tile_size": {"width": 16, "height": 16}})
    dumped = ts.model_dump(mode="json", by_alias=True)
    assert set(dumped["tiles"][3]["corners"]) == {"NW", "NE", "SW", "SE"}
    assert dumped["tiles"][3]["image"]["type"] == "base64"
    again = Tileset.model_validate(dumped)
    assert again.by_corners().keys() == ts.by_corners().keys()
    tile = again.tile("lower", "lower", "upper", "upper")
    assert (tile.corners.NW, tile.corners.SE) == ("lower", "upper")
