"""Restart: a new queue over the same database resumes waiting and never resends."""

from __future__ import annotations

import asyncio

from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.core.jobs_fakes import FakeClient, until
from tests.core.test_jobs import pixflux


async def test_resume_background_job_after_restart(tmp_path):
    lib1 = ResultsLibrary(tmp_path / "lib")
    client1 = FakeClient(lib1)
    client1.background = True
    client1.wait_gate = asyncio.Event()  # never set: the studio "quits" while waiting
    queue1 = JobQueue(client1, lib1)
    job = queue1.submit(pixflux(9))
    await until(lambda: job.state is JobState.WAITING)
    await queue1.shutdown()
    lib1.close()

    lib2 = ResultsLibrary(tmp_path / "lib")
    client2 = FakeClient(lib2)
    queue2 = JobQueue(client2, lib2)
    stored = []
    queue2.result_stored.connect(lambda j, r: stored.append(r.id))
    [resumed] = queue2.resume()
    assert resumed.id == job.id and resumed.request is None
    await queue2.join()
    assert client2.sent == []
    assert client2.wait_calls == ["bg-1"]
    assert resumed.state is JobState.DONE
    assert len(stored) == 2 and lib2.count() == 2
    assert lib2.journal_entry(job.id).state == "done"
    assert queue2.resume() == []
    lib2.close()


async def test_crash_while_sending_becomes_outcome_unknown(tmp_path):
    lib1 = ResultsLibrary(tmp_path / "lib")
    client1 = FakeClient(lib1)
    client1.gate = asyncio.Event()
    queue1 = JobQueue(client1, lib1, concurrency=1)
    sending = queue1.submit(pixflux(1))
    never_sent = queue1.submit(pixflux(2))
    await asyncio.sleep(0)
    await queue1.shutdown()
    lib1.close()

    lib2 = ResultsLibrary(tmp_path / "lib")
    client2 = FakeClient(lib2)
    queue2 = JobQueue(client2, lib2)
    jobs = {j.id: j for j in queue2.resume()}
    await queue2.join()
    assert jobs[sending.id].state is JobState.OUTCOME_UNKNOWN
    assert "may have been billed" in jobs[sending.id].error
    assert jobs[never_sent.id].state is JobState.CANCELLED
    assert client2.sent == []
    # a further restart still shows it as unknown, and still does not send it
    lib2.close()
    lib3 = ResultsLibrary(tmp_path / "lib")
    client3 = FakeClient(lib3)
    queue3 = JobQueue(client3, lib3)
    [again] = queue3.resume()
    await queue3.join()
    assert again.id == sending.id and again.state is JobState.OUTCOME_UNKNOWN
    assert client3.sent == []
    queue3.decide(again.id, "dismiss")
    assert lib3.journal_entry(again.id).state == "failed"
    lib3.close()


async def test_lookup_of_unknown_background_job_fetches_for_free(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    client = FakeClient(lib)
    client.background = True

    async def broken_wait(job_id, **kwargs):
        raise TimeoutError("gave up polling")

    queue = JobQueue(client, lib)
    original_wait = client.wait_for_job
    client.wait_for_job = broken_wait
    job = queue.submit(pixflux(3))
    await queue.join()
    assert job.state is JobState.OUTCOME_UNKNOWN
    client.wait_for_job = original_wait
    result = await queue.lookup(job.id)
    assert result.found and len(result.result_ids) == 2
    assert job.state is JobState.DONE
    assert len(client.sent) == 1
    lib.close()


async def test_resend_after_restart_rebuilds_the_request_with_its_images(tmp_path):
    from tests.core.jobs_fakes import solid

    lib1 = ResultsLibrary(tmp_path / "lib")
    client1 = FakeClient(lib1)
    client1.fail_with = TimeoutError("connection dropped after sending")
    queue1 = JobQueue(client1, lib1)
    job = queue1.submit(pixflux(12, init_image=solid((9, 8, 7, 255))))
    await queue1.join()
    assert job.state is JobState.OUTCOME_UNKNOWN  # an unexpected error is never guessed away
    lib1.close()

    lib2 = ResultsLibrary(tmp_path / "lib")
    client2 = FakeClient(lib2)
    queue2 = JobQueue(client2, lib2)
    [again] = queue2.resume()
    assert client2.sent == []
    new = queue2.decide(again.id, "resend")
    await queue2.join()
    [request] = client2.sent
    assert new.state is JobState.DONE and request.seed == 12
    assert request.init_image.to_pil().getpixel((0, 0)) == (9, 8, 7, 255)
    lib2.close()


def test_resume_before_the_loop_runs_starts_on_join(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    lib.journal_request("old", "create_image_pixflux", {"description": "a", "seed": 1})
    lib.update_request("old", state="waiting", background_job_ids=["bg-9"])
    client = FakeClient(lib)
    queue = JobQueue(client, lib)
    [job] = queue.resume()  # no running loop yet: nothing starts, nothing breaks
    assert job.state is JobState.WAITING and client.wait_calls == []
    asyncio.run(queue.join())
    assert client.wait_calls == ["bg-9"] and job.state is JobState.DONE
    lib.close()


async def test_quitting_while_the_waiting_update_is_queued_still_writes_it(tmp_path):
    """The background job ids are written even when the studio quits while that journal
    update waits behind a slow commit: the next start resumes the job, it is not unknown."""
    import threading

    folder = tmp_path / "lib"
    lib = ResultsLibrary(folder)
    slow_disk = threading.Event()
    real = lib.update_request

    def update(job_id, **fields):
        if fields.get("cost_usd") is not None:
            slow_disk.wait(5)  # a busy disk: this commit takes a while
        real(job_id, **fields)

    lib.update_request = update
    client = FakeClient(lib)
    client.background = True
    client.wait_gate = asyncio.Event()
    queue = JobQueue(client, lib)
    job = queue.submit(pixflux(9))
    await until(lambda: bool(client.sent))
    for _ in range(20):
        await asyncio.sleep(0)  # the cost update is being written, WAITING queued behind it
    await queue.shutdown()  # the user quits
    slow_disk.set()
    lib.close()
    again = ResultsLibrary(folder)
    try:
        entry = again.journal_entry(job.id)
        assert entry.state == "waiting" and entry.background_job_ids == ["bg-1"]
        [resumed] = JobQueue(FakeClient(again), again).resume()
        assert resumed.state is JobState.WAITING
    finally:
        again.close()
