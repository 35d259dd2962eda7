"""The book of jobs: their states, the journal, the spend, the stored results and the signals.

``JobQueue`` extends it with scheduling, sending and waiting. Everything that records what
happened to a job goes through here, so the journal, the job objects and the listeners never
disagree. The part runners (``character_jobs``) use its public methods."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from psygnal import Signal

from studio.core.jobs.character_jobs import AnimationOutcome
from studio.core.jobs.library import LibraryError, LibraryWriteError, ResultsLibrary
from studio.core.jobs.model import Job, JobState, params_of, usage_of
from studio.core.jobs.queue_storing import NOT_STORED, StoringMixin
from studio.core.jobs.storing import STORE_ERRORS, plan_images, share_of, store_one


class JobBook(StoringMixin):
    """Jobs by id plus what is known of each. Signals carry the :class:`Job` (and the record);
    ``storage_problem`` carries a sentence, once, when the disk refuses a write."""

    job_added = Signal(object)
    job_changed = Signal(object)
    result_stored = Signal(object, object)
    spend_changed = Signal(float, float)
    storage_problem = Signal(str)

    def __init__(self, library: ResultsLibrary) -> None:
        self.library = library
        self.jobs: dict[str, Job] = {}
        self.spent_usd = 0.0
        self.spent_generations = 0.0
        self._store_locks: dict[str, asyncio.Lock] = {}
        self._init_storing()

    def _params(self, job: Job) -> dict[str, Any]:
        """The job's request as JSON params (from the journal for a resumed job)."""
        if job.request is not None:
            return params_of(job.request)
        try:
            return self.library.journal_entry(job.id).params
        except LibraryError:
            return {}

    def _slots_freed(self) -> None:
        """A part of a job finished and gave back its service slot (the queue starts more)."""

    async def store_part(self, job: Job, images: list[Any], *, per: int | None = None
                         ) -> bool:
        """Store images (or ``(label, image)`` pairs) before anyone is told about them; each
        carries ``1/per`` of the job's cost. Labelled images already stored for the job (before
        a restart, or by a part that arrived early) are not stored twice. Images the disk
        refuses are held in memory and shown all the same (the job becomes "done, not
        stored"). False when an image is unusable (the job is then failed).

        Encoding, writing and inserting run in a worker thread (:mod:`.storing`), one image
        at a time, so the event loop's thread (the GUI) stays free; parts of one job store in
        turn, so their variant indexes never collide."""
        lock = self._store_locks.setdefault(job.id, asyncio.Lock())
        async with lock:
            plan = await asyncio.to_thread(plan_images, self.library, job, images, per)
            job.result_ids.extend(i for i in plan.earlier_ids if i not in job.result_ids)
            for index, label, image in plan.items:
                work = asyncio.ensure_future(asyncio.to_thread(
                    store_one, self.library, job, index, label, image, plan.per))
                try:
                    try:
                        record = await asyncio.shield(work)
                    except asyncio.CancelledError:  # a stored image is still announced
                        self._stored(job, await work)
                        raise
                except LibraryWriteError as exc:
                    record = self._hold(job, image, str(exc),
                                        **share_of(job, index, label, plan.per))
                except STORE_ERRORS as exc:
                    self._finish_unusable(job, f"result {index} is not a usable image ({exc})")
                    return False
                self._stored(job, record)
        return True

    def _stored(self, job: Job, record: Any) -> None:
        job.result_ids.append(record.id)
        self.result_stored.emit(job, record)

    def set_part(self, job: Job, label: str, *, progress: float | None = None,
                 state: str | None = None) -> None:
        """Progress or state of one part; a finished part frees its service slot."""
        if progress is not None:
            job.part_progress[label] = max(0.0, min(1.0, progress))
            job.progress = sum(job.part_progress.values()) / max(1, len(job.background_job_ids))
        if state is not None:
            job.part_states[label] = state
        self.job_changed.emit(job)
        if state not in (None, "waiting"):
            self._slots_freed()

    def record_usage(self, job: Job, response: Any) -> None:
        """Record the cost a response reports (the latest value, never a sum of polls)."""
        self._record_usage(job, response)

    def finish_animation(self, job: Job, outcome: AnimationOutcome) -> None:
        problems = [f"{d}: {e}" for d, e in {**outcome.failed, **outcome.unknown}.items()]
        if outcome.done:
            job.progress = 1.0
            self._finish(job, JobState.DONE, "; ".join(problems + self._not_stored(job))
                         or None)
        elif outcome.unknown:
            self._set_outcome_unknown(job, "stopped waiting: " + "; ".join(problems)
                                      + ". Look it up later (free).")
        elif job.state is not JobState.FAILED:
            self._finish(job, JobState.FAILED, "; ".join(problems) or "no direction finished")

    def _not_stored(self, job: Job) -> list[str]:
        """The "done, not stored" sentence of a job whose images are held in memory."""
        if not self.library.held_results(job.id):
            return []
        return [NOT_STORED.format(problem=self.last_storage_problem)]

    # -- state bookkeeping ---------------------------------------------------------------------
    def _on_progress(self, job: Job, index: int, value: Any) -> None:
        raw = getattr(value, "progress", value)
        if not isinstance(raw, int | float):
            return
        part = raw / 100.0 if raw > 1.0 else float(raw)
        total = len(job.background_job_ids) or 1
        job.progress = min(1.0, (index + max(0.0, part)) / total)
        self.job_changed.emit(job)

    def _record_usage(self, job: Job, response: Any) -> None:
        usage = usage_of(response)
        if usage is None or usage == (0.0, 0.0):
            return
        # Poll responses repeat the usage: keep the latest value, never add them up.
        self.spent_usd += usage[0] - job.cost_usd
        self.spent_generations += usage[1] - job.cost_generations
        job.cost_usd, job.cost_generations = usage
        self._journal(job, cost_usd=usage[0], cost_generations=usage[1])
        self.job_changed.emit(job)
        self.spend_changed.emit(self.spent_usd, self.spent_generations)

    def _set_state(self, job: Job, state: JobState, *, journal: bool = True) -> None:
        job.state = state
        if journal:
            self._journal(job, state=state.value)
        self.job_changed.emit(job)

    def _set_outcome_unknown(self, job: Job, message: str) -> None:
        job.state = JobState.OUTCOME_UNKNOWN
        job.error = message
        self._journal(job, state=job.state.value, error=message)
        self.job_changed.emit(job)

    def _finish(self, job: Job, state: JobState, error: str | None = None) -> None:
        job.state = state
        job.error = error
        job.finished = time.time()
        self._journal(job, state=state.value, error=error)
        self.job_changed.emit(job)

