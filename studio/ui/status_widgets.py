"""Status bar widgets: backend (offline engine, online, or online but unreachable), balance
(credits + subscription generations, refreshed after each job; online only) and the spend
since the studio started (shown once something was spent)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from studio.api.errors import ApiConnectionError, ApiTimeoutError, InsufficientCreditsError
from studio.core.jobs.error_text import plain_message
from studio.core.jobs.queue import Job, JobQueue, JobState

log = logging.getLogger("studio.ui.status")
ONLINE_TEXT = "Online: PixelLab"
UNREACHABLE_TEXT = "Online, but PixelLab is unreachable"
OFFLINE_TEXT = "Offline engine (free)"

BalanceFetcher = Callable[[], Awaitable[Any]]


def format_balance(balance: Any) -> str:
    """``$12.340 · 150/2000 generations`` from a Balance(usd, generations, generations_total)."""
    parts = []
    usd = getattr(balance, "usd", None)
    if usd is not None:
        parts.append(f"${usd:.2f} credits")
    gens = getattr(balance, "generations", None)
    if gens is not None:
        total = getattr(balance, "generations_total", None)
        parts.append(f"{gens:g}/{total:g} generations" if total else f"{gens:g} generations")
    return " · ".join(parts) or "balance unknown"


class StatusWidgets(QWidget):
    """Three labels; add this widget (or its labels) to the main window's status bar."""

    def __init__(self, queue: JobQueue, fetch_balance: BalanceFetcher | None = None, *,
                 backend: str = "PixelLab", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.fetch_balance = fetch_balance
        self.backend = QLabel(objectName="status.backend")
        self.balance = QLabel("balance: –", objectName="status.balance")
        self.spend = QLabel(objectName="status.spend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.backend, self.balance, self.spend):
            layout.addWidget(label)
        self.last_balance: Any = None
        self._task: asyncio.Task | None = None
        self._debounce = QTimer(self, singleShot=True, interval=400)
        self._debounce.timeout.connect(self.refresh_balance_soon)
        self.set_backend(backend)
        self._spend_changed(queue.spent_usd, queue.spent_generations)
        queue.spend_changed.connect(self._spend_changed)
        queue.job_changed.connect(self._job_changed)
        self.destroyed.connect(lambda *_: self._disconnect())

    @property
    def is_offline(self) -> bool:
        return str(self.backend.property("backend")).lower() == "offline"

    def set_backend(self, name: str) -> None:
        """"PixelLab" (online) or "Offline" (the local engine: free, no balance to show)."""
        self.backend.setProperty("backend", name)
        offline = self.is_offline
        self.backend.setText(OFFLINE_TEXT if offline else ONLINE_TEXT)
        self.backend.setToolTip(
            "Results come from the local offline engine and cost nothing. Set an API token "
            "in Settings to use PixelLab." if offline else "Requests go to the PixelLab service.")
        self.balance.setVisible(not offline)

    def _spend_changed(self, usd: float, generations: float) -> None:
        gens = f" + {generations:g} gen" if generations else ""
        self.spend.setText(f"spent: ${usd:.3f}{gens}")
        self.spend.setToolTip("Spent since the studio started")
        self.spend.setVisible(bool(usd or generations))

    def _job_changed(self, job: Job) -> None:
        if job.state.is_final and job.cost_usd + job.cost_generations > 0:
            self._debounce.start()
        elif job.state is JobState.FAILED and isinstance(job.exception,
                                                         InsufficientCreditsError):
            self._debounce.start()  # a 402 from any panel: show the current balance

    def refresh_balance_soon(self) -> None:
        """Fetch the balance in the background (online only, and only inside a running loop:
        a coroutine made without one would never be awaited)."""
        if (self.fetch_balance is None or self.is_offline
                or (self._task and not self._task.done())):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(self.refresh_balance())

    async def refresh_balance(self) -> Any:
        if self.fetch_balance is None:
            return None
        try:
            balance = await self.fetch_balance()
        except Exception as exc:  # noqa: BLE001 - shown, never fatal
            self._show_balance_failure(exc)
            return None
        self.last_balance = balance
        self.backend.setText(ONLINE_TEXT)
        self.balance.setText(format_balance(balance))
        self.balance.setToolTip("Remaining credits")
        return balance

    def _show_balance_failure(self, exc: Exception) -> None:
        log.warning("balance refresh failed: %r", exc)
        unreachable = isinstance(exc, ApiConnectionError | ApiTimeoutError | OSError)
        if unreachable:
            self.backend.setText(UNREACHABLE_TEXT)
        self.balance.setText("balance unknown")
        self.balance.setToolTip(plain_message(exc))

    async def shutdown(self) -> None:
        """Stop a balance refresh still in flight (before the client closes)."""
        self._debounce.stop()
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def _disconnect(self) -> None:
        self.queue.spend_changed.disconnect(self._spend_changed)
        self.queue.job_changed.disconnect(self._job_changed)
