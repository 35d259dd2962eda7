"""Waiting for a job's background jobs in turn (each polled until it completes or fails).

The outcome comes back as data; the queue records it on the job, so the journal and the
listeners hear about it in one place."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from studio.api.errors import JobFailedError, NotFoundError
from studio.core.jobs.results import job_failure


@dataclass
class Waited:
    """The final answers, or why waiting stopped: ``failed`` (the service said so) or
    ``unknown`` (we gave up; the job may still finish and can be looked up for free)."""

    finals: list[Any] = field(default_factory=list)
    failed: str | None = None
    unknown: str | None = None
    exception: BaseException | None = None


async def wait_each(client: Any, background_ids: Sequence[str], *, poll_interval: float,
                    timeout: float, on_progress: Callable[[int, Any], None],
                    on_final: Callable[[Any], None]) -> Waited:
    waited = Waited()
    for index, bg_id in enumerate(background_ids):
        def progress(value: Any = None, *_: Any, _i: int = index) -> None:
            on_progress(_i, value)
        try:
            final = await client.wait_for_job(bg_id, poll_interval=poll_interval,
                                              timeout=timeout, on_progress=progress)
        except asyncio.CancelledError:
            raise
        except (JobFailedError, NotFoundError) as exc:
            waited.exception, waited.failed = exc, f"background job {bg_id}: {exc}"
            return waited
        except Exception as exc:  # noqa: BLE001 - the job may still finish: look it up
            waited.exception = exc
            waited.unknown = (f"stopped waiting for background job {bg_id}: {exc}. "
                              "Look it up later (free).")
            return waited
        failure = job_failure(final)
        if failure:
            waited.failed = failure
            return waited
        on_final(final)
        waited.finals.append(final)
    return waited
