"""The studio's own async client calling every method against the offline engine."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from studio.api import PixelLabClient
from studio.api.errors import NotFoundError, NotReadyError
from studio.api.requests import Character4DirectionsRequest, PixfluxRequest

from .conftest import sprite_fixture

FAST = {"poll_interval": 0.05, "timeout": 10.0}


@pytest.fixture()
async def client(base_url: str):
    async with PixelLabClient(token="offline", base_url=base_url, timeout=30) as api:
        yield api


def pil(rgba: np.ndarray) -> Image.Image:
    return Image.fromarray(rgba, "RGBA")


async def test_account_and_docs(client: PixelLabClient) -> None:
    balance = await client.get_balance()
    assert balance.usd == 0.0 and balance.subscription_status == "offline"
    assert "create-image-pixflux" in await client.get_llms_txt()


async def test_sync_image_methods(client: PixelLabClient) -> None:
    image = await client.create_image_pixflux(description="gold coin", image_size=(24, 24),
                                              seed=9, no_background=True)
    assert image.image.size == (24, 24) and image.usage.usd == 0.0
    sent = await client.send(PixfluxRequest(description="gold coin", image_size=(24, 24), seed=9,
                                            no_background=True))
    assert np.array_equal(np.asarray(sent.image), np.asarray(image.image))
    forged = await client.create_image_bitforge(description="tree", image_size=(32, 32), seed=2)
    assert forged.image.size == (32, 32)
    ref = sprite_fixture(32)
    mask = np.zeros((32, 32, 4), dtype=np.uint8)
    mask[..., 3] = 255
    mask[4:12, 4:12, :3] = 255
    filled = await client.inpaint(description="x", image_size=(32, 32),
                                  inpainting_image=pil(ref), mask_image=pil(mask), seed=3)
    keep = mask[..., 0] == 0
    assert (np.asarray(filled.image)[keep] == ref[keep]).all()
    turned = await client.rotate(image_size=(32, 32), from_image=pil(ref),
                                 from_direction="north-east", to_direction="north-west")
    assert (np.asarray(turned.image) == ref[:, ::-1]).all()
    back = await client.rotate(image_size=(32, 32), from_image=pil(ref), from_direction="south",
                               to_direction="north")
    assert (np.asarray(back.image)[..., 3] > 0).sum() > 50
    assert back.note and back.note.startswith("Approximation")


async def test_skeleton_and_text_animation(client: PixelLabClient) -> None:
    ref = sprite_fixture(64)
    skeleton = await client.estimate_skeleton(image=pil(ref))
    assert len(skeleton.keypoints) == 18
    assert all(0.0 <= k.x <= 1.0 and 0.0 <= k.y <= 1.0 for k in skeleton.keypoints)
    pose = [k.model_dump() for k in skeleton.keypoints]
    lifted = [{**k, "y": k["y"] - 0.05} for k in pose]
    frames = await client.animate_with_skeleton(image_size=(64, 64), reference_image=pil(ref),
                                                skeleton_keypoints=[pose, lifted])
    assert len(frames.images) == 2 and frames.images[1].size == (64, 64)
    assert (np.asarray(frames.images[0]) == ref).all()
    texted = await client.animate_with_text(image_size=(64, 64), description="hero",
                                            action="jump", reference_image=pil(ref), seed=4)
    assert len(texted.images) == 4


async def test_character_methods(client: PixelLabClient) -> None:
    four = await client.create_character_with_4_directions(description="orange fox",
                                                           image_size=(32, 32),
                                                           template_id="dog")
    robot = await client.send(Character4DirectionsRequest(description="pink robot",
                                                          image_size=(40, 40)))
    eight = await client.create_character_with_8_directions(description="grey knight",
                                                            image_size=(48, 48))
    assert four.character_id and robot.character_id and eight.character_id
    with pytest.raises(NotReadyError):
        await client.export_character_zip(four.character_id)
    job = await client.wait_for_job(four.background_job_id, **FAST)
    assert job.is_done and len(job.result_images((32, 32))) == 4
    character = await client.get_character(four.character_id)
    assert character.is_completed and set(character.rotation_urls) == {"south", "west", "east",
                                                                       "north"}
    png = await client.download_url(character.rotation_urls["south"])
    assert Image.open(io.BytesIO(png)).size == (32, 32)
    listed = await client.list_characters(limit=50, offset=0)
    assert four.character_id in [c.id for c in listed.characters]
    animation = await client.animate_character(character_id=four.character_id,
                                               template_animation_id="running-4-frames")
    assert len(animation.job_ids) == 4 and set(animation.directions) == {"south", "west",
                                                                         "east", "north"}
    progress: list[float] = []
    await client.wait_for_job(animation.job_ids[0], on_progress=lambda j: progress.append(
        j.progress or 0.0), **FAST)
    assert progress and progress[-1] == 1.0
    data = await client.wait_for_character_zip(four.character_id, **FAST)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "orange_fox/animations/running_4_frames/west/frame_003.png" in names
    await client.wait_for_job(robot.background_job_id, **FAST)
    done = await client.wait_for_job(eight.background_job_id, **FAST)
    assert len(done.result_images((48, 48))) == 8
    with pytest.raises(NotFoundError):
        await client.get_character("does-not-exist")


async def test_tileset_and_isometric_methods(client: PixelLabClient) -> None:
    submission = await client.create_tileset(lower_description="grass", upper_description="dirt",
                                             tile_size={"width": 16, "height": 16},
                                             transition_size=0.25, seed=6)
    with pytest.raises(NotReadyError):
        await client.get_tileset(submission.tileset_id)
    tileset = await client.wait_for_tileset(submission.tileset_id, poll_interval=0.05,
                                            timeout=10)
    assert len(tileset.by_corners()) == 16 and tileset.tile_size == (16, 16)
    assert tileset.lower_base_tile_id and tileset.upper_base_tile_id
    again = await client.get_tileset(submission.tileset_id)
    assert again.tile("lower", "upper", "lower", "upper").image.size == (16, 16)
    iso = await client.create_isometric_tile(description="stone block", image_size=(32, 32),
                                             isometric_tile_shape="block")
    with pytest.raises(NotReadyError):
        await client.get_isometric_tile(iso.tile_id)
    tile = await client.wait_for_isometric_tile(iso.tile_id, poll_interval=0.05, timeout=10)
    assert tile.image.size == (32, 32)
    assert (await client.get_isometric_tile(iso.tile_id)).image.size == (32, 32)
    job = await client.get_background_job(iso.background_job_id)
    assert job.is_done
