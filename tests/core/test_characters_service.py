"""The Qt-free pieces of the characters panel: tolerant payload reading, the service's failure
paths through the job queue and its journal, and documents built for the canvas."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from studio.api.errors import OutcomeUnknownError
from studio.api.requests import Character4DirectionsRequest
from studio.core.characters.frames import frames_to_document, make_open_on_canvas
from studio.core.characters.payloads import character_info
from studio.core.characters.service import (
    CharacterBusyError,
    CharacterFlowError,
    CharacterService,
    job_fraction,
)
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from tests.ui.characters_helpers import FakePixelLab, solid


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


def run(coro):
    return asyncio.run(coro)


# -- payloads ---------------------------------------------------------------------------------
def test_character_info_tolerates_variants():
    info = character_info({
        "id": "c1", "size": 64, "directions": 8, "status": None,
        "rotation_urls": {"south": "http://x/s.png", "north": None},
        "animations": [{"name": "run", "status": "processing",
                        "directions": {"east": ["http://x/e0.png", None]}}],
    })
    assert (info.width, info.height) == (64, 64) and len(info.directions) == 8
    assert info.rotation_urls == {"south": "http://x/s.png"}
    assert info.animations[0].frames == {"east": ["http://x/e0.png"]}
    assert info.is_completed  # no status but rotations listed
    assert info.busy_parts() == ["animation 'run' (processing)"]
    pending = character_info({"id": "c2", "status": "processing", "rotation_urls": None})
    assert not pending.is_completed and pending.directions == ("south", "west", "east", "north")
    assert pending.busy_parts() == ["the character itself (processing)"]


@pytest.mark.parametrize(("job", "expected"), [
    ({"progress": 0.25}, 0.25), ({"progress": 40}, 0.4),
    ({"last_response": {"progress": 0.5}}, 0.5), ({}, None), ({"progress": "x"}, None),
])
def test_job_fraction(job, expected):
    assert job_fraction(job) == expected


# -- service failure paths --------------------------------------------------------------------
def test_failed_character_job_is_reported_and_journalled(library):
    fake = FakePixelLab(job_polls=2)
    request = Character4DirectionsRequest(description="x", image_size=(64, 64))

    async def scenario():
        async with fake.client() as client:
            queue = JobQueue(client, library, poll_interval=0.0)
            service = CharacterService(client, queue=queue, poll_interval=0.0)
            fake.fail_creation = True
            with pytest.raises(CharacterFlowError, match="model overloaded"):
                await service.create_character(request)
            assert queue.background_load == 0
    run(scenario())
    [entry] = library.journal_entries(("failed",))
    assert entry.endpoint == "create_character_with_4_directions" and entry.background_job_ids


def test_outcome_unknown_is_journalled_as_such(library):
    class LostClient:
        async def send(self, request):
            raise OutcomeUnknownError("read timeout after sending")

    async def scenario():
        queue = JobQueue(LostClient(), library)
        service = CharacterService(LostClient(), queue=queue)
        with pytest.raises(OutcomeUnknownError):
            await service.create_character(request)
        return queue

    request = Character4DirectionsRequest(description="x", image_size=(64, 64))
    queue = run(scenario())
    assert sum(1 for _ in queue.jobs) == 1  # sent once, never resent
    [entry] = library.journal_entries(("outcome_unknown",))
    assert "read timeout" in entry.error


def test_export_busy_error_names_the_running_parts():
    fake = FakePixelLab(job_polls=2)
    cid = fake.add_character("hero")
    fake._animate({"character_id": cid, "template_animation_id": "walk",
                   "animation_name": "stroll"})

    async def scenario():
        async with fake.client() as client:
            service = CharacterService(client, poll_interval=0.0)
            with pytest.raises(CharacterBusyError) as caught:
                await service.export_zip(cid)
            assert caught.value.parts == ["animation 'stroll' (processing)"]
            assert "still generating" in str(caught.value)
            waits = []

            async def advance(_seconds):
                waits.append(1)
                for job in fake.jobs.values():
                    job.poll()
            service._sleep = advance
            data = await service.export_zip(cid, wait=True, on_wait=lambda parts: None)
            assert data.startswith(b"PK") and waits
    run(scenario())


# -- canvas documents ---------------------------------------------------------------------------
def test_frames_become_one_document_with_a_frame_each():
    frames = [solid("east", i) for i in range(3)]
    documents = []
    make_open_on_canvas(documents.append)("walk east", frames)
    [document] = documents
    assert document.name == "walk east" and len(document.frames) == 3
    assert np.array_equal(document.composite(2), frames[2])
    odd = frames_to_document("mixed", [np.zeros((4, 4, 4), np.uint8),
                                       np.full((6, 2, 4), 255, np.uint8)])
    assert odd.composite(1).shape == (4, 4, 4) and odd.composite(1)[3, 1, 3] == 255
    with pytest.raises(ValueError):
        frames_to_document("none", [])
