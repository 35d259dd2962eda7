"""How the JobQueue keeps what it was paid for when the disk refuses to write.

* A request whose journal row cannot be written is not sent (:meth:`StoringMixin._refused`).
* Journal updates after sending never stop a job: a refused update is reported once through
  ``storage_problem`` and the job carries on in memory (costs are still counted for the
  session and written wherever the journal can be written).
* Images that cannot be stored stay in memory with their job ("done, not stored", see
  :mod:`studio.core.jobs.held_results`); :meth:`StoringMixin.store_again` writes them again
  without sending anything, :meth:`StoringMixin.save_held_as` copies them elsewhere.
* An answer that was billed but cannot be used says that it was billed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from studio.api.errors import ApiError
from studio.core.jobs.library import LibraryWriteError, ResultsLibrary
from studio.core.jobs.model import Job, JobState
from studio.core.jobs.results import result_images

log = logging.getLogger(__name__)

NOT_STORED = ("The results are shown but not stored: {problem} Use Store again in the Jobs "
              "panel (nothing is sent), or Save images as… to keep them elsewhere.")


def billed_but_unusable(job: Job, reason: str) -> str:
    """The message of an answer that cost money but could not be used."""
    cost = f"${job.cost_usd:.4f}" if job.cost_usd else f"{job.cost_generations:g} generations"
    return (f"The service billed this request ({cost}) but its answer could not be used: "
            f"{reason}. Nothing was stored; sending it again is a new paid request.")


class StoringMixin:
    """Mixed into :class:`studio.core.jobs.queue.JobQueue` (uses its signals and helpers)."""

    library: ResultsLibrary
    jobs: dict[str, Job]

    def _init_storing(self) -> None:
        self._reported_problems: set[str] = set()
        self.last_storage_problem = ""

    def _report_storage(self, problem: str) -> None:
        """Tell the listeners about a refused write once per distinct sentence."""
        self.last_storage_problem = problem
        if problem not in self._reported_problems:
            self._reported_problems.add(problem)
            self.storage_problem.emit(problem)  # type: ignore[attr-defined]

    def _journal(self, job: Job, **fields: Any) -> None:
        """Update the job's journal row; a refused write is reported, never raised. In the
        event loop the update is written in the journal's own thread, in order (a commit
        waits for the disk; the GUI must not)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self.library.wait_for_journal()  # after the updates still queued, not before
            try:
                self.library.update_request(job.id, **fields)
            except LibraryWriteError as exc:
                self._report_storage(str(exc))
            return
        written = self.library.update_request_soon(job.id, **fields)
        written.add_done_callback(lambda done: self._journal_written(done, loop))

    async def _journal_now(self, job: Job, **fields: Any) -> None:
        """Like :meth:`_journal`, but returns once the update is on disk: for what a restart
        needs (the background job ids a resumed job waits on), written before it is told."""
        written = asyncio.wrap_future(self.library.update_request_soon(job.id, **fields))
        try:  # shielded: quitting or cancelling the job must not drop what a restart needs
            await asyncio.shield(written)
        except LibraryWriteError as exc:
            self._report_storage(str(exc))

    def _journal_written(self, done: Future[None], loop: asyncio.AbstractEventLoop) -> None:
        """Runs in the journal's thread: a refused update is reported on the loop's thread."""
        problem = done.exception()
        if problem is None:
            return
        if not isinstance(problem, LibraryWriteError):
            log.warning("journal update failed: %s", problem, exc_info=problem)
            return
        with contextlib.suppress(RuntimeError):  # the loop is closed: the studio has gone
            loop.call_soon_threadsafe(self._report_storage, str(problem))

    def _refused(self, job: Job, problem: str) -> Job:
        """A job that was not sent because its journal row could not be written."""
        job.state = JobState.FAILED
        job.error = (f"Not sent, nothing was billed: the request could not be written to the "
                     f"journal first. {problem}")
        self.jobs[job.id] = job
        self._report_storage(problem)
        return job

    def _hold(self, job: Job, image: Any, problem: str, **share: Any) -> Any:
        """Keep an image the disk refused with its job; the job will be "done, not stored"."""
        job.not_stored = True
        self._report_storage(problem)
        return self.library.hold_result(job.id, image, endpoint=job.endpoint,
                                        description=job.description, **share)

    def _tell_soon(self, job: Job) -> None:
        try:
            asyncio.get_running_loop().call_soon(self.job_changed.emit, job)
        except RuntimeError:
            self.job_changed.emit(job)

    def _stored_before_the_stop(self, job: Job) -> bool:
        """A job whose results were stored before the studio stopped (a kill between storing
        and marking it done) is done. Labelled background jobs may have stored only part of
        their images (parts are stored as they arrive): those resume, skipping what is
        stored."""
        stored = self.library.results_for_job(job.id)
        if not stored or (job.background_job_ids and any(r.label for r in stored)):
            return False
        job.result_ids = [r.id for r in stored]
        job.progress = 1.0
        self._finish(job, JobState.DONE)
        return True

    async def _images_or_fail(self, job: Job, payload: Any) -> list[Any] | None:
        """The answer's images (converted in a worker thread, off the GUI's loop), or None
        after failing the job (saying whether it was billed) when they cannot be decoded."""
        try:
            return await asyncio.to_thread(result_images, job.endpoint, payload)
        except (ApiError, ValueError, TypeError, OSError) as exc:
            job.exception = exc
            self._finish_unusable(job, str(exc) or type(exc).__name__)
            return None

    def _finish_unusable(self, job: Job, reason: str) -> None:
        billed = job.cost_usd > 0 or job.cost_generations > 0
        self._finish(job, JobState.FAILED,  # type: ignore[attr-defined]
                     billed_but_unusable(job, reason) if billed else reason)

    def store_again(self, job_id: str) -> int:
        """Write the job's held results to the library again (nothing is sent); returns how
        many are still not stored. Raises LibraryWriteError with a sentence if the disk
        still refuses."""
        job = self.jobs[job_id]
        for record in self.library.held_results(job_id):
            stored = self.library.store_held(record.id)
            job.result_ids = [stored.id if rid == record.id else rid for rid in job.result_ids]
        left = len(self.library.held_results(job_id))
        if not left:
            job.not_stored = False
            job.error = None
            self._journal(job, state=JobState.DONE.value, error="", cost_usd=job.cost_usd,
                          cost_generations=job.cost_generations)
        self.job_changed.emit(job)  # type: ignore[attr-defined]
        return left

    def save_held_as(self, job_id: str, folder: Path | str) -> list[Path]:
        """Copy the job's results that are not stored into ``folder`` as PNG files."""
        return self.library.save_held_as(job_id, folder)

    def jobs_not_stored(self) -> list[Job]:
        """Jobs whose results are only in memory (quitting would lose them)."""
        return [j for j in self.jobs.values() if self.library.held_results(j.id)]
