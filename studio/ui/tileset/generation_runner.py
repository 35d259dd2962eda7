"""Runs a generation request as a background job and reports progress and the result to Qt.

With a ``JobQueue`` the request is journalled, sent, waited for and its images stored in the
library by the queue (tiles labelled with their corners); this runner follows the job's events
and, once it is done, fetches the finished resource (a free GET) for what the library does not
keep, such as the base tile ids used for chaining. Without a queue an injected
``submit(request) -> result`` coroutine function does the whole round trip.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from studio.api.errors import ApiError
from studio.core.jobs.error_text import describe_error

log = logging.getLogger("studio.ui.tileset")
SubmitFn = Callable[[Any], Awaitable[Any]]
FINAL_FAILURES = {"failed", "cancelled", "outcome_unknown"}


class GenerationRunner(QObject):
    """One job at a time. ``finish`` turns (job, fetched resource) into the panel's result."""

    progress = Signal(float)  # 0..1
    status = Signal(str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, queue: Any = None, client: Any = None, submit: SubmitFn | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.queue = queue
        self.client = client if client is not None else getattr(queue, "client", None)
        self.submit_fn = submit
        self.job: Any = None
        self._task: asyncio.Task | None = None
        self._fetch: Callable[[Any, Any], Awaitable[Any]] | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None or (self._task is not None and not self._task.done())

    def start(self, request: Any, fetch: Callable[[Any, Any], Awaitable[Any]]) -> None:
        """Send ``request``; ``fetch(client, job_or_result)`` produces the finished result."""
        if self.busy:
            raise RuntimeError("a generation is already running")
        self._fetch = fetch
        if self.queue is not None:
            self.queue.job_changed.connect(self._on_job_changed)
            self.job = self.queue.submit(request)
            self.status.emit("queued")
            self.progress.emit(0.0)
        elif self.submit_fn is not None:
            self._task = asyncio.ensure_future(self._run_submit(request))
        else:
            self.failed.emit("no job queue or submit function is connected")

    def cancel(self) -> None:
        """Stop the job (it may still be billed once sent). The panel hears ``failed``."""
        if self.job is not None and self.queue is not None:
            job = self.job
            self.queue.cancel(job.id)
            if self.job is job and str(getattr(job.state, "value", job.state)) == "queued":
                # Cancelled before its task ever ran: the queue sends no final event for it.
                self._detach()
                self.failed.emit("cancelled before it was sent (not billed)")
        elif self._task is not None:
            self._task.cancel()

    async def _run_submit(self, request: Any) -> None:
        self.status.emit("sending")
        self.progress.emit(0.0)
        try:
            result = await self.submit_fn(request)
            final = await self._fetch(self.client, result)
        except asyncio.CancelledError:
            self.failed.emit("cancelled")
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is shown in the panel
            log.warning("tileset request failed: %r", exc)
            self.failed.emit(_reason(exc, str(exc) or type(exc).__name__))
            return
        self.progress.emit(1.0)
        self.finished.emit(final)

    def _on_job_changed(self, job: Any) -> None:
        if not shiboken6.isValid(self):  # the panel was closed while the job ran
            self.queue.job_changed.disconnect(self._on_job_changed)
            return
        if job is not self.job:
            return
        state = str(getattr(job.state, "value", job.state))
        self.progress.emit(float(job.progress))
        self.status.emit(state.replace("_", " "))
        if state == "done":
            self._detach()
            self._task = asyncio.ensure_future(self._collect(job))
        elif state in FINAL_FAILURES:
            self._detach()
            reason = _reason(getattr(job, "exception", None),
                             job.error or state.replace("_", " "))
            self.failed.emit(f"cancelled: {reason}" if state == "cancelled" else reason)

    def _detach(self) -> None:
        self.queue.job_changed.disconnect(self._on_job_changed)
        self.job = None

    async def _collect(self, job: Any) -> None:
        try:
            final = await self._fetch(self.client, job)
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(f"the job finished but its result could not be read: {exc}")
            return
        self.progress.emit(1.0)
        self.finished.emit(final)


def _reason(exc: BaseException | None, fallback: str) -> str:
    """A service error as a plain sentence (no httpx text); other failures as they are."""
    if isinstance(exc, ApiError | OSError):
        return describe_error(exc).message
    return fallback
