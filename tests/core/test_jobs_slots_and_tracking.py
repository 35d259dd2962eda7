"""JobQueue: concurrency counted in service background jobs (not queue jobs); character jobs made
of parts: each animated direction frees its slot and stores its frames when it finishes, a failed
direction does not fail the others, a character's rotations are stored as they appear."""

from __future__ import annotations

import asyncio
import io

import pytest

from studio.api.requests import AnimateCharacterRequest, Character4DirectionsRequest
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.core.jobs_fakes import FakeClient, Usage, solid
from tests.core.test_jobs import pixflux


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


async def _settle(n: int = 10) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def _until(condition, timeout: float = 10.0) -> None:
    """Results are stored in a worker thread: wait for them, not for a number of turns."""
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), timeout)


def _journal_waiting(library, job_id: str, n_bg: int) -> None:
    library.journal_request(job_id, "animate_character", {
        "character_id": "c1", "template_animation_id": "walk",
        "directions": [f"d{i}" for i in range(n_bg)]})
    library.update_request(job_id, state="waiting",
                           background_job_ids=[f"bg-{job_id}-{i}" for i in range(n_bg)],
                           resource_kind="character", resource_id="c1")


async def test_a_job_with_eight_background_jobs_takes_eight_slots(library):
    _journal_waiting(library, "anim", 8)
    client = FakeClient(library)
    client.wait_gate = asyncio.Event()
    queue = JobQueue(client, library, concurrency=8)
    [resumed] = queue.resume()
    await _settle()
    assert resumed.state is JobState.WAITING and queue.background_load == 8
    later = queue.submit(pixflux(5))
    await _settle()
    assert later.state is JobState.QUEUED and client.sent == []  # no 9th service job
    client.wait_gate.set()
    await queue.join()
    assert later.state is JobState.DONE and len(client.sent) == 1


async def test_a_job_bigger_than_the_limit_runs_alone(library):
    _journal_waiting(library, "anim", 8)
    client = FakeClient(library)
    queue = JobQueue(client, library, concurrency=4)
    [resumed] = queue.resume()
    await queue.join()  # must not wait forever for 8 of 4 slots
    assert resumed.state is JobState.DONE


async def test_resume_does_not_store_labels_twice(library):
    """A panel stored some rotations before the studio closed; the resumed job adds the rest."""
    library.journal_request("c", "create_character_with_4_directions",
                            {"description": "hero", "image_size": {"width": 8, "height": 8}})
    library.update_request("c", state="waiting", background_job_ids=["bg-c"],
                           resource_kind="character", resource_id="hero")
    library.store_result("c", solid((9, 9, 9, 255)), variant_index=0, label="south")

    class Client(FakeClient):
        async def wait_for_job(self, job_id, **_kw):
            return {"status": "completed", "last_response": {}, "usage": Usage(0.1)}

        async def get_character(self, _id):
            return {"rotation_urls": {d: f"u/{d}" for d in ("south", "west", "east", "north")}}

        async def download_url(self, url):
            import io
            buf = io.BytesIO()
            solid((len(url), 0, 0, 255)).save(buf, format="PNG")
            return buf.getvalue()

    queue = JobQueue(Client(library), library)
    [job] = queue.resume()
    await queue.join()
    records = library.results_for_job("c")
    assert job.state is JobState.DONE
    assert sorted(r.label for r in records) == ["east", "north", "south", "west"]
    assert len({r.variant_index for r in records}) == 4 and len(job.result_ids) == 4


class CharacterClient(FakeClient):
    """Animations whose directions finish when the test says so; a character whose rotations
    appear one per look."""

    def __init__(self, library, directions):
        super().__init__(library)
        self.gates = {f"bg-{d}": asyncio.Event() for d in directions}
        self.failing: set[str] = set()
        self.finished: list[str] = []
        self.looks = 0

    async def send(self, request):
        if not isinstance(request, Character4DirectionsRequest | AnimateCharacterRequest):
            return await super().send(request)
        self.sent.append(request)
        if isinstance(request, Character4DirectionsRequest):
            return {"background_job_id": "bg-create", "character_id": "hero",
                    "usage": {"usd": 0.4}}
        directions = request.directions
        return {"background_job_ids": [f"bg-{d}" for d in directions], "directions": directions,
                "usage": {"usd": 0.8}}

    async def wait_for_job(self, job_id, *, on_progress=None, **_kw):
        if on_progress is not None:
            on_progress(40)
        await self.gates.setdefault(job_id, asyncio.Event()).wait()
        self.finished.append(job_id.removeprefix("bg-"))
        if job_id.removeprefix("bg-") in self.failing:
            return {"status": "failed", "last_response": {"error": "model overloaded"}}
        return {"status": "completed", "last_response": {}}

    async def get_character(self, _character_id):
        self.looks += 1
        # one more rotation per look while generating; all of them once the job completed
        shown = ("south", "west", "east", "north")[: 4 if "create" in self.finished
                                                   else self.looks]
        return {"rotation_urls": {d: f"rot/{d}" for d in shown},
                "animations": [{"display_name": "", "animation_type": "walk", "directions": [
                    {"direction": d, "frames": [f"anim/{d}/{i}" for i in range(2)]}
                    for d in self.finished]}]}

    async def download_url(self, url):
        buf = io.BytesIO()
        solid((len(url), 0, 0, 255)).save(buf, format="PNG")
        return buf.getvalue()


def _animation(directions):
    return AnimateCharacterRequest(character_id="hero", template_animation_id="walk",
                                   directions=directions)


async def test_each_finished_direction_frees_its_slot_and_stores_its_frames(library):
    directions = ["south", "west", "east", "north", "south-east", "south-west", "north-east",
                  "north-west"]
    client = CharacterClient(library, directions)
    queue = JobQueue(client, library, concurrency=8, poll_interval=0)
    stored = []
    queue.result_stored.connect(lambda _j, r: stored.append(r.label))
    anim = queue.submit(_animation(directions))
    await _until(lambda: anim.state is JobState.WAITING and queue.background_load == 8)
    later = queue.submit(pixflux(7))
    await _settle()
    assert later.state is JobState.QUEUED  # no ninth service job
    client.gates["bg-west"].set()
    await _until(lambda: later.state is JobState.DONE and anim.part_states.get("west") == "done")
    assert stored[:2] == ["west frame 0", "west frame 1"]  # before the others finished
    assert anim.part_states["west"] == "done" and anim.state is JobState.WAITING
    assert later.state is JobState.DONE  # the freed slot was used at once
    for gate in client.gates.values():
        gate.set()
    await queue.join()
    assert anim.state is JobState.DONE and len(stored) == 2 * 8 + 1
    assert library.journal_entry(anim.id).state == "done"
    assert anim.cost_usd == pytest.approx(0.8) and len(client.sent) == 2


async def test_a_failed_direction_does_not_fail_the_others(library):
    client = CharacterClient(library, ["east", "west"])
    client.failing = {"east"}
    queue = JobQueue(client, library, poll_interval=0)
    job = queue.submit(_animation(["east", "west"]))
    for gate in client.gates.values():
        gate.set()
    await queue.join()
    assert job.state is JobState.DONE and "east" in job.error
    assert job.part_states == {"east": "failed", "west": "done"}
    assert [r.label for r in library.results_for_job(job.id)] == ["west frame 0", "west frame 1"]


async def test_rotations_are_stored_as_they_appear(library):
    client = CharacterClient(library, [])
    queue = JobQueue(client, library, poll_interval=0)
    stored = []
    queue.result_stored.connect(lambda j, r: stored.append((r.label, j.state)))
    job = queue.submit(Character4DirectionsRequest(description="hero", image_size=(64, 64)))
    await _until(lambda: stored)
    assert job.state is JobState.WAITING and stored
    assert all(state is JobState.WAITING for _label, state in stored)  # before the job ended
    client.gates["bg-create"].set()
    await queue.join()
    labels = [label for label, _state in stored]
    assert sorted(labels) == ["east", "north", "south", "west"]  # each stored exactly once
    assert job.state is JobState.DONE and len(client.sent) == 1


async def test_cancelling_a_waiting_job_shows_at_once_and_stops_polling(library):
    client = CharacterClient(library, ["east"])
    queue = JobQueue(client, library, poll_interval=0)
    job = queue.submit(_animation(["east"]))
    await _until(lambda: job.state is JobState.WAITING)
    queue.cancel(job.id)
    assert job.state is JobState.CANCELLED and "not un-billed" in job.error
    await queue.join()
    assert job.state is JobState.CANCELLED and queue.background_load == 0
    assert library.journal_entry(job.id).state == "cancelled"
