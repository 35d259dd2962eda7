"""The character workflows as plain async code (no Qt), used by the characters panel.

Create and animate are paid requests: they go through the app's ``JobQueue`` like every other
one (journalled before sending, one service-slot accounting, resumed after a restart, shown in
the Jobs panel). The queue stores each rotation as its URL appears and each direction's frames
as that direction finishes; this service follows the job's signals and hands the stored images
to the panel (library first, then the screen). Browse and export are free GETs sent directly.
Export: 423 becomes :class:`CharacterBusyError` naming what is still running, with an optional
wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import numpy as np

from studio.api.errors import ApiError, NotReadyError, OutcomeUnknownError
from studio.api.images import safe_open_png
from studio.api.responses import BackgroundJob
from studio.core.characters.payloads import CharacterInfo, character_info, characters_of
from studio.core.jobs.library import ResultRecord
from studio.core.jobs.model import Job, JobState
from studio.core.jobs.queue import JobQueue

Progress = Callable[[float | None, str], None]
RotationReady = Callable[[str, np.ndarray], None]
DirectionProgress = Callable[[str, float | None, str], None]
FramesReady = Callable[[str, list[np.ndarray]], None]
Sleep = Callable[[float], Awaitable[None]]


class CharacterFlowError(Exception):
    """A character workflow failed; the message is meant for the user."""


class CharacterBusyError(CharacterFlowError):
    """Export refused (423): ``parts`` names what is still generating."""

    def __init__(self, character_id: str, parts: list[str], detail: str = "",
                 name: str = "") -> None:
        running = ", ".join(parts) if parts else (detail or "some parts")
        super().__init__(f"'{name or character_id}' is still generating: {running}.")
        self.character_id = character_id
        self.parts = parts
        self.detail = detail


def job_fraction(job: BackgroundJob | dict[str, Any]) -> float | None:
    """Progress 0..1 of a background job (``progress`` or ``last_response.progress``)."""
    try:
        model = job if isinstance(job, BackgroundJob) else BackgroundJob.model_validate(
            {"id": "", "status": "processing", **job})
    except ValueError:
        return None
    if model.progress is None:
        return None
    number = float(model.progress)
    return max(0.0, min(1.0, number / 100.0 if number > 1.0 else number))


def pixels_from_png(data: bytes) -> np.ndarray:
    """Decode untrusted PNG bytes (size-capped, bomb-safe) into ``(H, W, 4)`` uint8."""
    return np.asarray(safe_open_png(data), dtype=np.uint8).copy()


class CharacterService:
    """Character create/animate (through ``queue``) and browse/export (free GETs)."""

    def __init__(self, client: Any, *, queue: JobQueue | None = None,
                 poll_interval: float = 3.0, job_timeout: float = 900.0,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.client = client
        self.queue = queue
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout
        self._sleep = sleep
        self._jobs_of_task: dict[asyncio.Task[Any], list[str]] = {}

    # -- browse ------------------------------------------------------------------------------
    async def list_page(self, limit: int, offset: int) -> list[CharacterInfo]:
        page = await self.client.list_characters(limit=limit, offset=offset)
        return [character_info(c) for c in characters_of(page)]

    async def fetch(self, character_id: str) -> CharacterInfo:
        return character_info(await self.client.get_character(character_id))

    async def download_image(self, url: str) -> np.ndarray:
        """One rotation or frame PNG; the client retries briefly on 404 after completion."""
        data = await self.client.download_url(url)
        return await asyncio.to_thread(pixels_from_png, data)

    async def download_frames(self, urls: Sequence[str]) -> list[np.ndarray]:
        return list(await asyncio.gather(*(self.download_image(u) for u in urls)))

    # -- create ------------------------------------------------------------------------------
    async def create_character(self, request: Any, *,
                               on_progress: Progress | None = None,
                               on_rotation: RotationReady | None = None) -> CharacterInfo:
        """Create a character; each rotation is delivered as soon as the queue stored it."""
        def changed(job: Job) -> None:
            if on_progress and not job.state.is_final:  # the outcome is the caller's to say
                on_progress(job.progress, job.state.value)

        async def stored(record: ResultRecord) -> None:
            if on_rotation and record.label:
                on_rotation(record.label, await self._pixels(record))

        job = await self._run(request, changed, stored)
        if not job.resource_id:
            raise CharacterFlowError("The service did not return a character id.")
        return await self.fetch(job.resource_id)

    # -- animate -----------------------------------------------------------------------------
    async def animate(self, character: CharacterInfo, request: Any, *,
                      on_progress: DirectionProgress | None = None,
                      on_frames: FramesReady | None = None) -> dict[str, list[np.ndarray]]:
        """Animate the chosen directions (``AnimateCharacterRequest``): one background job per
        direction, each with its own progress; a direction's frames arrive when it is done."""
        if request.character_id != character.id:
            request = request.model_copy(update={"character_id": character.id})
        directions = list(request.to_api_json().get("directions") or character.directions)
        for direction in directions:
            if on_progress:
                on_progress(direction, None, "queued")
        reported: dict[str, str] = {}
        done: dict[str, list[np.ndarray]] = {}
        pending: list[asyncio.Task[None]] = []

        def changed(job: Job) -> None:
            for direction, state in job.part_states.items():
                fraction = job.part_progress.get(direction)
                if state == "waiting" and on_progress and fraction is not None:
                    on_progress(direction, fraction, f"{fraction:.0%}")
                elif state != "waiting" and reported.get(direction) != state:
                    reported[direction] = state
                    pending.append(asyncio.ensure_future(
                        self._direction_finished(job, direction, state, done, on_progress,
                                                 on_frames)))

        job = await self._run(request, changed, None, allow_partial=True)
        await asyncio.gather(*pending)
        if not done:
            raise CharacterFlowError(f"Animation failed: {job.error or 'no direction finished'}")
        return done

    async def _direction_finished(self, job: Job, direction: str, state: str,
                                  done: dict[str, list[np.ndarray]],
                                  on_progress: DirectionProgress | None,
                                  on_frames: FramesReady | None) -> None:
        if state != "done":
            if on_progress:
                on_progress(direction, None, "failed")
            return
        records = [r for r in self.queue.library.results_for_job(job.id)  # type: ignore[union-attr]
                   if r.label.startswith(f"{direction} frame ")]
        records.sort(key=lambda r: int(r.label.rsplit(" ", 1)[1]))
        frames = [await self._pixels(r) for r in records]
        done[direction] = frames
        if on_frames:
            on_frames(direction, frames)
        if on_progress:
            on_progress(direction, 1.0, f"{len(frames)} frames")

    # -- export ------------------------------------------------------------------------------
    async def export_zip(self, character_id: str, *, wait: bool = False,
                         on_wait: Callable[[list[str]], None] | None = None) -> bytes:
        """ZIP bytes; on 423 either raise :class:`CharacterBusyError` or poll until ready."""
        deadline = time.monotonic() + self.job_timeout
        while True:
            try:
                return await self.client.export_character_zip(character_id)
            except NotReadyError as exc:
                name, parts = await self._busy_parts(character_id)
                if not wait:
                    raise CharacterBusyError(character_id, parts, str(exc.detail or ""),
                                             name) from None
                if on_wait:
                    on_wait(parts)
                if time.monotonic() > deadline:
                    raise CharacterBusyError(character_id, parts, name=name) from None
                await self._sleep(self.poll_interval)

    async def _busy_parts(self, character_id: str) -> tuple[str, list[str]]:
        """(display name, what is still generating) for a 423 message."""
        try:
            info = await self.fetch(character_id)
        except ApiError:
            return "", []
        return info.name, info.busy_parts()

    # -- following a queue job ---------------------------------------------------------------
    def cancel_task(self, task: asyncio.Task[Any]) -> None:
        """The user cancelled ``task``: its jobs are cancelled in the queue at once (the service
        keeps generating; nothing is un-billed), then the task stops following them."""
        for job_id in self._jobs_of_task.pop(task, []):
            if self.queue is not None:
                self.queue.cancel(job_id)
        task.cancel()

    async def _run(self, request: Any, on_change: Callable[[Job], None],
                   on_stored: Callable[[ResultRecord], Awaitable[None]] | None, *,
                   allow_partial: bool = False) -> Job:
        """Submit through the queue and follow the job until it is final; raise what the user
        must know (the API error itself for 401/402/422, so panels can react)."""
        if self.queue is None:
            raise CharacterFlowError("Characters need the studio's job queue to send requests.")
        queue = self.queue
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[None] = loop.create_future()
        delivered: list[asyncio.Task[None]] = []
        job = queue.submit(request)
        task = asyncio.current_task()
        if task is not None:
            self._jobs_of_task.setdefault(task, []).append(job.id)

        def changed(changed_job: Job) -> None:
            if changed_job is not job:
                return
            on_change(job)
            if (job.state.is_final or job.state is JobState.OUTCOME_UNKNOWN) \
                    and not finished.done():
                finished.set_result(None)

        def stored(stored_job: Job, record: ResultRecord) -> None:
            if stored_job is job and on_stored is not None:
                delivered.append(loop.create_task(on_stored(record)))

        queue.job_changed.connect(changed)
        queue.result_stored.connect(stored)
        try:
            changed(job)
            await finished
            await asyncio.gather(*delivered)
        finally:  # a cancelled follower (panel or studio closing) leaves the job to the queue
            queue.job_changed.disconnect(changed)
            queue.result_stored.disconnect(stored)
            if task is not None:
                self._jobs_of_task.pop(task, None)
        _raise_for(job, allow_partial)
        return job

    async def _pixels(self, record: ResultRecord) -> np.ndarray:
        library = self.queue.library  # type: ignore[union-attr]
        image = await asyncio.to_thread(library.load_image, record.id)
        return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()


def _raise_for(job: Job, allow_partial: bool) -> None:
    if job.state is JobState.DONE:
        return
    if job.state is JobState.CANCELLED:
        raise asyncio.CancelledError
    exc = job.exception
    if not job.background_job_ids and isinstance(exc, ApiError | OutcomeUnknownError):
        raise exc  # the POST itself was refused (401, 402, 422...) or lost: panels react
    if job.state is JobState.OUTCOME_UNKNOWN:
        raise CharacterFlowError(f"No answer from the service; it may still finish. {job.error}")
    if allow_partial and job.state is JobState.FAILED:
        raise CharacterFlowError(f"Animation failed: {job.error}")
    raise CharacterFlowError(f"Character job failed: {job.error}")
