"""Compute a preview in a worker thread and keep only the answer for the latest options.

A dialog whose preview takes tens of milliseconds or more (reducing 64 frames to one palette:
~190 ms) must not freeze the window on every click of a spin box. :class:`LatestResult` runs
``compute`` in the loop's default executor; when the options change meanwhile, the older answer
is dropped when it arrives. Without a running event loop (scripts, plain tests) it computes at
once, so callers behave the same either way.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from shiboken6 import isValid

log = logging.getLogger(__name__)
T = TypeVar("T")


class LatestResult(Generic[T]):
    """``on_done`` and ``on_error`` are methods of the QObject that owns this (a dialog). They
    are held weakly (no reference cycle keeps a closed dialog's wrapper alive); when the
    owner is gone or deleted, a late answer is ignored."""

    def __init__(self, on_done: Callable[[Hashable, T], None],
                 on_error: Callable[[BaseException], None]) -> None:
        self._on_done = weakref.WeakMethod(on_done)  # type: ignore[arg-type]
        self._on_error = weakref.WeakMethod(on_error)  # type: ignore[arg-type]
        self.wanted: Hashable | None = None  # the key of the answer still to come
        self.done: tuple[Hashable, T] | None = None

    def on_done(self, key: Hashable, value: T) -> None:
        method = self._on_done()
        if method is not None and isValid(method.__self__):
            method(key, value)

    def on_error(self, exc: BaseException) -> None:
        method = self._on_error()
        if method is not None and isValid(method.__self__):
            method(exc)

    @property
    def busy(self) -> bool:
        return self.wanted is not None

    def request(self, key: Hashable, compute: Callable[[], T]) -> None:
        """Ask for the answer of ``key``; at once if it is the one already here."""
        if self.done is not None and self.done[0] == key:
            self.wanted = None
            self.on_done(key, self.done[1])
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._finish(key, compute)
            return
        if self.wanted == key:
            return  # already being computed
        self.wanted = key
        future = loop.run_in_executor(None, compute)
        future.add_done_callback(lambda f, k=key: self._arrived(k, f))

    def now(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer of ``key``, computed here if it is not already known (e.g. Apply)."""
        if self.done is None or self.done[0] != key:
            self.done = (key, compute())
        return self.done[1]

    def _finish(self, key: Hashable, compute: Callable[[], T]) -> None:
        try:
            self.done = (key, compute())
        except Exception as exc:  # noqa: BLE001 - shown as a sentence by the owner
            log.warning("preview failed: %s", exc, exc_info=exc)
            self.on_error(exc)
            return
        self.on_done(key, self.done[1])

    def _arrived(self, key: Hashable, future: asyncio.Future) -> None:
        if future.cancelled() or key != self.wanted:
            return  # the dialog is gone, or newer options want another answer
        self.wanted = None
        exc = future.exception()
        if exc is not None:
            log.warning("preview failed: %s", exc, exc_info=exc)
            self.on_error(exc)
            return
        self.done = (key, future.result())
        self.on_done(key, self.done[1])
