"""The queue with the real client against the offline engine on loopback: a background job
(isometric tile) survives a restart and its image lands in the library exactly once."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from PIL import Image

from studio.api.client import PixelLabClient
from studio.api.requests import IsometricTileRequest, PixfluxRequest, RotateRequest
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from studio.offline.server import OfflineServer


@pytest.fixture(scope="module")
def engine_url():
    server = OfflineServer(job_seconds=0.6)
    yield server.start()
    server.stop()


async def test_sync_request_through_the_real_client(engine_url, tmp_path):
    library = ResultsLibrary(tmp_path / "lib")
    async with PixelLabClient(token="offline-test-token", base_url=engine_url) as client:
        queue = JobQueue(client, library)
        jobs = queue.submit_variants(
            PixfluxRequest(description="coin", image_size=(24, 24)), [5, 6])
        await queue.join()
    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE]
    records = [library.results_for_job(j.id)[0] for j in jobs]
    assert [(r.width, r.height, r.seed) for r in records] == [(24, 24, 5), (24, 24, 6)]
    assert [j.note for j in jobs] == [None, None]
    library.close()


async def test_an_approximate_rotation_keeps_the_engines_note_on_the_job(engine_url, tmp_path):
    pixels = np.zeros((24, 24, 4), np.uint8)
    pixels[4:20, 8:16] = (200, 60, 60, 255)
    library = ResultsLibrary(tmp_path / "lib")
    async with PixelLabClient(token="offline-test-token", base_url=engine_url) as client:
        queue = JobQueue(client, library)
        job = queue.submit(RotateRequest(image_size=(24, 24), from_image=Image.fromarray(pixels),
                                         from_direction="east", to_direction="south"))
        await queue.join()
    assert job.state is JobState.DONE and job.result_ids
    assert job.note and job.note.startswith("Approximation") and "south view" in job.note
    library.close()


async def test_background_job_resumes_after_restart(engine_url, tmp_path):
    request = IsometricTileRequest(description="grass block", image_size=(32, 32))
    library = ResultsLibrary(tmp_path / "lib")
    async with PixelLabClient(token="offline-test-token", base_url=engine_url) as client:
        queue = JobQueue(client, library, poll_interval=0.05)
        job = queue.submit(request)
        for _ in range(200):
            if job.state is JobState.WAITING:
                break
            await asyncio.sleep(0.01)
        assert job.state is JobState.WAITING and job.background_job_ids
        await queue.shutdown()  # the studio quits while the job runs on the server
    library.close()

    library = ResultsLibrary(tmp_path / "lib")
    async with PixelLabClient(token="offline-test-token", base_url=engine_url) as client:
        queue = JobQueue(client, library, poll_interval=0.05)
        [resumed] = queue.resume()
        await asyncio.wait_for(queue.join(), 20)
    assert resumed.id == job.id and resumed.state is JobState.DONE, resumed.error
    [record] = library.results_for_job(job.id)
    assert (record.width, record.height) == (32, 32)
    assert library.journal_entry(job.id).state == "done"
    library.close()


async def test_tileset_tiles_are_stored_keyed_by_their_corners(engine_url, tmp_path):
    from studio.api.requests import TilesetRequest

    library = ResultsLibrary(tmp_path / "lib")
    async with PixelLabClient(token="offline-test-token", base_url=engine_url) as client:
        queue = JobQueue(client, library, poll_interval=0.05)
        job = queue.submit(TilesetRequest(lower_description="ocean", upper_description="sand",
                                          seed=3))
        await asyncio.wait_for(queue.join(), 20)
        tileset = await client.get_tileset(job.resource_id)
    assert job.state is JobState.DONE, job.error
    records = library.results_for_job(job.id)
    labels = {r.label for r in records}
    expected = {
        "corners " + " ".join(f"{k}={'upper' if (i >> (3 - n)) & 1 else 'lower'}"
                              for n, k in enumerate(("NW", "NE", "SW", "SE")))
        for i in range(16)
    }
    assert labels == expected
    # Each stored image is the tile the service keyed by those corners.
    by_label = {r.label: r for r in records}
    for tile in tileset.tiles:
        c = tile.corners
        label = f"corners NW={c.nw} NE={c.ne} SW={c.sw} SE={c.se}"
        stored = library.load_image(by_label[label].id)
        assert stored.tobytes() == tile.image.convert("RGBA").tobytes()
    library.close()
