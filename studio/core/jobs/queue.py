"""JobQueue: every paid request, journalled before it is sent, its images stored before shown.

A job takes one service slot per background job it waits for (about 8 run at once; an
8-direction animation takes 8, each freed when its direction finishes). A job whose outcome is
unknown is never resent automatically: ``lookup`` checks for free, ``decide`` lets the user
dismiss or resend."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from studio.core.faults import fault_point
from studio.core.jobs.character_jobs import (
    is_character_creation,
    part_labels,
    run_animation,
    stream_rotations,
)
from studio.core.jobs.ledger import JobBook
from studio.core.jobs.library import JournalEntry, LibraryWriteError, ResultsLibrary
from studio.core.jobs.model import (
    GenerationClient,
    Job,
    JobState,
    LookupResult,
    background_ids_of,
    check_concurrency,
    endpoint_for,
    is_animate_character,
    job_from_entry,
    new_job,
    resource_of,
    slot_weight,
    usage_of,
    with_seed,
)
from studio.core.jobs.queue_storing import billed_but_unusable
from studio.core.jobs.results import fetch_resource_images, is_outcome_unknown, rebuild_request
from studio.core.jobs.waiting import wait_each

DEFAULT_CONCURRENCY = 8
CANCELLED_IN_FLIGHT = "cancelled while sending: the service may still have billed this request"


class JobQueue(JobBook):
    """Queue of generation jobs. Signals carry the :class:`Job` (and the stored record)."""

    def __init__(self, client: GenerationClient, library: ResultsLibrary, *,
                 concurrency: int = DEFAULT_CONCURRENCY, poll_interval: float = 3.0,
                 wait_timeout: float = 900.0) -> None:
        super().__init__(library)
        self.client = client
        self._concurrency = check_concurrency(concurrency)
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout
        self._pending: deque[Job] = deque()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._closing = False
        self.confirm_above_usd = 0.0  # panels ask before sending above this (0: never)
        self.free_of_charge = False  # the offline engine: nothing sent costs money

    # -- configuration ---------------------------------------------------------------------
    @property
    def concurrency(self) -> int:
        return self._concurrency

    @concurrency.setter
    def concurrency(self, value: int) -> None:
        self._concurrency = check_concurrency(value)
        self._pump()

    @property
    def running_count(self) -> int:
        return len(self._tasks)

    @property
    def background_load(self) -> int:
        """Service slots taken by the queue's running jobs (one per background job)."""
        return sum(0 if job.state.is_final else slot_weight(job)
                   for job in (self.jobs.get(job_id) for job_id in self._tasks) if job)

    def _slots_freed(self) -> None:
        self._pump()

    def pump(self) -> None:
        """Start pending jobs if slots became free."""
        self._pump()

    # -- submitting ------------------------------------------------------------------------
    def submit(self, request: Any, *, endpoint: str | None = None, group_id: str | None = None,
               retry_of: str | None = None) -> Job:
        """Journal the request (state queued) and start it when a slot is free. When the
        journal cannot be written the request is not sent: the job comes back failed, its
        error saying why."""
        job, params = new_job(request, endpoint, group_id=group_id, retry_of=retry_of,
                              free=self.free_of_charge)
        try:
            self._journal_new(job, params)
        except LibraryWriteError as exc:
            self.job_added.emit(self._refused(job, str(exc)))
            self._tell_soon(job)  # the caller has its job by then and hears why
            return job
        self._pending.append(job)
        self.job_added.emit(job)
        self._pump()
        return job

    def _register(self, request: Any, endpoint: str | None, *, fallback: str = "",
                  group_id: str | None = None, retry_of: str | None = None) -> Job:
        """A new job for ``request``, written to the journal before anything is sent
        (LibraryWriteError, with a sentence, when it cannot be)."""
        job, params = new_job(request, endpoint, fallback=fallback, group_id=group_id,
                              retry_of=retry_of, free=self.free_of_charge)
        self._journal_new(job, params)
        return job

    def _journal_new(self, job: Job, params: dict[str, Any]) -> None:
        self.library.journal_request(job.id, job.endpoint, params, group_id=job.group_id,
                                     expected=(job.expected_usd, job.expected_generations))
        self.jobs[job.id] = job

    def submit_variants(self, request: Any, seeds: list[int], *,
                        endpoint: str | None = None) -> list[Job]:
        """One job per seed, sharing a group id, all sent in parallel (within the bound)."""
        group = uuid.uuid4().hex
        return [self.submit(with_seed(request, s), endpoint=endpoint, group_id=group)
                for s in seeds]

    async def call(self, request: Any, *, endpoint: str | None = None) -> Any:
        """Send one paid request whose answer is not an image (e.g. estimate-skeleton) and
        return the response; journalled first and shown in the jobs list like any job.

        Errors are raised to the caller after they are recorded on the job."""
        job = self._register(request, endpoint, fallback=(endpoint or endpoint_for(request)))
        self.job_added.emit(job)
        try:
            response = await self._send(job)
        except asyncio.CancelledError:
            self._finish(job, JobState.CANCELLED, CANCELLED_IN_FLIGHT)
            raise
        self._record_usage(job, response)
        job.progress = 1.0
        self._finish(job, JobState.DONE)
        return response

    def retry(self, job_id: str) -> Job:
        """A NEW paid request with the same parameters (only ever on the user's click)."""
        old = self.jobs[job_id]
        if old.request is None:  # resumed from the journal: rebuild it from stored params
            entry = self.library.journal_entry(job_id)
            old.request = rebuild_request(self.library, old.endpoint, entry.params)
        return self.submit(old.request, endpoint=old.endpoint, group_id=old.group_id,
                           retry_of=old.id)

    def cancel(self, job_id: str) -> None:
        """Cancel a queued job, or stop sending/waiting (which does not un-bill)."""
        job = self.jobs[job_id]
        if job in self._pending:
            self._pending.remove(job)
            self._finish(job, JobState.CANCELLED, "cancelled before sending (not billed)")
        elif job.id in self._tasks:
            task = self._tasks[job.id]
            task.cancel()
            if job.state is JobState.QUEUED:
                # The task was created but never ran: its own cleanup will not run either,
                # and nothing was sent, so finish it here.
                self._tasks.pop(job.id, None)
                self._finish(job, JobState.CANCELLED, "cancelled before sending (not billed)")
                self._pump()
            elif job.state is JobState.WAITING:  # shown at once; the task stops polling
                self._finish(job, JobState.CANCELLED,
                             "stopped waiting (the background job was not un-billed)")

    # -- resume, lookup, decide ---------------------------------------------------------------
    def resume(self, where: Callable[[JournalEntry], bool] | None = None) -> list[Job]:
        """Load unfinished journal entries: background jobs resume waiting, requests that may
        have been sent become outcome-unknown, requests never sent are marked cancelled.
        ``where`` picks the entries to load (e.g. one command-line batch's group ids)."""
        loaded = []
        for entry in self.library.journal_entries():
            if entry.job_id in self.jobs or (where is not None and not where(entry)):
                continue
            job = job_from_entry(entry)
            self.jobs[job.id] = job
            self.job_added.emit(job)
            loaded.append(job)
            if self._stored_before_the_stop(job):
                continue
            if job.background_job_ids and job.state in (JobState.WAITING,
                                                        JobState.OUTCOME_UNKNOWN):
                job.state = JobState.WAITING
                self._pending.append(job)
            elif job.state is JobState.QUEUED:
                self._finish(job, JobState.CANCELLED, "not sent before the studio closed")
            elif job.state is not JobState.OUTCOME_UNKNOWN:
                self._set_outcome_unknown(job, "the studio stopped while this request was being "
                                               "sent; it may have been billed")
        self._pump()
        return loaded

    async def lookup(self, job_id: str) -> LookupResult:
        """Check a job whose outcome is unknown without paying again."""
        job = self.jobs[job_id]
        stored = self.library.results_for_job(job_id)
        if stored:
            job.result_ids = [r.id for r in stored]
            self._finish(job, JobState.DONE)
            return LookupResult(True, "the results were already in the library",
                                tuple(job.result_ids))
        if job.id in self._tasks or job in self._pending:
            return LookupResult(False, "the job is still queued or running")
        if job.background_job_ids:
            self._set_state(job, JobState.WAITING)
            await self._wait_and_store(job)
            return LookupResult(job.state is JobState.DONE, job.error or "the job finished",
                                tuple(job.result_ids))
        return LookupResult(False, "The service offers no way to look up a synchronous "
                            "generation. Check your balance: if it dropped, the request was "
                            "billed. Dismiss it, or resend it as a new paid request.")

    def decide(self, job_id: str, action: str) -> Job | None:
        """User decision on an outcome-unknown job: ``"dismiss"`` or ``"resend"`` (new paid job)."""
        job = self.jobs[job_id]
        if job.state is not JobState.OUTCOME_UNKNOWN:
            raise ValueError(f"job is {job.state.value}, not outcome unknown")
        if action == "dismiss":
            self._finish(job, JobState.FAILED, "outcome unknown; dismissed by the user")
            return None
        if action == "resend":
            new = self.retry(job_id)
            self._finish(job, JobState.FAILED, f"outcome unknown; resent as job {new.id[:8]}")
            return new
        raise ValueError(f"unknown decision {action!r}: use 'dismiss' or 'resend'")

    async def join(self) -> None:
        """Wait until nothing is queued or running."""
        self._pump()
        while self._pending or self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)
            await asyncio.sleep(0)

    async def shutdown(self) -> None:
        """Stop all tasks WITHOUT changing the journal, so the next start resumes them."""
        self._closing = True
        self._pending.clear()
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- running -------------------------------------------------------------------------------
    def _pump(self) -> None:
        """Start pending jobs while slots are free. Without a running loop (e.g. ``resume()``
        called before the event loop starts) jobs stay pending until the next submit/join."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        while self._pending and not self._closing:
            busy = self.background_load
            # First come first served; a job bigger than the whole limit runs alone.
            if busy and busy + slot_weight(self._pending[0]) > self._concurrency:
                return
            job = self._pending.popleft()
            self._tasks[job.id] = loop.create_task(self._run(job))

    async def _run(self, job: Job) -> None:
        if job.state is JobState.CANCELLED:
            return
        try:
            if job.background_job_ids:
                await self._wait_and_store(job)
            else:
                await self._send_and_store(job)
        except asyncio.CancelledError:
            if not self._closing and not job.state.is_final:
                note = CANCELLED_IN_FLIGHT if job.state is JobState.SENDING else (
                    "stopped waiting (the background job was not un-billed)")
                self._finish(job, JobState.CANCELLED, note)
        finally:
            self._tasks.pop(job.id, None)
            if not self._closing:
                self._pump()

    async def _send(self, job: Job) -> Any:
        """Send the job's request; a failure is recorded on the job and the journal, then
        raised (outcome unknown when the request may have reached the service)."""
        job.started = time.time()
        self._set_state(job, JobState.SENDING)
        try:
            return await self.client.send(job.request)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            job.exception = exc
            message = str(exc) or type(exc).__name__
            if usage_of(exc) not in (None, (0.0, 0.0)):  # billed, but the answer is unusable
                self._record_usage(job, exc)
                message = billed_but_unusable(job, message)
            if is_outcome_unknown(exc):
                self._set_outcome_unknown(job, message)
            else:
                self._finish(job, JobState.FAILED, message)
            raise

    async def _send_and_store(self, job: Job) -> None:
        try:
            response = await self._send(job)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - already recorded on the job by _send
            return
        self._record_usage(job, response)
        note = getattr(response, "note", None)
        job.note = note if isinstance(note, str) and note.strip() else None
        ids = background_ids_of(response)
        if ids:
            job.background_job_ids = ids
            job.resource_kind, job.resource_id = resource_of(response)
            if job.resource_id is None and is_animate_character(job.endpoint):
                job.resource_kind = "character"
                job.resource_id = str(self._params(job).get("character_id") or "") or None
                job.part_labels = [str(d) for d in getattr(response, "directions", None) or []]
            await self._journal_now(job, state=JobState.WAITING.value, background_job_ids=ids,
                                    resource_kind=job.resource_kind,
                                    resource_id=job.resource_id)
            self._set_state(job, JobState.WAITING, journal=False)
            await self._wait_and_store(job)
            return
        images = await self._images_or_fail(job, response)
        if images is not None:
            await self._store_images(job, images)

    async def _wait_and_store(self, job: Job) -> None:
        job.started = job.started or time.time()
        params = self._params(job)
        labels = part_labels(job, params) if is_animate_character(job.endpoint) else []
        if labels:
            self.finish_animation(job, await run_animation(self, job, labels, params))
            return
        rotations = (asyncio.create_task(stream_rotations(self, job))
                     if is_character_creation(job.endpoint) and job.resource_id else None)
        try:
            finals = await self._wait_all(job)
        finally:
            if rotations is not None:  # stopped before the last store: nothing stored twice
                rotations.cancel()
                await asyncio.gather(rotations, return_exceptions=True)
        if finals is None:
            return
        images: list[Any] = []
        for final in finals:
            found = await self._images_or_fail(job, getattr(final, "last_response", None)
                                         if not isinstance(final, dict)
                                         else final.get("last_response"))
            if found is None:
                return
            images.extend(found)
        if job.resource_kind and (not images or job.resource_kind == "character"):
            # a character's images are its rotations, labelled by direction on the resource
            images = await fetch_resource_images(
                self.client, job.resource_kind, job.resource_id, endpoint=job.endpoint,
                params=params)
        await self._store_images(job, images)

    async def _wait_all(self, job: Job) -> list[Any] | None:
        """Wait for each background job in turn; None when one failed or was given up on
        (recorded on the job)."""
        waited = await wait_each(
            self.client, job.background_job_ids, poll_interval=self.poll_interval,
            timeout=self.wait_timeout, on_progress=lambda i, v: self._on_progress(job, i, v),
            on_final=lambda final: self._record_usage(job, final))
        job.exception = waited.exception or job.exception
        if waited.failed:
            self._finish(job, JobState.FAILED, waited.failed)
        elif waited.unknown:
            self._set_outcome_unknown(job, waited.unknown)
        return None if waited.failed or waited.unknown else waited.finals

    async def _store_images(self, job: Job, images: list[Any]) -> None:
        """Store every image, then the job is done ("done, not stored" when the disk refused
        them; failed when one is unusable)."""
        if await self.store_part(job, images):
            job.progress = 1.0
            fault_point("job-stored")
            self._finish(job, JobState.DONE, " ".join(self._not_stored(job)) or None)


__all__ = ["DEFAULT_CONCURRENCY", "Job", "JobQueue", "JobState", "LookupResult"]
