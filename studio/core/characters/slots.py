"""A counting gate for the service's concurrent background-job limit.

The service allows a fixed number of running background jobs per account (8 on tier 1) and an
8-direction animation takes 8 of them at once. ``JobSlots.acquire(n)`` waits, first come first
served, until ``n`` slots are free, so a second animation queues instead of failing.

With ``external`` (e.g. ``lambda: queue.background_load`` of the app's ``JobQueue``) the
background jobs that the queue is running count against the same limit; call :meth:`notify` when
that number may have dropped (the panel connects it to ``JobQueue.job_changed``). The queue in
turn counts ``in_use`` (``queue.add_slot_source``) and is told through ``on_release``.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable


class JobSlots:
    """FIFO multi-slot semaphore; ``release`` may hand back slots one at a time."""

    def __init__(self, limit: int = 8, external: Callable[[], int] | None = None,
                 on_release: Callable[[], None] | None = None) -> None:
        if limit < 1:
            raise ValueError("the job limit must be at least 1")
        self.limit = limit
        self._external = external
        self._on_release = on_release  # e.g. ``queue.pump``: its jobs may start now
        self._in_use = 0
        self._waiters: deque[tuple[int, asyncio.Future[None]]] = deque()

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def _busy(self) -> int:
        """Slots taken here plus the jobs running elsewhere."""
        outside = self._external() if self._external is not None else 0
        return self._in_use + max(0, outside)

    def notify(self, *_args: object) -> None:
        """Re-check waiters (other jobs may have finished)."""
        self._wake()

    async def acquire(self, count: int = 1) -> None:
        if not 1 <= count <= self.limit:
            raise ValueError(f"cannot take {count} of {self.limit} job slots")
        if not self._waiters and self._busy() + count <= self.limit:
            self._in_use += count
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (count, future)
        self._waiters.append(entry)
        try:
            await future
        except asyncio.CancelledError:
            if entry in self._waiters:
                self._waiters.remove(entry)
            elif future.done() and not future.cancelled():
                self._in_use -= count  # granted just as we were cancelled: give it back
            self._wake()
            raise

    def release(self, count: int = 1) -> None:
        if count > self._in_use:
            raise ValueError(f"releasing {count} job slots but only {self._in_use} are taken")
        self._in_use -= count
        self._wake()
        if self._on_release is not None:
            self._on_release()

    def _wake(self) -> None:
        while self._waiters:
            count, future = self._waiters[0]
            if future.done():
                self._waiters.popleft()
                continue
            if self._busy() + count > self.limit:
                return
            self._waiters.popleft()
            self._in_use += count
            future.set_result(None)
