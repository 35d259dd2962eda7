"""Run batch items through the JobQueue: resume what a previous run left, send the rest.

Every item is one JobQueue job with the item's key as group id, so the library's journal is the
batch's memory. On a rerun an item whose job finished is only written out again (from the
library, free); a job that was waiting for a background job resumes waiting (no POST); a job
that was never sent is sent; a request that was being sent when the run stopped has an unknown
outcome and is not sent again unless asked (``resend_unknown``), since it may have been billed.

Ctrl+C (or SIGTERM) stops sending new requests, lets requests already on the wire get their
answer, then stops; a second Ctrl+C stops at once. Either way the journal stays as it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studio.cli.recipe import BatchItem
from studio.core.jobs.library import JournalEntry, LibraryError, ResultsLibrary
from studio.core.jobs.model import Job, JobState
from studio.core.jobs.queue import CANCELLED_IN_FLIGHT, JobQueue

ALL_STATES = tuple(state.value for state in JobState)


@dataclass
class BatchOutcome:
    total: int
    done: list[BatchItem] = field(default_factory=list)
    failed: list[tuple[BatchItem, str]] = field(default_factory=list)
    unknown: list[BatchItem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    reused: int = 0  # finished in an earlier run
    resumed: int = 0  # picked up waiting for a background job
    sent: int = 0  # new requests in this run
    interrupted: bool = False

    @property
    def complete(self) -> bool:
        return len(self.done) == self.total


def batch_entries(library: ResultsLibrary, prefix: str) -> list[JournalEntry]:
    """Every journal entry whose group id starts with ``prefix``, oldest first."""
    return [e for e in library.journal_entries(ALL_STATES)
            if e.group_id and e.group_id.startswith(prefix)]


def latest_entries(library: ResultsLibrary, prefix: str) -> dict[str, JournalEntry]:
    """The newest journal entry of each item key that starts with ``prefix``."""
    return {entry.group_id: entry for entry in batch_entries(library, prefix)}


def was_sent(state: str, error: str | None) -> bool:
    """False for requests that never left the machine (queued, or cancelled before sending)."""
    if state == JobState.QUEUED.value:
        return False
    return state != JobState.CANCELLED.value or error == CANCELLED_IN_FLIGHT


def may_have_been_billed(state: str, error: str | None) -> bool:
    return state == JobState.OUTCOME_UNKNOWN.value or (
        state == JobState.CANCELLED.value and error == CANCELLED_IN_FLIGHT)


class BatchRunner:
    """One run over ``items``; ``on_event(kind, item, job)`` reports progress
    (kinds: ``reused``, ``resumed``, ``queued``, ``sent``, ``done``, ``failed``, ``unknown``)."""

    def __init__(self, queue: JobQueue, items: list[BatchItem], prefix: str, *,
                 on_event: Callable[[str, BatchItem, Job | None], None] | None = None,
                 resend_unknown: bool = False) -> None:
        self.queue, self.items, self.prefix = queue, items, prefix
        self.library = queue.library
        self.on_event = on_event or (lambda *_: None)
        self.resend_unknown = resend_unknown
        self.outcome = BatchOutcome(total=len(items))
        self._by_job: dict[str, BatchItem] = {}
        self._all_final = asyncio.Event()
        self._stop = asyncio.Event()
        self._stop_now = asyncio.Event()
        self._changed = asyncio.Event()
        self._reported_sent: set[str] = set()

    # -- public -------------------------------------------------------------------------------
    async def run(self) -> BatchOutcome:
        self.queue.job_changed.connect(self._on_job_changed)
        try:
            self._start()
            if self._by_job:
                await self._wait()
        finally:
            self.queue.job_changed.disconnect(self._on_job_changed)
        return self.outcome

    def request_stop(self) -> None:
        """First call: send nothing new and stop after the answers on the wire; second: now."""
        if self._stop.is_set():
            self._stop_now.set()
            return
        self._stop.set()
        for job_id in list(self._by_job):
            if self.queue.jobs[job_id].state is JobState.QUEUED:
                self.queue.cancel(job_id)

    @contextlib.contextmanager
    def stop_on_signals(self):
        """Ctrl+C and SIGTERM call :meth:`request_stop` while the batch runs."""
        loop = asyncio.get_running_loop()
        installed = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.request_stop)
                installed.append(sig)
        try:
            yield self
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)

    # -- starting -----------------------------------------------------------------------------
    def _start(self) -> None:
        previous = latest_entries(self.library, self.prefix)
        self.queue.resume(where=lambda e: bool(e.group_id) and e.group_id in previous
                          and previous[e.group_id].job_id == e.job_id)
        for item in self.items:
            entry = previous.get(item.key)
            job = self.queue.jobs.get(entry.job_id) if entry else None
            state = job.state.value if job else (entry.state if entry else None)
            if state == JobState.DONE.value:
                self.outcome.reused += 1
                self._finished(item, entry.job_id, "reused")
            elif job is not None and state == JobState.WAITING.value:
                self.outcome.resumed += 1
                self._by_job[job.id] = item
                self.on_event("resumed", item, job)
            elif state is not None and may_have_been_billed(state, job.error if job else
                                                            entry.error):
                if self.resend_unknown:
                    self._submit(item)
                else:
                    self.outcome.unknown.append(item)
                    self.on_event("unknown", item, job)
            else:
                self._submit(item)
        if not self._by_job:
            self._all_final.set()

    def _submit(self, item: BatchItem) -> None:
        job = self.queue.submit(item.request, endpoint=item.tool, group_id=item.key)
        self.outcome.sent += 1
        self._by_job[job.id] = item
        self.on_event("queued", item, job)

    # -- waiting ------------------------------------------------------------------------------
    async def _wait(self) -> None:
        finished = asyncio.ensure_future(self._all_final.wait())
        stop = asyncio.ensure_future(self._stop.wait())
        await asyncio.wait({finished, stop}, return_when=asyncio.FIRST_COMPLETED)
        if not finished.done():
            self.outcome.interrupted = True
            await self._drain_sending(finished)
            await self.queue.shutdown()  # the journal keeps waiting jobs for the next run
        for task in (finished, stop):
            task.cancel()

    async def _drain_sending(self, finished: asyncio.Future) -> None:
        """Let requests already on the wire get their answer (unless stopped again)."""
        while not finished.done() and not self._stop_now.is_set() and any(
                self.queue.jobs[j].state is JobState.SENDING for j in self._by_job):
            self._changed.clear()
            waits = [asyncio.ensure_future(e.wait()) for e in (self._changed, self._stop_now)]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in waits:
                task.cancel()

    def _on_job_changed(self, job: Job) -> None:
        item = self._by_job.get(job.id)
        if item is None:
            return
        self._changed.set()
        if job.state is JobState.WAITING:
            if job.id not in self._reported_sent:  # progress polls repeat WAITING
                self._reported_sent.add(job.id)
                self.on_event("sent", item, job)
        elif job.state is JobState.DONE:
            self._finished(item, job.id, "done", job)
        elif job.state in (JobState.FAILED, JobState.CANCELLED) and not (
                job.state is JobState.CANCELLED and self._stop.is_set()):
            self.outcome.failed.append((item, job.error or job.state.value))
            self.on_event("failed", item, job)
        elif job.state is JobState.OUTCOME_UNKNOWN:
            self.outcome.unknown.append(item)
            self.on_event("unknown", item, job)
        if job.state.is_final or job.state is JobState.OUTCOME_UNKNOWN:
            self._by_job.pop(job.id, None)
            if not self._by_job:
                self._all_final.set()

    def _finished(self, item: BatchItem, job_id: str, kind: str, job: Job | None = None) -> None:
        """Write the item's images from the library (before telling anyone it is done)."""
        records = sorted(self.library.results_for_job(job_id), key=lambda r: r.variant_index)
        if not records:
            self.outcome.failed.append((item, "the job finished without images"))
            self.on_event("failed", item, job)
            return
        try:
            item.out_dir.mkdir(parents=True, exist_ok=True)
            targets = item.output_paths([r.label for r in records])
            for record, target in zip(records, targets, strict=True):
                self.outcome.written.append(self.library.export_png(record.id, target))
        except (OSError, LibraryError) as exc:
            self.outcome.failed.append((item, f"could not write the image: {exc}"))
            self.on_event("failed", item, job)
            return
        self.outcome.done.append(item)
        self.on_event(kind, item, job)
