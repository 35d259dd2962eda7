"""Shared fixtures for the generation-workflow UI tests: a qasync loop, a fake client, a queue."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image

from studio.core.jobs.queue import JobQueue
from tests.core.jobs_fakes import FakeClient

__all__ = ["fake_client", "qloop", "queue"]  # the fixtures (``library`` is in conftest.py)


@pytest.fixture
def qloop(qapp):
    """A qasync event loop so coroutines and Qt events run together (like the real app)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


@dataclass
class ImageAnswer:
    """What a fake client answers for a synchronous image endpoint: one image, no usage."""

    image: Image.Image
    usage: None = None


def run(loop: asyncio.AbstractEventLoop, coro_fn: Callable[[], Awaitable[Any]]) -> Any:
    return loop.run_until_complete(coro_fn())


async def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@pytest.fixture
def fake_client(library):
    return FakeClient(library)


@pytest.fixture
def queue(fake_client, library):
    return JobQueue(fake_client, library)
