"""Character jobs in the queue: the parts a character request is made of.

Creating a character is one background job whose rotations appear one by one on the character;
:func:`stream_rotations` stores each as soon as its URL shows up, so the panel can show it while
the rest are still drawn. Animating a character is one background job per direction;
:func:`run_animation` waits for them side by side, stores each direction's frames as soon as that
direction is done, and frees its service slot (the queue counts unfinished parts as slots).
Both only read from the service (GETs are free); the one paid POST was sent by the queue.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image

from studio.api.enums import DIRECTIONS_4, DIRECTIONS_8
from studio.api.errors import ApiError, JobFailedError, NotFoundError, NotReadyError
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.model import Job
from studio.core.jobs.results import animation_frame_urls, job_failure, open_png


class JobQueue(Protocol):
    """What the part runners use of ``queue.JobQueue``."""

    client: Any
    library: ResultsLibrary
    poll_interval: float
    wait_timeout: float

    async def store_part(self, job: Job, images: list[Any], *, per: int | None = None
                         ) -> bool: ...
    def set_part(self, job: Job, label: str, *, progress: float | None = None,
                 state: str | None = None) -> None: ...
    def record_usage(self, job: Job, response: Any) -> None: ...


@dataclass
class AnimationOutcome:
    """What became of each direction of an animate-character job."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)  # stopped waiting: may still finish


def is_character_creation(endpoint: str) -> bool:
    return endpoint.strip("/").replace("-", "_").startswith("create_character_with")


def rotation_count(endpoint: str) -> int:
    return len(DIRECTIONS_8) if "8" in endpoint else len(DIRECTIONS_4)


def part_labels(job: Job, params: dict[str, Any]) -> list[str]:
    """The direction of each background job of an animate-character job, or [] when unknown."""
    labels = list(job.part_labels) or [str(d) for d in params.get("directions") or []]
    return labels if len(labels) == len(job.background_job_ids) else []


async def stream_rotations(queue: JobQueue, job: Job) -> None:
    """Store each rotation of a character being created as soon as its URL appears; runs until
    cancelled (the queue stops it before storing whatever is left after the job completes)."""
    per = rotation_count(job.endpoint)
    while True:
        character = await _fetch_character(queue, job.resource_id)
        if character is not None:
            stored = {r.label for r in queue.library.results_for_job(job.id)}
            for direction, url in sorted(_rotation_urls(character).items()):
                if direction in stored:
                    continue
                image = await _download(queue, url)
                if image is not None and not await queue.store_part(job, [(direction, image)],
                                                                    per=per):
                    return
        await asyncio.sleep(queue.poll_interval)


async def run_animation(queue: JobQueue, job: Job, labels: list[str],
                        params: dict[str, Any]) -> AnimationOutcome:
    """Wait for every direction's background job side by side; store each one's frames."""
    outcome = AnimationOutcome()
    for label in labels:
        queue.set_part(job, label, progress=0.0, state="waiting")
    await asyncio.gather(*(_one_direction(queue, job, label, bg_id, params, outcome)
                           for label, bg_id in zip(labels, job.background_job_ids, strict=True)))
    return outcome


async def _one_direction(queue: JobQueue, job: Job, label: str, bg_id: str,
                         params: dict[str, Any], outcome: AnimationOutcome) -> None:
    on_progress = _progress_reporter(queue, job, label)
    try:
        final = await queue.client.wait_for_job(bg_id, poll_interval=queue.poll_interval,
                                                timeout=queue.wait_timeout,
                                                on_progress=on_progress)
        failure = job_failure(final)
        if failure:
            raise JobFailedError(failure)
        queue.record_usage(job, final)
        frames = await _frames_when_listed(queue, job, params, label)
    except asyncio.CancelledError:
        raise
    except (JobFailedError, NotFoundError) as exc:
        outcome.failed[label] = str(exc)
        queue.set_part(job, label, state="failed")
        return
    except Exception as exc:  # noqa: BLE001 - timeout, network: it may still finish
        outcome.unknown[label] = str(exc) or type(exc).__name__
        queue.set_part(job, label, state="unknown")
        return
    per = max(1, len(job.background_job_ids)) * max(1, len(frames))
    if await queue.store_part(job, frames, per=per):
        outcome.done.append(label)
        queue.set_part(job, label, progress=1.0, state="done")


def _progress_reporter(queue: JobQueue, job: Job, label: str) -> Callable[..., None]:
    def report(value: Any = None, *_: Any) -> None:
        raw = getattr(value, "progress", value)
        if isinstance(raw, int | float):
            queue.set_part(job, label, progress=raw / 100.0 if raw > 1.0 else float(raw))
    return report


async def _frames_when_listed(queue: JobQueue, job: Job, params: dict[str, Any],
                              direction: str) -> list[tuple[str, Image.Image]]:
    """The finished direction's frames; the character lists their URLs a moment after the job
    completes, so look again until they appear (or the queue's wait timeout passes)."""
    if getattr(queue.client, "get_character", None) is None:
        return []  # a client that cannot read characters (tests, scripts): nothing to fetch
    deadline = time.monotonic() + queue.wait_timeout
    while True:
        character = await _fetch_character(queue, job.resource_id)
        urls = animation_frame_urls(character, params, direction) if character is not None else []
        if urls:
            frames = []
            for index, url in enumerate(urls):
                frames.append((f"{direction} frame {index}",
                               open_png(await queue.client.download_url(url))))
            return frames
        if time.monotonic() > deadline:
            raise TimeoutError(f"{direction}: the finished animation lists no frames yet")
        await asyncio.sleep(queue.poll_interval)


async def _fetch_character(queue: JobQueue, character_id: str | None) -> Any:
    """The character, or None while the service does not show it yet (404/423 or a hiccup)."""
    if not character_id or getattr(queue.client, "get_character", None) is None:
        return None
    try:
        return await queue.client.get_character(character_id)
    except (NotReadyError, NotFoundError, ApiError):
        return None


async def _download(queue: JobQueue, url: str) -> Image.Image | None:
    try:
        return open_png(await queue.client.download_url(url))
    except (ApiError, ValueError, OSError):
        return None  # the final fetch after completion stores it


def _rotation_urls(character: Any) -> dict[str, str]:
    urls = (character.get("rotation_urls") if isinstance(character, dict)
            else getattr(character, "rotation_urls", None)) or {}
    return {str(k): str(v) for k, v in dict(urls).items() if isinstance(v, str) and v}
