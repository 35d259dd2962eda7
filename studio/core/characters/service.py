"""The character workflows as plain async code (no Qt), used by the characters panel.

Create: submit, journal the job ids, poll the job and the character, download each rotation as
soon as its URL appears. Animate: take one concurrency slot per direction, submit, then wait for
every direction's job separately. Export: 423 becomes :class:`CharacterBusyError` naming what is
still running, with an optional wait. Images are written to the results library before the panel
shows them, when a library is given.

With the app's ``JobQueue`` the requests are journalled through ``queue.track`` so they show in the
Jobs panel (state, progress, cost, cancel) and, if the studio closes while they run, the queue
resumes them on the next start and stores their rotations or animation frames.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import numpy as np

from studio.api.errors import ApiError, NotFoundError, NotReadyError, OutcomeUnknownError
from studio.api.images import safe_open_png
from studio.core.characters.payloads import CharacterInfo, character_info, characters_of, get
from studio.core.characters.slots import JobSlots
from studio.core.jobs.model import endpoint_for, params_of

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


def job_fraction(job: Any) -> float | None:
    """Progress 0..1 from a ``BackgroundJob`` (``progress`` or ``last_response.progress``)."""
    value = get(job, "progress", None)
    if value is None:
        value = get(get(job, "last_response", None), "progress", None)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(1.0, number / 100.0 if number > 1.0 else number))


def job_status(job: Any) -> str:
    return str(get(job, "status", "processing")).lower()


def pixels_from_png(data: bytes) -> np.ndarray:
    """Decode untrusted PNG bytes (size-capped, bomb-safe) into ``(H, W, 4)`` uint8."""
    return np.asarray(safe_open_png(data), dtype=np.uint8).copy()


class CharacterService:
    """Character create/animate/browse/export against an injected ``PixelLabClient``."""

    def __init__(self, client: Any, *, library: Any = None, slots: JobSlots | None = None,
                 poll_interval: float = 3.0, job_timeout: float = 900.0,
                 sleep: Sleep = asyncio.sleep, queue: Any = None) -> None:
        self.client = client
        self.queue = queue
        self.library = library if library is not None or queue is None else queue.library
        self._running: dict[asyncio.Task[Any], list[str]] = {}
        self.slots = slots or JobSlots(8)
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout
        self._sleep = sleep

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
        """Create a character; each rotation is delivered as soon as its URL appears."""
        local_id = self._journal(request)
        await self.slots.acquire(1)
        try:
            submission = await self._submit(local_id, request)
            job_id = str(get(submission, "background_job_id", ""))
            character_id = str(get(submission, "character_id", ""))
            if not character_id:
                raise CharacterFlowError("The service did not return a character id.")
            self._update(local_id, state="waiting", background_job_ids=[job_id],
                         resource_kind="character", resource_id=character_id)
            shown: set[str] = set()
            deadline = time.monotonic() + self.job_timeout
            job_done = not job_id
            while True:
                if not job_done:
                    job = await self.client.get_background_job(job_id)
                    status = job_status(job)
                    if status == "failed":
                        self._update(local_id, state="failed", error=_reason(job))
                        raise CharacterFlowError(f"Character job failed: {_reason(job)}")
                    job_done = status == "completed"
                    fraction = 1.0 if job_done else job_fraction(job)
                    self._progress(local_id, fraction, job)
                    if on_progress:
                        on_progress(fraction, status)
                info = await self._fetch_tolerant(character_id)
                if info is not None:
                    await self._deliver_rotations(local_id, info, shown, on_rotation)
                    if job_done and info.is_completed and info.rotation_urls \
                            and set(info.rotation_urls) <= shown:
                        self._update(local_id, state="done")
                        return info
                if time.monotonic() > deadline:
                    text = (f"Gave up waiting for character {character_id} after "
                            f"{self.job_timeout:.0f} s; it may still finish on the service.")
                    self._update(local_id, state="outcome_unknown",
                                 error=text + " Look it up later (free).")
                    raise CharacterFlowError(text)
                await self._sleep(self.poll_interval)
        finally:
            self.slots.release(1)

    async def _deliver_rotations(self, local_id: str, info: CharacterInfo, shown: set[str],
                                 on_rotation: RotationReady | None) -> None:
        for direction, url in info.rotation_urls.items():
            if direction in shown:
                continue
            pixels = await self.download_image(url)
            await self._store(local_id, pixels, len(shown), direction)
            shown.add(direction)
            if on_rotation:
                on_rotation(direction, pixels)

    async def _fetch_tolerant(self, character_id: str) -> CharacterInfo | None:
        try:
            return await self.fetch(character_id)
        except (NotReadyError, NotFoundError):
            return None  # not visible yet right after submission

    # -- animate -----------------------------------------------------------------------------
    async def animate(self, character: CharacterInfo, request: Any, *,
                      on_progress: DirectionProgress | None = None,
                      on_frames: FramesReady | None = None) -> dict[str, list[np.ndarray]]:
        """Animate the chosen directions (``AnimateCharacterRequest``); one background job per
        direction, each tracked and shown apart."""
        if request.character_id != character.id:
            request = request.model_copy(update={"character_id": character.id})
        params = request.to_api_json()
        directions = list(params.get("directions") or character.directions)
        for direction in directions:
            if on_progress:
                on_progress(direction, None, "queued")
        local_id = self._journal(request)
        await self.slots.acquire(len(directions))
        held = len(directions)
        try:
            submission = await self._submit(local_id, request)
            job_ids = [str(j) for j in get(submission, "background_job_ids", [])]
            returned = [str(d) for d in get(submission, "directions", [])] or directions
            if not job_ids and get(submission, "background_job_id", None):
                job_ids = [str(get(submission, "background_job_id"))]
            if len(job_ids) != len(returned):
                raise CharacterFlowError(
                    f"The service returned {len(job_ids)} job ids for {len(returned)} directions.")
            self._update(local_id, state="waiting", background_job_ids=job_ids,
                         resource_kind="character", resource_id=character.id)
            match = {"id": str(get(submission, "animation_id", "")),
                     "name": str(params.get("animation_name")
                                 or params.get("action_description") or ""),
                     "template": str(params.get("template_animation_id", ""))}
            stored = 0
            fractions = dict.fromkeys(returned, 0.0)

            def direction_progress(direction: str, fraction: float | None, text: str) -> None:
                if fraction is not None and direction in fractions:
                    fractions[direction] = fraction
                    self._progress(local_id, sum(fractions.values()) / len(fractions))
                if on_progress:
                    on_progress(direction, fraction, text)

            async def one(direction: str, job_id: str) -> tuple[str, list[np.ndarray]]:
                nonlocal held, stored
                try:
                    await self._wait_direction(direction, job_id, direction_progress)
                finally:
                    if held > 0:  # the service may list more directions than we reserved
                        held -= 1
                        self.slots.release(1)
                frames = await self._animation_frames(character.id, match, direction)
                first, stored = stored, stored + len(frames)
                for offset, frame in enumerate(frames):  # library first, then the screen
                    await self._store(local_id, frame, first + offset,
                                      f"{direction} frame {offset}")
                if on_frames:
                    on_frames(direction, frames)
                if on_progress:
                    on_progress(direction, 1.0, f"{len(frames)} frames")
                return direction, frames

            results = await asyncio.gather(
                *(one(d, j) for d, j in zip(returned, job_ids, strict=True)),
                return_exceptions=True)
        finally:
            if held > 0:
                self.slots.release(held)
        failures = [r for r in results if isinstance(r, BaseException)]
        done = dict(r for r in results if not isinstance(r, BaseException))
        self._update(local_id, state="failed" if failures and not done else "done",
                     error="; ".join(str(f) for f in failures) or None)
        if failures and not done:
            raise CharacterFlowError(f"Animation failed: {failures[0]}")
        return done

    async def _wait_direction(self, direction: str, job_id: str,
                              on_progress: DirectionProgress | None) -> None:
        deadline = time.monotonic() + self.job_timeout
        while True:
            job = await self.client.get_background_job(job_id)
            status = job_status(job)
            if status == "failed":
                if on_progress:
                    on_progress(direction, None, "failed")
                raise CharacterFlowError(f"{direction}: {_reason(job)}")
            if status == "completed":
                if on_progress:
                    on_progress(direction, 1.0, "downloading")
                return
            if on_progress:
                on_progress(direction, job_fraction(job), status)
            if time.monotonic() > deadline:
                raise CharacterFlowError(f"{direction}: gave up waiting for job {job_id}")
            await self._sleep(self.poll_interval)

    async def _animation_frames(self, character_id: str, match: dict[str, str],
                                direction: str) -> list[np.ndarray]:
        """Frames of the submitted animation; its URLs may lag the job by a moment."""
        deadline = time.monotonic() + self.job_timeout
        while True:
            info = await self.fetch(character_id)
            for anim in reversed(info.animations):
                if _is_match(anim, match):
                    urls = anim.frames.get(direction)
                    if urls:
                        return await self.download_frames(urls)
                    break
            if time.monotonic() > deadline:
                raise CharacterFlowError(f"{direction}: the finished animation lists no frames")
            await self._sleep(self.poll_interval)

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

    # -- journal -----------------------------------------------------------------------------
    async def _submit(self, local_id: str, request: Any) -> Any:
        self._update(local_id, state="sending")
        try:
            submission = await self.client.send(request)
        except OutcomeUnknownError as exc:
            self._update(local_id, state="outcome_unknown", error=str(exc), exception=exc)
            raise
        except ApiError as exc:
            self._update(local_id, state="failed", error=str(exc), exception=exc)
            raise
        except Exception as exc:  # no answer we understand: it may have been billed
            self._update(local_id, state="outcome_unknown", error=str(exc) or type(exc).__name__,
                         exception=exc)
            raise
        if self.queue is not None:
            self.queue.update_tracked(local_id, response=submission)
        return submission

    # -- journal and jobs list ---------------------------------------------------------------
    def cancel_task(self, task: asyncio.Task[Any]) -> None:
        """The user cancelled ``task``: mark its jobs cancelled in the jobs list, then stop it
        (the service keeps generating; nothing is un-billed)."""
        for local_id in self._running.pop(task, []):
            if self.queue is not None:
                self.queue.cancel(local_id)
        task.cancel()

    def _journal(self, request: Any) -> str:
        task = asyncio.current_task()
        if self.queue is not None:
            local_id = self.queue.track(request).id
        else:
            local_id = uuid.uuid4().hex
            if self.library is not None:
                self.library.journal_request(local_id, endpoint_for(request), params_of(request))
        if task is not None:
            self._running.setdefault(task, []).append(local_id)
            task.add_done_callback(lambda t: self._running.pop(t, None))
        return local_id

    def _update(self, local_id: str, *, exception: BaseException | None = None,
                **fields: Any) -> None:
        if self.queue is not None:
            self.queue.update_tracked(local_id, exception=exception, **fields)
        elif self.library is not None:
            self.library.update_request(local_id, **fields)

    def _progress(self, local_id: str, fraction: float | None, job: Any = None) -> None:
        if self.queue is not None and (fraction is not None or job is not None):
            self.queue.update_tracked(local_id, progress=fraction,
                                      response=job if get(job, "usage", None) else None)

    async def _store(self, local_id: str, pixels: np.ndarray, index: int,
                     label: str = "") -> None:
        """PNG + row with fsync: off the UI thread; then listed on the tracked job."""
        if self.library is not None:
            record = await asyncio.to_thread(self.library.store_result, local_id, pixels,
                                             variant_index=index, label=label)
            if self.queue is not None:
                self.queue.add_tracked_result(local_id, record)


def _is_match(anim: Any, match: dict[str, str]) -> bool:
    """Find the submitted animation: by id when the service gave one, else name or template."""
    if match["id"] and anim.id:
        return anim.id == match["id"]
    if match["name"]:
        return anim.name == match["name"] or (not anim.name and anim.template == match["template"])
    return anim.template == match["template"]


def _reason(job: Any) -> str:
    last = get(job, "last_response", None)
    for key in ("error", "detail", "message"):
        text = get(last, key, None) or get(job, key, None)
        if text:
            return str(text)
    return "the service reported a failure"
