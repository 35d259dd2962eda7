"""JobQueue: concurrency counted in service background jobs (not queue jobs), slots held
elsewhere, and jobs a panel sends itself (tracked) shown, journalled, cancelled and resumed."""

from __future__ import annotations

import asyncio

import pytest

from studio.api.requests import AnimateCharacterRequest
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


def _journal_waiting(library, job_id: str, n_bg: int) -> None:
    library.journal_request(job_id, "animate_character", {
        "character_id": "c1", "template_animation_id": "walk",
        "directions": [f"d{i}" for i in range(n_bg)]})
    library.update_request(job_id, state="waiting",
                           background_job_ids=[f"bg-{job_id}-{i}" for i in range(n_bg)],
                           resource_kind="character", resource_id="c1")


async def test_slots_held_elsewhere_count_against_the_limit(library):
    client = FakeClient(library)
    client.gate = asyncio.Event()
    queue = JobQueue(client, library, concurrency=8)
    held = {"n": 6}  # e.g. a 6-direction animation of the characters panel
    queue.add_slot_source(lambda: held["n"])
    jobs = [queue.submit(pixflux(s)) for s in range(4)]
    await _settle()
    assert client.in_flight == 2 and queue.slots_in_use == 8
    held["n"] = 0
    queue.pump()
    await _settle()
    assert client.in_flight == 4
    client.gate.set()
    await queue.join()
    assert all(j.state is JobState.DONE for j in jobs) and client.max_in_flight == 4


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


async def test_tracked_job_is_journalled_listed_and_reports(library):
    queue = JobQueue(FakeClient(library), library)
    added, changed, stored = [], [], []
    queue.job_added.connect(added.append)
    queue.job_changed.connect(lambda j: changed.append(j.state))
    queue.result_stored.connect(lambda j, r: stored.append(r.label))
    request = AnimateCharacterRequest(character_id="c1", template_animation_id="walk",
                                      directions=["east", "west"])
    job = queue.track(request, cancel=lambda: None)
    assert added == [job] and queue.jobs[job.id] is job
    entry = library.journal_entry(job.id)
    assert (entry.endpoint, entry.state) == ("animate_character", "queued")
    queue.update_tracked(job.id, state="sending")
    queue.update_tracked(job.id, state="waiting", background_job_ids=["a", "b"],
                         resource_kind="character", resource_id="c1",
                         response={"usage": {"usd": 0.2}})
    queue.update_tracked(job.id, progress=0.5)
    assert job.progress == 0.5 and job.cost_usd == pytest.approx(0.2)
    assert queue.spent_usd == pytest.approx(0.2)
    record = library.store_result(job.id, solid((1, 2, 3, 255)), label="east frame 0")
    queue.add_tracked_result(job.id, record)
    queue.update_tracked(job.id, state="done")
    assert stored == ["east frame 0"] and job.result_ids == [record.id]
    assert job.state is JobState.DONE and job.progress == 1.0 and job.elapsed >= 0
    entry = library.journal_entry(job.id)
    assert entry.state == "done" and entry.background_job_ids == ["a", "b"]
    assert entry.cost_usd == pytest.approx(0.2)
    assert JobState.WAITING in changed


async def test_cancelling_a_tracked_job_stops_the_panel_task(library):
    queue = JobQueue(FakeClient(library), library)
    started = asyncio.Event()
    job_box = {}

    async def panel_task():
        job_box["job"] = queue.track(pixflux(1))  # default cancel: this very task
        queue.update_tracked(job_box["job"].id, state="waiting", background_job_ids=["x"])
        started.set()
        await asyncio.sleep(3600)

    task = asyncio.create_task(panel_task())
    await started.wait()
    job = job_box["job"]
    queue.cancel(job.id)
    with pytest.raises(asyncio.CancelledError):
        await task
    assert job.state is JobState.CANCELLED and "not un-billed" in job.error
    queue.update_tracked(job.id, state="waiting")  # late report from the panel: ignored
    assert job.state is JobState.CANCELLED
    assert library.journal_entry(job.id).state == "cancelled"


async def test_tracked_outcome_unknown_can_be_looked_up(library):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    job = queue.track(pixflux(3), cancel=lambda: None)
    queue.update_tracked(job.id, state="waiting", background_job_ids=["bg-9"])
    queue.update_tracked(job.id, state="outcome_unknown", error="gave up waiting")
    result = await queue.lookup(job.id)
    assert result.found and client.wait_calls == ["bg-9"] and client.sent == []
    assert job.state is JobState.DONE


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


async def test_cancelling_a_tracked_job_before_it_was_sent_says_not_billed(library):
    queue = JobQueue(FakeClient(library), library)
    stopped = []
    job = queue.track(pixflux(4), cancel=lambda: stopped.append(True))
    queue.cancel(job.id)  # still waiting for free service slots
    assert stopped == [True] and job.state is JobState.CANCELLED
    assert job.error == "cancelled before sending (not billed)"
