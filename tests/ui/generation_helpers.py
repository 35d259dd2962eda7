"""Shared fixtures for the generation-workflow UI tests: a qasync loop, a library, a fake client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from studio.core.jobs import JobQueue
from studio.core.library import ResultsLibrary
from tests.core.jobs_fakes import FakeClient

__all__ = ["fake_client", "library", "qloop", "queue"]  # the fixtures


@pytest.fixture
def qloop(qapp):
    """A qasync event loop so coroutines and Qt events run together (like the real app)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


def run(loop: asyncio.AbstractEventLoop, coro_fn: Callable[[], Awaitable[Any]]) -> Any:
    return loop.run_until_complete(coro_fn())


async def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def fake_client(library):
    return FakeClient(library)


@pytest.fixture
def queue(fake_client, library):
    return JobQueue(fake_client, library)
