"""JobQueue: runs request models through the PixelLab client on asyncio, a bounded number at
once, journalling every paid request before it is sent and storing every image before it is shown.

Jobs that are sending or waiting occupy one slot per background job they wait for (the service
allows about 8 concurrent background jobs, and an 8-direction animation is 8 of them); other
holders of service slots (the characters panel) are counted through :meth:`add_slot_source`.
Requests a panel sends itself are shown in the jobs list through :meth:`track`. A job whose
outcome is unknown is never resent automatically: ``lookup`` checks what can be checked for
free, ``decide`` lets the user dismiss or resend.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from psygnal import Signal

from studio.api.errors import ApiError, JobFailedError, NotFoundError
from studio.core.jobs.library import (
    JournalEntry,
    LibraryError,
    LibraryWriteError,
    ResultsLibrary,
)
from studio.core.jobs.model import (
    GenerationClient,
    Job,
    JobState,
    background_ids_of,
    endpoint_for,
    expected_of,
    params_of,
    resource_of,
    usage_of,
    with_seed,
)
from studio.core.jobs.queue_storing import StoringMixin, billed_but_unusable
from studio.core.jobs.results import (
    fetch_resource_images,
    is_animate_character,
    is_outcome_unknown,
    job_failure,
    rebuild_request,
    result_images,
)

DEFAULT_CONCURRENCY = 8
CANCELLED_IN_FLIGHT = "cancelled while sending: the service may still have billed this request"


@dataclass(frozen=True)
class LookupResult:
    found: bool
    message: str
    result_ids: tuple[int, ...] = ()


class JobQueue(StoringMixin):
    """Queue of generation jobs. Signals carry the :class:`Job` (and the stored record).
    ``storage_problem`` carries a sentence, once, when the disk refuses a write."""

    job_added = Signal(object)
    job_changed = Signal(object)
    result_stored = Signal(object, object)
    spend_changed = Signal(float, float)
    storage_problem = Signal(str)

    def __init__(self, client: GenerationClient, library: ResultsLibrary, *,
                 concurrency: int = DEFAULT_CONCURRENCY, poll_interval: float = 3.0,
                 wait_timeout: float = 900.0) -> None:
        self.client = client
        self.library = library
        self._concurrency = _check_concurrency(concurrency)
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout
        self.jobs: dict[str, Job] = {}
        self._pending: deque[Job] = deque()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._slot_sources: list[Callable[[], int]] = []
        self._tracked: dict[str, Callable[[], None] | None] = {}
        self._closing = False
        self.spent_usd = 0.0
        self.spent_generations = 0.0
        self.confirm_above_usd = 0.0  # panels ask before sending above this (0: never)
        self._init_storing()

    # -- configuration ---------------------------------------------------------------------
    @property
    def concurrency(self) -> int:
        return self._concurrency

    @concurrency.setter
    def concurrency(self, value: int) -> None:
        self._concurrency = _check_concurrency(value)
        self._pump()

    @property
    def running_count(self) -> int:
        return len(self._tasks)

    @property
    def background_load(self) -> int:
        """Service slots taken by the queue's running jobs (one per background job)."""
        return sum(_weight(self.jobs[job_id]) if job_id in self.jobs else 1
                   for job_id in self._tasks)

    @property
    def slots_in_use(self) -> int:
        """All service slots taken: the queue's own plus every registered slot source."""
        return self.background_load + sum(max(0, int(src())) for src in self._slot_sources)

    def add_slot_source(self, source: Callable[[], int]) -> None:
        """Count slots held elsewhere (e.g. ``JobSlots.in_use`` of the characters panel) against
        the concurrency; call :meth:`pump` when that number drops."""
        self._slot_sources.append(source)

    def pump(self) -> None:
        """Start pending jobs if slots became free (e.g. a slot source released some)."""
        self._pump()

    # -- submitting ------------------------------------------------------------------------
    def submit(self, request: Any, *, endpoint: str | None = None, group_id: str | None = None,
               retry_of: str | None = None) -> Job:
        """Journal the request (state queued) and start it when a slot is free. When the
        journal cannot be written the request is not sent: the job comes back failed, its
        error saying why."""
        job, params = self._new_job(request, endpoint, group_id=group_id, retry_of=retry_of)
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

    def _tell_soon(self, job: Job) -> None:
        try:
            asyncio.get_running_loop().call_soon(self.job_changed.emit, job)
        except RuntimeError:
            self.job_changed.emit(job)

    def _register(self, request: Any, endpoint: str | None, *, fallback: str = "",
                  group_id: str | None = None, retry_of: str | None = None) -> Job:
        """A new job for ``request``, written to the journal before anything is sent
        (LibraryWriteError, with a sentence, when it cannot be)."""
        job, params = self._new_job(request, endpoint, fallback=fallback, group_id=group_id,
                                    retry_of=retry_of)
        self._journal_new(job, params)
        return job

    def _new_job(self, request: Any, endpoint: str | None, *, fallback: str = "",
                 group_id: str | None = None, retry_of: str | None = None
                 ) -> tuple[Job, dict[str, Any]]:
        endpoint = (endpoint or endpoint_for(request)).strip("/")
        params = params_of(request)
        seed = params.get("seed")
        description = (params.get("description") or params.get("animation_name")
                       or params.get("action_description") or fallback)
        expected = expected_of(request, endpoint)
        job = Job(id=uuid.uuid4().hex, endpoint=endpoint, request=request, group_id=group_id,
                  description=str(description), retry_of=retry_of,
                  seed=seed if isinstance(seed, int) else None,
                  expected_usd=expected[0], expected_generations=expected[1])
        return job, params

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

    # -- requests a panel sends itself ------------------------------------------------------------
    def track(self, request: Any, *, endpoint: str | None = None,
              cancel: Callable[[], None] | None = None) -> Job:
        """Journal a paid request that a panel sends and waits for itself (the characters
        panel), and show it in the jobs list like any job. The panel reports through
        :meth:`update_tracked` and :meth:`add_tracked_result`; ``cancel`` (default: cancel the
        calling task) is what the Cancel button does."""
        job = self._register(request, endpoint, fallback=(endpoint or endpoint_for(request)))
        if cancel is None:
            try:
                cancel = asyncio.current_task().cancel  # type: ignore[union-attr]
            except RuntimeError:
                cancel = None
        self._tracked[job.id] = cancel
        self.job_added.emit(job)
        return job

    def update_tracked(self, job_id: str, *, state: JobState | str | None = None,
                       progress: float | None = None, error: str | None = None,
                       exception: BaseException | None = None,
                       background_job_ids: list[str] | None = None,
                       resource_kind: str | None = None, resource_id: str | None = None,
                       response: Any = None) -> None:
        """Journal and show what a panel learnt about its tracked job."""
        job = self.jobs[job_id]
        if job.state.is_final:
            return  # e.g. cancelled from the jobs panel: keep that
        if exception is not None:
            job.exception = exception
        if background_job_ids is not None or resource_id is not None:
            job.background_job_ids = list(background_job_ids or job.background_job_ids)
            job.resource_kind = resource_kind or job.resource_kind
            job.resource_id = resource_id or job.resource_id
            self._journal(job, background_job_ids=job.background_job_ids,
                          resource_kind=job.resource_kind, resource_id=job.resource_id)
        if response is not None:
            self._record_usage(job, response)
        if progress is not None:
            job.progress = max(0.0, min(1.0, progress))
        if state is None:
            self.job_changed.emit(job)
            return
        state = JobState(state)
        if state is JobState.SENDING and job.started is None:
            job.started = time.time()
        if state is JobState.DONE:
            job.progress = 1.0
        if state.is_final:
            self._tracked.pop(job_id, None)
            self._finish(job, state, error)
        elif state is JobState.OUTCOME_UNKNOWN:
            self._tracked.pop(job_id, None)  # the panel stopped: Look up takes over
            self._set_outcome_unknown(job, error or "no answer after sending")
        else:
            job.error = error or job.error
            self._set_state(job, state)

    def add_tracked_result(self, job_id: str, record: Any) -> None:
        """A tracked job stored an image in the library: list it and tell the listeners."""
        job = self.jobs[job_id]
        job.result_ids.append(record.id)
        self.result_stored.emit(job, record)

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
        if job.id in self._tracked and not job.state.is_final:
            stop = self._tracked.pop(job.id)
            note = {JobState.QUEUED: "cancelled before sending (not billed)",
                    JobState.SENDING: CANCELLED_IN_FLIGHT}.get(
                job.state, "stopped waiting (the background job was not un-billed)")
            self._finish(job, JobState.CANCELLED, note)
            if stop is not None:
                stop()
        elif job in self._pending:
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

    # -- resume, lookup, decide ---------------------------------------------------------------
    def resume(self, where: Callable[[JournalEntry], bool] | None = None) -> list[Job]:
        """Load unfinished journal entries: background jobs resume waiting, requests that may
        have been sent become outcome-unknown, requests never sent are marked cancelled.
        ``where`` picks the entries to load (e.g. one command-line batch's group ids)."""
        loaded = []
        for entry in self.library.journal_entries():
            if entry.job_id in self.jobs or (where is not None and not where(entry)):
                continue
            job = Job(id=entry.job_id, endpoint=entry.endpoint, request=None,
                      group_id=entry.group_id, description=entry.description, seed=entry.seed,
                      background_job_ids=list(entry.background_job_ids),
                      resource_kind=entry.resource_kind, resource_id=entry.resource_id,
                      cost_usd=entry.cost_usd, cost_generations=entry.cost_generations,
                      created=entry.created, state=JobState(entry.state), error=entry.error,
                      expected_usd=entry.expected_usd,
                      expected_generations=entry.expected_generations)
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

    def _stored_before_the_stop(self, job: Job) -> bool:
        """A job whose results were stored before the studio stopped (a kill between storing
        and marking it done) is done. Labelled background jobs may have stored only part of
        their images (a panel stored them one by one): those resume, skipping what is stored."""
        stored = self.library.results_for_job(job.id)
        if not stored or (job.background_job_ids and any(r.label for r in stored)):
            return False
        job.result_ids = [r.id for r in stored]
        job.progress = 1.0
        self._finish(job, JobState.DONE)
        return True

    async def lookup(self, job_id: str) -> LookupResult:
        """Check a job whose outcome is unknown without paying again."""
        job = self.jobs[job_id]
        stored = self.library.results_for_job(job_id)
        if stored:
            job.result_ids = [r.id for r in stored]
            self._finish(job, JobState.DONE)
            return LookupResult(True, "the results were already in the library",
                                tuple(job.result_ids))
        if job.id in self._tasks or job in self._pending or job.id in self._tracked:
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
            busy = self.slots_in_use
            # First come first served; a job bigger than the whole limit runs alone.
            if busy and busy + _weight(self._pending[0]) > self._concurrency:
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
            if not self._closing:
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
            self._journal(job, state=JobState.WAITING.value, background_job_ids=ids,
                          resource_kind=job.resource_kind, resource_id=job.resource_id)
            self._set_state(job, JobState.WAITING, journal=False)
            await self._wait_and_store(job)
            return
        images = self._images_or_fail(job, response)
        if images is not None:
            self._store_images(job, images)

    async def _wait_and_store(self, job: Job) -> None:
        job.started = job.started or time.time()
        finals = []
        for index, bg_id in enumerate(job.background_job_ids):
            def on_progress(value: Any = None, *_: Any, _i: int = index) -> None:
                self._on_progress(job, _i, value)
            try:
                final = await self.client.wait_for_job(
                    bg_id, poll_interval=self.poll_interval, timeout=self.wait_timeout,
                    on_progress=on_progress)
            except asyncio.CancelledError:
                raise
            except (JobFailedError, NotFoundError) as exc:
                job.exception = exc
                self._finish(job, JobState.FAILED, f"background job {bg_id}: {exc}")
                return
            except Exception as exc:  # noqa: BLE001 - the job may still finish: look it up
                job.exception = exc
                self._set_outcome_unknown(job, f"stopped waiting for background job {bg_id}: "
                                               f"{exc}. Look it up later (free).")
                return
            failure = job_failure(final)
            if failure:
                self._finish(job, JobState.FAILED, failure)
                return
            self._record_usage(job, final)
            finals.append(final)
        images: list[Any] = []
        for final in finals:
            found = self._images_or_fail(job, getattr(final, "last_response", None)
                                         if not isinstance(final, dict)
                                         else final.get("last_response"))
            if found is None:
                return
            images.extend(found)
        if not images and job.resource_kind:
            images = await fetch_resource_images(
                self.client, job.resource_kind, job.resource_id, endpoint=job.endpoint,
                params=self._params(job))
        self._store_images(job, images)

    def _images_or_fail(self, job: Job, payload: Any) -> list[Any] | None:
        """The answer's images, or None after failing the job (saying whether it was
        billed) when they cannot be decoded."""
        try:
            return result_images(job.endpoint, payload)
        except (ApiError, ValueError, TypeError, OSError) as exc:
            job.exception = exc
            self._finish_unusable(job, str(exc) or type(exc).__name__)
            return None

    def _params(self, job: Job) -> dict[str, Any]:
        if job.request is not None:
            return params_of(job.request)
        try:
            return self.library.journal_entry(job.id).params
        except LibraryError:
            return {}

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


def _weight(job: Job) -> int:
    """Service slots a job takes: one per background job (an 8-direction animation is 8)."""
    if job.background_job_ids:
        return len(job.background_job_ids)
    if is_animate_character(job.endpoint):
        directions = params_of(job.request).get("directions") if job.request is not None else None
        return len(directions) if directions else 4
    return 1


def _check_concurrency(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= 64:
        raise ValueError(f"concurrency must be an integer from 1 to 64, got {value!r}")
    return value


__all__ = ["DEFAULT_CONCURRENCY", "Job", "JobQueue", "JobState", "LookupResult"]
