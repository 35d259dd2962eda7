"""Waiting for background jobs and for resources that answer 423 until they are ready."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from .errors import ApiTimeoutError, JobFailedError, NotReadyError
from .responses import BackgroundJob
from .tiles import IsometricTile, Tileset

T = TypeVar("T")


class WaitingMixin:
    """Polling helpers for :class:`~studio.api.client.PixelLabClient`."""

    async def _sleep(self, seconds: float) -> None:  # provided by the client
        raise NotImplementedError

    async def get_background_job(self, job_id: str) -> BackgroundJob:
        raise NotImplementedError

    async def get_tileset(self, tileset_id: str) -> Tileset:
        raise NotImplementedError

    async def get_isometric_tile(self, tile_id: str) -> IsometricTile:
        raise NotImplementedError

    async def export_character_zip(self, character_id: str) -> bytes:
        raise NotImplementedError

    async def wait_for_job(
        self, job_id: str, poll_interval: float = 3.0, timeout: float = 600.0,
        on_progress: Callable[[BackgroundJob], Any] | None = None, *,
        max_interval: float = 15.0, backoff: float = 1.25,
    ) -> BackgroundJob:
        """Poll until ``completed`` (returned) or ``failed`` (``JobFailedError``).

        Unknown statuses and 423 answers count as still running. Cancelling stops waiting;
        it does not cancel (or un-bill) the job.
        """
        async def poll() -> BackgroundJob | None:
            try:
                job = await self.get_background_job(job_id)
            except NotReadyError:
                return None
            if on_progress is not None:
                on_progress(job)
            if job.is_failed:
                raise JobFailedError(f"job {job_id} failed: {job.failure_reason}",
                                     detail=job.last_response or job.error,
                                     endpoint=f"/background-jobs/{job_id}")
            return job if job.is_done else None

        return await self._poll(poll, f"job {job_id}", poll_interval, timeout,
                                max_interval, backoff)

    async def wait_for_tileset(self, tileset_id: str, poll_interval: float = 5.0,
                               timeout: float = 600.0) -> Tileset:
        """Fetch the tileset, polling while the service answers 423."""
        return await self._poll(_ready(lambda: self.get_tileset(tileset_id)),
                                f"tileset {tileset_id}", poll_interval, timeout)

    async def wait_for_isometric_tile(self, tile_id: str, poll_interval: float = 5.0,
                                      timeout: float = 600.0) -> IsometricTile:
        return await self._poll(_ready(lambda: self.get_isometric_tile(tile_id)),
                                f"isometric tile {tile_id}", poll_interval, timeout)

    async def wait_for_character_zip(self, character_id: str, poll_interval: float = 5.0,
                                     timeout: float = 900.0) -> bytes:
        return await self._poll(_ready(lambda: self.export_character_zip(character_id)),
                                f"character {character_id} zip", poll_interval, timeout)

    async def _poll(self, attempt: Callable[[], Awaitable[T | None]], what: str,
                    interval: float, timeout: float, max_interval: float = 15.0,
                    backoff: float = 1.25) -> T:
        loop = asyncio.get_running_loop()
        start, slept = loop.time(), 0.0
        while True:
            result = await attempt()
            if result is not None:
                return result
            # count time slept too, so a patched-out sleep still reaches the deadline
            if max(loop.time() - start, slept) + interval > timeout:
                raise ApiTimeoutError(f"{what} not ready after {timeout:.0f}s")
            await self._sleep(interval)
            slept += interval
            interval = min(max_interval, interval * backoff)


def _ready(fetch: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T | None]]:
    async def attempt() -> T | None:
        try:
            return await fetch()
        except NotReadyError:
            return None
    return attempt
