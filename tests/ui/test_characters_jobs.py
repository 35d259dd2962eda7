"""Character jobs go through the app's JobQueue like every paid request: listed in the Jobs panel
with state, progress and cost, cancellable there, counted in the queue's one pool of service slots
(one per direction still generating), and resumed after a restart with the right images (rotations
for a character, the animation's frames per direction for an animation).
"""

from __future__ import annotations

import asyncio

import pytest

from studio.api.requests import AnimateCharacterRequest, Character4DirectionsRequest
from studio.core.characters.service import CharacterService
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.ui.characters_helpers import FakePixelLab, colour_for


async def _until(predicate, limit: int = 2000) -> None:
    for _ in range(limit):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition not reached")


def test_created_character_is_a_job_in_the_queue(tmp_path):
    fake = FakePixelLab(job_polls=2)
    library = ResultsLibrary(tmp_path / "lib")
    added, stored = [], []

    async def scenario():
        async with fake.client() as client:
            queue = JobQueue(client, library, poll_interval=0)
            queue.job_added.connect(added.append)
            queue.result_stored.connect(lambda j, r: stored.append(r.label))
            service = CharacterService(client, queue=queue, poll_interval=0.0)
            request = Character4DirectionsRequest(description="a knight", image_size=(64, 64))
            await service.create_character(request)
    asyncio.run(scenario())
    [job] = added
    assert job.endpoint == "create_character_with_4_directions"
    assert job.state is JobState.DONE and job.progress == 1.0
    assert job.cost_usd == pytest.approx(0.1)  # the submission's usage is the job's cost
    assert sorted(stored) == ["east", "north", "south", "west"]
    assert len(job.result_ids) == 4 and job.resource_kind == "character"
    assert library.journal_entry(job.id).state == "done"
    library.close()


def test_resumed_animation_stores_frames_per_direction_not_rotations(tmp_path):
    fake = FakePixelLab(job_polls=1, direction_polls={"east": 10**6, "west": 10**6})
    cid = fake.add_character("hero", 4)
    lib1 = ResultsLibrary(tmp_path / "lib")

    async def first_session():  # the studio closes while both directions are generating
        async with fake.client() as client:
            queue = JobQueue(client, lib1, poll_interval=0)
            service = CharacterService(client, queue=queue, poll_interval=0.0)
            info = await service.fetch(cid)
            request = AnimateCharacterRequest(character_id=cid, template_animation_id="walk",
                                              animation_name="stroll",
                                              directions=["east", "west"])
            task = asyncio.create_task(service.animate(info, request))
            await _until(lambda: any(e.background_job_ids for e in lib1.journal_entries()))
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await queue.shutdown()
    asyncio.run(first_session())
    [entry] = lib1.journal_entries()
    assert entry.state == "waiting" and len(entry.background_job_ids) == 2
    lib1.close()
    for job in fake.jobs.values():  # meanwhile the service finished them
        job.polls_to_finish = 0
    posts_before = [r for r in fake.requests if r[0] == "POST"]

    lib2 = ResultsLibrary(tmp_path / "lib")

    async def second_session():
        async with fake.client() as client:
            queue = JobQueue(client, lib2, poll_interval=0)
            [resumed] = queue.resume()
            await queue.join()
            return resumed
    resumed = asyncio.run(second_session())
    assert resumed.state is JobState.DONE, resumed.error
    assert [r for r in fake.requests if r[0] == "POST"] == posts_before  # never resent
    records = lib2.results_for_job(entry.job_id)
    assert [r.label for r in records] == [f"{d} frame {i}" for d in ("east", "west")
                                          for i in range(3)]
    for record in records:
        direction, _, frame = record.label.split()
        pixel = lib2.load_image(record.id).getpixel((0, 0))
        assert pixel == colour_for(direction, int(frame))
    lib2.close()


def test_animation_and_queue_share_one_pool_of_slots(tmp_path):
    """An 8-direction animation takes all 8 service slots: a queue job waits for it."""
    fake = FakePixelLab(job_polls=1, direction_polls=dict.fromkeys(
        ("south", "south-east", "east", "north-east", "north", "north-west", "west",
         "south-west"), 40))
    cid = fake.add_character("hero", 8)
    library = ResultsLibrary(tmp_path / "lib")

    async def scenario():
        async with fake.client() as client:
            queue = JobQueue(client, library, poll_interval=0)
            service = CharacterService(client, queue=queue, poll_interval=0.0)
            info = await service.fetch(cid)
            request = AnimateCharacterRequest(character_id=cid, template_animation_id="walk")
            task = asyncio.create_task(service.animate(info, request))
            await _until(lambda: queue.background_load == 8)
            other = queue.submit(Character4DirectionsRequest(description="x",
                                                             image_size=(64, 64)))
            await asyncio.sleep(0)
            assert other.state is JobState.QUEUED and queue.background_load == 8
            await task
            await queue.join()
            assert other.state is JobState.DONE and queue.background_load == 0
    asyncio.run(scenario())
    library.close()
