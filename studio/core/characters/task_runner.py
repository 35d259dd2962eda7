"""Start coroutines from widgets on the app's asyncio (qasync) loop without blocking the UI.

Widgets keep a :class:`TaskRunner`; it holds task references (so they are not collected),
reports failures as one readable line, and cancels everything when the widget closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from studio.api.errors import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    InsufficientCreditsError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ValidationError,
    format_detail,
)
from studio.core.characters.service import CharacterFlowError

log = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """One line for the user: what went wrong and, where useful, what to do."""
    if isinstance(exc, AuthenticationError):
        return "The API token was refused (401): check it in Settings."
    if isinstance(exc, InsufficientCreditsError):
        return "Not enough credits or generations left on the account (402)."
    if isinstance(exc, RateLimitError):
        wait = getattr(exc, "retry_after", None)
        hint = f"wait {wait:.0f} s" if wait else "wait a little"
        return (f"The service is busy ({getattr(exc, 'status', None) or 429}): {hint} "
                "and try again.")
    if isinstance(exc, OutcomeUnknownError):
        return (f"No answer after sending ({exc.message}); the request may have been billed. "
                "Check the characters list before trying again.")
    if isinstance(exc, ApiConnectionError):
        return f"Cannot reach the service: {exc.message}"
    if isinstance(exc, NotFoundError):
        return f"Not found on the service: {format_detail(exc.detail) or exc.message}"
    if isinstance(exc, ValidationError):
        return f"The service rejected the request: {format_detail(exc.detail) or exc.message}"
    if isinstance(exc, ApiError):
        return str(exc)
    text = str(exc)
    return text or type(exc).__name__


class TaskRunner:
    """Owns the asyncio tasks a widget started."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def tasks(self) -> list[asyncio.Task[Any]]:
        return list(self._tasks)

    @property
    def busy(self) -> bool:
        return any(not t.done() for t in self._tasks)

    def start(self, coro: Coroutine[Any, Any, Any],
              on_error: Callable[[str, BaseException], None] | None = None,
              on_done: Callable[[Any], None] | None = None,
              on_cancel: Callable[[], None] | None = None) -> asyncio.Task[Any]:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        task = loop.create_task(coro)
        self._tasks.add(task)

        def finished(done: asyncio.Task[Any]) -> None:
            self._tasks.discard(done)
            if done.cancelled():
                if on_cancel is not None:
                    on_cancel()
                return
            exc = done.exception()
            if exc is not None:
                if not isinstance(exc, ApiError | ValueError | OSError | CharacterFlowError):
                    log.warning("characters task failed", exc_info=exc)
                if on_error is not None:
                    on_error(describe_error(exc), exc)
            elif on_done is not None:
                on_done(done.result())

        task.add_done_callback(finished)
        return task

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
