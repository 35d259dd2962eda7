"""A fake PixelLab client for the job queue tests (no HTTP)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from studio.core.jobs.library import ResultsLibrary


def solid(color: tuple[int, int, int, int], size: int = 16) -> Image.Image:
    return Image.fromarray(np.full((size, size, 4), color, np.uint8), "RGBA")


@dataclass
class Usage:
    usd: float
    generations: float = 0.0


@dataclass
class ImageResponse:
    image: Image.Image
    usage: Usage


@dataclass
class Submission:
    background_job_id: str
    usage: Usage
    tileset_id: str | None = None


@dataclass
class BackgroundJob:
    id: str
    status: str
    last_response: dict[str, Any] = field(default_factory=dict)
    usage: Usage | None = None


class FakeClient:
    """Records every send; optional gates let a test hold requests in flight."""

    def __init__(self, library: ResultsLibrary | None = None) -> None:
        self.library = library
        self.sent: list[Any] = []
        self.journal_states_at_send: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.gate: asyncio.Event | None = None
        self.fail_with: BaseException | None = None
        self.background = False
        self.wait_calls: list[str] = []
        self.wait_gate: asyncio.Event | None = None
        self.job_status = "completed"

    async def send(self, request: Any) -> Any:
        self.sent.append(request)
        if self.library is not None:
            entries = {e.params.get("seed"): e.state for e in self.library.journal_entries()}
            self.journal_states_at_send.append(entries.get(request.seed, "missing"))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.gate is not None:
                await self.gate.wait()
            await asyncio.sleep(0)
            if self.fail_with is not None:
                raise self.fail_with
            if self.background:
                return Submission(f"bg-{len(self.sent)}", Usage(0.05))
            shade = (request.seed or 0) % 256
            return ImageResponse(solid((shade, 0, 0, 255)), Usage(0.01 * len(self.sent)))
        finally:
            self.in_flight -= 1

    async def wait_for_job(self, job_id: str, *, poll_interval: float = 0, timeout: float = 0,
                           on_progress: Any = None) -> BackgroundJob:
        self.wait_calls.append(job_id)
        if on_progress is not None:
            on_progress(50)
        if self.wait_gate is not None:
            await self.wait_gate.wait()
        if self.job_status == "failed":
            return BackgroundJob(job_id, "failed", {"error": "model overloaded"})
        images = [{"type": "base64", "base64": _b64(solid((0, 200, 0, 255)))},
                  solid((0, 0, 200, 255))]
        return BackgroundJob(job_id, "completed", {"images": images}, Usage(0.07))


def _b64(image: Image.Image) -> str:
    import base64
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


async def until(condition, timeout: float = 10.0) -> None:
    """Wait for what worker threads do (storing, journal updates), not for a number of turns."""
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.002)

    await asyncio.wait_for(poll(), timeout)
