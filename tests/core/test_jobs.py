"""JobQueue with a fake client: ordering, bound, cancel, journal-first, results, failures."""

from __future__ import annotations

import asyncio

import pytest

from studio.api.errors import InsufficientCreditsError, OutcomeUnknownError
from studio.api.requests import PixfluxRequest
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.core.jobs_fakes import FakeClient, solid


def pixflux(seed: int, **extra) -> PixfluxRequest:
    return PixfluxRequest(description=f"knight {seed}", image_size=(16, 16), seed=seed, **extra)


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


async def test_jobs_run_in_submission_order_and_store_results(library):
    client = FakeClient(library)
    queue = JobQueue(client, library, concurrency=1)
    jobs = [queue.submit(pixflux(s)) for s in (11, 12, 13)]
    await queue.join()
    assert [r.seed for r in client.sent] == [11, 12, 13]
    for job in jobs:
        assert job.state is JobState.DONE
        assert job.progress == 1.0
        [record] = library.results_for_job(job.id)
        assert record.seed == job.seed
        assert record.endpoint == "create_image_pixflux"
        assert record.image_path.exists()
        assert library.load_image(record.id).getpixel((0, 0))[0] == job.seed
    assert [j.cost_usd for j in jobs] == pytest.approx([0.01, 0.02, 0.03])
    assert library.results_for_job(jobs[2].id)[0].cost_usd == pytest.approx(0.03)
    assert queue.spent_usd == pytest.approx(0.06)


async def test_concurrency_bound_queues_the_rest(library):
    client = FakeClient(library)
    client.gate = asyncio.Event()
    queue = JobQueue(client, library, concurrency=3)
    jobs = [queue.submit(pixflux(s)) for s in range(20, 30)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert client.in_flight == 3
    assert [j.state for j in jobs].count(JobState.SENDING) == 3
    assert [j.state for j in jobs].count(JobState.QUEUED) == 7
    client.gate.set()
    await queue.join()
    assert client.max_in_flight == 3
    assert all(j.state is JobState.DONE for j in jobs)


async def test_default_concurrency_is_eight_and_raising_it_starts_more(library):
    client = FakeClient(library)
    client.gate = asyncio.Event()
    queue = JobQueue(client, library)
    assert queue.concurrency == 8
    for s in range(40, 52):
        queue.submit(pixflux(s))
    await asyncio.sleep(0)
    assert client.in_flight == 8
    queue.concurrency = 10
    await asyncio.sleep(0)
    assert client.in_flight == 10
    with pytest.raises(ValueError, match="concurrency"):
        queue.concurrency = 0
    client.gate.set()
    await queue.join()


async def test_journal_is_written_before_send(library):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    seen_on_disk = []
    queue.result_stored.connect(
        lambda job, record: seen_on_disk.append(record.image_path.exists()))
    job = queue.submit(pixflux(7, init_image=solid((1, 2, 3, 255))))
    entry = library.journal_entry(job.id)
    assert entry.state == "queued" and entry.description == "knight 7"
    # images are not inlined in the journal: only a reference to a stored input PNG
    ref = entry.params["init_image"]
    assert ref["type"] == "image_ref"
    assert library.input_image(ref["sha256"]).getpixel((0, 0)) == (1, 2, 3, 255)
    await queue.join()
    assert client.journal_states_at_send == ["sending"]
    assert seen_on_disk == [True]
    assert library.journal_entry(job.id).state == "done"


async def test_cancel_queued_and_in_flight(library):
    client = FakeClient(library)
    client.gate = asyncio.Event()
    queue = JobQueue(client, library, concurrency=1)
    first, second = queue.submit(pixflux(1)), queue.submit(pixflux(2))
    await asyncio.sleep(0)
    queue.cancel(second.id)
    assert second.state is JobState.CANCELLED
    assert "not billed" in second.error
    queue.cancel(first.id)
    await queue.join()
    assert first.state is JobState.CANCELLED
    assert "may still have billed" in first.error
    assert [r.seed for r in client.sent] == [1]
    assert library.journal_entry(second.id).state == "cancelled"


async def test_cancel_before_the_started_task_first_runs(library):
    """A job whose task exists but has not run yet is cancelled unbilled, and join() ends."""
    client = FakeClient(library)
    queue = JobQueue(client, library, concurrency=2)
    job = queue.submit(pixflux(3))
    queue.cancel(job.id)  # no await in between: the task was created, never scheduled
    assert job.state is JobState.CANCELLED
    assert "not billed" in job.error
    await asyncio.wait_for(queue.join(), 2)
    assert client.sent == []
    assert library.journal_entry(job.id).state == "cancelled"


async def test_api_error_fails_without_retry(library):
    client = FakeClient(library)
    client.fail_with = InsufficientCreditsError("no credits", status=402)
    queue = JobQueue(client, library)
    job = queue.submit(pixflux(3))
    await queue.join()
    assert job.state is JobState.FAILED
    assert "no credits" in job.error
    assert isinstance(job.exception, InsufficientCreditsError)
    assert len(client.sent) == 1
    client.fail_with = None
    again = queue.retry(job.id)
    await queue.join()
    assert again.retry_of == job.id and again.state is JobState.DONE
    assert len(client.sent) == 2


async def test_outcome_unknown_is_not_resent(library):
    client = FakeClient(library)
    client.fail_with = OutcomeUnknownError("read timeout after sending")
    queue = JobQueue(client, library)
    job = queue.submit(pixflux(4))
    await queue.join()
    assert job.state is JobState.OUTCOME_UNKNOWN
    assert len(client.sent) == 1
    result = await queue.lookup(job.id)
    assert not result.found and "balance" in result.message
    assert len(client.sent) == 1
    client.fail_with = None
    new = queue.decide(job.id, "resend")
    await queue.join()
    assert new is not None and new.state is JobState.DONE
    assert job.state is JobState.FAILED and "resent" in job.error
    assert len(client.sent) == 2
    with pytest.raises(ValueError, match="not outcome unknown"):
        queue.decide(job.id, "dismiss")


async def test_variants_get_distinct_seeds_and_one_group(library):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    jobs = queue.submit_variants(pixflux(0), [101, 102, 103, 104])
    await queue.join()
    assert sorted(r.seed for r in client.sent) == [101, 102, 103, 104]
    assert len({j.group_id for j in jobs}) == 1
    assert library.count() == 4


async def test_background_job_waits_and_stores_every_image(library):
    client = FakeClient(library)
    client.background = True
    queue = JobQueue(client, library)
    progress = []
    queue.job_changed.connect(lambda job: progress.append((job.state, job.progress)))
    job = queue.submit(pixflux(5))
    await queue.join()
    assert job.state is JobState.DONE
    assert library.journal_entry(job.id).background_job_ids == ["bg-1"]
    assert (JobState.WAITING, 0.5) in progress
    records = library.results_for_job(job.id)
    assert [library.load_image(r.id).getpixel((0, 0)) for r in records] == [
        (0, 200, 0, 255), (0, 0, 200, 255)]
    # the final job usage replaces the submit usage; it is not added up
    assert job.cost_usd == pytest.approx(0.07)
    assert queue.spent_usd == pytest.approx(0.07)


async def test_failed_background_job(library):
    client = FakeClient(library)
    client.background = True
    client.job_status = "failed"
    queue = JobQueue(client, library)
    job = queue.submit(pixflux(6))
    await queue.join()
    assert job.state is JobState.FAILED
    assert "model overloaded" in job.error
    assert library.count() == 0


async def test_background_job_failure_raised_by_the_client(library):
    from studio.api.errors import JobFailedError

    client = FakeClient(library)
    client.background = True

    async def failing_wait(job_id, **kwargs):
        raise JobFailedError(f"job {job_id} failed: out of capacity")

    client.wait_for_job = failing_wait
    queue = JobQueue(client, library)
    job = queue.submit(pixflux(8))
    await queue.join()
    assert job.state is JobState.FAILED and "out of capacity" in job.error
    assert library.journal_entry(job.id).state == "failed"


async def test_call_journals_a_non_image_request_before_sending(library):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    response = await queue.call(pixflux(7))
    assert response is not None
    assert client.journal_states_at_send == ["sending"]
    [job] = queue.jobs.values()
    assert job.state is JobState.DONE
    assert library.journal_entry(job.id).state == "done"


async def test_call_records_outcome_unknown_and_raises(library):
    client = FakeClient(library)
    client.fail_with = OutcomeUnknownError("connection dropped after send")
    queue = JobQueue(client, library)
    with pytest.raises(OutcomeUnknownError):
        await queue.call(pixflux(8))
    [job] = queue.jobs.values()
    assert job.state is JobState.OUTCOME_UNKNOWN
    assert library.journal_entry(job.id).state == "outcome_unknown"
    assert len(client.sent) == 1
