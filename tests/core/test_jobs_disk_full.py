"""A full disk never costs a paid result (issue 13): before the journal write nothing is
sent; between send and store the images stay with the job in memory, shown as usual, and
Store again writes them without sending; earlier results are untouched (integrity check)."""

from __future__ import annotations

import asyncio

import pytest

from studio.api.requests import PixfluxRequest
from studio.core.jobs.library import LibraryWriteError, ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.core.full_disk import FullDisk
from tests.core.jobs_fakes import FakeClient


def pixflux(seed: int) -> PixfluxRequest:
    return PixfluxRequest(description=f"knight {seed}", image_size=(16, 16), seed=seed)


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def disk(library, monkeypatch):
    return FullDisk(library, monkeypatch)


async def stored_earlier(queue: JobQueue) -> int:
    job = queue.submit(pixflux(1))
    await queue.join()
    assert job.state is JobState.DONE
    return job.result_ids[0]


async def test_full_disk_before_the_journal_write_sends_nothing(library, disk):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    problems: list[str] = []
    queue.storage_problem.connect(problems.append)
    earlier = await stored_earlier(queue)
    disk.full = True
    job = queue.submit(pixflux(7))  # no sqlite3.OperationalError escapes
    await queue.join()
    assert len(client.sent) == 1  # only the earlier one
    assert job.state is JobState.FAILED
    assert job.error.startswith("Not sent, nothing was billed")
    assert "is full" in job.error and str(library.folder) in job.error
    assert problems and len(problems) == 1
    queue.submit(pixflux(8))
    assert len(problems) == 1  # reported once
    assert library.load_image(earlier).size == (16, 16) and disk.integrity_ok()


@pytest.mark.parametrize("files_only", [False, True], ids=["disk-full", "images-refused"])
async def test_full_disk_between_send_and_store_keeps_the_images(library, disk, tmp_path,
                                                                 files_only):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    earlier = await stored_earlier(queue)
    client.gate = asyncio.Event()
    shown = []
    queue.result_stored.connect(lambda job, record: shown.append(library.load_image(record.id)))
    jobs = queue.submit_variants(pixflux(0), [21, 22])
    while len(client.sent) < 3:
        await asyncio.sleep(0)
    disk.files_full, disk.full = True, not files_only
    client.gate.set()
    await queue.join()
    assert len(client.sent) == 3  # one POST per variant, no resend
    for job in jobs:
        assert job.state is JobState.DONE and job.not_stored
        assert "not stored" in job.error and "is full" in job.error
        assert all(rid < 0 for rid in job.result_ids)
    assert sorted(img.getpixel((0, 0))[0] for img in shown) == [21, 22]  # shown as usual
    assert queue.spent_usd == pytest.approx(0.01 + 0.03 + 0.03)  # costs counted
    assert queue.jobs_not_stored() == jobs
    saved = queue.save_held_as(jobs[0].id, tmp_path / "elsewhere") if files_only else None
    disk.files_full = disk.full = False
    if saved is None:
        saved = queue.save_held_as(jobs[0].id, tmp_path / "elsewhere")
    assert [p.exists() for p in saved] == [True]
    assert library.load_image(earlier).size == (16, 16) and disk.integrity_ok()
    for job in jobs:
        assert queue.store_again(job.id) == 0
        [record] = library.results_for_job(job.id)
        assert record.id > 0 and record.image_path.exists()
        assert job.result_ids == [record.id] and not job.not_stored
        entry = library.journal_entry(job.id)
        assert entry.state == "done" and entry.cost_usd == pytest.approx(job.cost_usd)
    assert len(client.sent) == 3 and queue.jobs_not_stored() == []


async def test_store_again_on_a_still_full_disk_says_so_and_keeps_them(library, disk):
    client = FakeClient(library)
    queue = JobQueue(client, library)
    client.gate = asyncio.Event()
    job = queue.submit(pixflux(5))
    while not client.sent:
        await asyncio.sleep(0)
    disk.full = True
    client.gate.set()
    await queue.join()
    with pytest.raises(LibraryWriteError, match="is full"):
        queue.store_again(job.id)
    assert job.not_stored and library.load_image(job.result_ids[0]).getpixel((0, 0))[0] == 5
    assert len(client.sent) == 1


async def test_a_refused_request_is_reported_to_whoever_submitted_it(library, disk):
    queue = JobQueue(FakeClient(library), library)
    heard: list[str] = []
    disk.full = True
    job = queue.submit(pixflux(9))
    queue.job_changed.connect(lambda j: heard.append(j.error) if j is job else None)
    await asyncio.sleep(0)
    assert heard == [job.error] and "Not sent" in heard[0]


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB filesystem (tmpfs) where the machine allows mounting one, else skip."""
    import shutil
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def fill(folder) -> object:
    """Fill the filesystem of ``folder`` with one file; returns its path."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


async def test_a_really_full_disk_between_send_and_store(small_disk):
    library = ResultsLibrary(small_disk / "lib")
    try:
        client = FakeClient(library)
        queue = JobQueue(client, library)
        earlier = await stored_earlier(queue)
        client.gate = asyncio.Event()
        job = queue.submit(pixflux(33))
        while not client.sent[1:]:
            await asyncio.sleep(0)
        filler = fill(small_disk)
        client.gate.set()
        await queue.join()
        assert len(client.sent) == 2
        assert job.state is JobState.DONE and job.not_stored and "is full" in job.error
        assert library.load_image(job.result_ids[0]).getpixel((0, 0))[0] == 33
        filler.unlink()
        assert queue.store_again(job.id) == 0
        assert library.results_for_job(job.id)[0].image_path.exists()
        assert library.load_image(earlier).size == (16, 16)
        assert library._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        library.close()
