"""Shared helpers for the client tests: a recording MockTransport server and PNG payloads."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import PixelLabClient

TOKEN = "0f8fad5b-d9cb-469f-a165-70867728950e"
BASE = "https://api.test.invalid/v2"


def png_b64(width: int, height: int, color: tuple[int, int, int, int] = (200, 40, 40, 255)) -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), color).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def image_obj(width: int, height: int, **extra: Any) -> dict[str, Any]:
    return {"type": "base64", "base64": png_b64(width, height), "format": "png", **extra}


def usage(usd: float = 0.01) -> dict[str, Any]:
    return {"type": "usd", "usd": usd}


Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class MockServer:
    """Routes ``(method, path)`` to canned answers and records every request it saw."""

    routes: dict[tuple[str, str], Any] = field(default_factory=dict)
    seen: list[httpx.Request] = field(default_factory=list)

    def on(self, method: str, path: str, answer: Any) -> None:
        """``answer``: a Response, a callable(request) -> Response, or a list used in order."""
        self.routes[(method, path)] = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path = request.url.raw_path.decode().split("?")[0].removeprefix("/v2")
        answer = self.routes.get((request.method, path))
        if answer is None:
            return httpx.Response(404, json={"detail": f"no route {request.method} {path}"})
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if callable(answer) and not isinstance(answer, httpx.Response):
            answer = answer(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def count(self, method: str, path: str | None = None) -> int:
        return sum(
            1 for r in self.seen
            if r.method == method and (path is None or r.url.path.removeprefix("/v2") == path)
        )

    def body(self, index: int = -1) -> Any:
        return json.loads(self.seen[index].content)


@pytest.fixture
def server() -> MockServer:
    return MockServer()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
async def client(server: MockServer, sleeps: list[float]):
    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with PixelLabClient(
        token=TOKEN, base_url=BASE, transport=httpx.MockTransport(server), sleep=fake_sleep,
        timeout=30.0,
    ) as api:
        yield api


@pytest.fixture
def rgba() -> Callable[..., Image.Image]:
    def make(width: int = 32, height: int = 32, color=(10, 20, 30, 255)) -> Image.Image:
        return Image.new("RGBA", (width, height), color)

    return make
