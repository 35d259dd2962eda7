"""Compute a preview in a worker thread and keep only the answer for the latest options.

A dialog whose preview takes tens of milliseconds or more (reducing 64 frames to one palette:
~190 ms) must not freeze the window on every click of a spin box. :class:`LatestResult` runs
``compute`` in the loop's default executor; when the options change meanwhile, the older answer
is dropped when it arrives. Without a running event loop (scripts, plain tests) it computes at
once, so callers behave the same either way. It is a child of its dialog: once the dialog is
gone, a late answer is ignored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class LatestResult(QObject):
    ready = Signal(object, object)  # key, answer
    failed = Signal(object)  # the exception (logged; the dialog says it in a sentence)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.wanted: Hashable | None = None  # the key of the answer still to come
        self.done: tuple[Hashable, Any] | None = None

    def forget(self) -> None:
        """The options changed: an answer still on its way is dropped when it comes (a new
        request follows after the dialog's short delay)."""
        self.wanted = None

    @property
    def busy(self) -> bool:
        return self.wanted is not None

    def request(self, key: Hashable, compute: Callable[[], Any]) -> None:
        """Ask for the answer of ``key``; at once if it is the one already here."""
        if self.done is not None and self.done[0] == key:
            self.wanted = None
            self.ready.emit(key, self.done[1])
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

    def now(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer of ``key``, computed here if it is not already known (e.g. Apply)."""
        if self.done is None or self.done[0] != key:
            self.done = (key, compute())
        return self.done[1]

    def _finish(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            self.done = (key, compute())
        except Exception as exc:  # noqa: BLE001 - shown as a sentence by the dialog
            log.warning("preview failed: %s", exc, exc_info=exc)
            self.failed.emit(exc)
            return
        self.ready.emit(key, self.done[1])

    def _arrived(self, key: Hashable, future: asyncio.Future) -> None:
        if future.cancelled() or not isValid(self) or key != self.wanted:
            return  # the dialog is gone, or newer options want another answer
        self.wanted = None
        exc = future.exception()
        if exc is not None:
            log.warning("preview failed: %s", exc, exc_info=exc)
            self.failed.emit(exc)
            return
        self.done = (key, future.result())
        self.ready.emit(key, self.done[1])
