"""Status bar widgets: backend (PixelLab / Offline), balance (credits + subscription
generations, refreshed after each job) and the spend since the studio started."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from studio.api.errors import InsufficientCreditsError
from studio.core.jobs.queue import Job, JobQueue, JobState

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

    def set_backend(self, name: str) -> None:
        """"PixelLab" (online) or "Offline" (the local engine)."""
        self.backend.setText("Online: PixelLab" if name.lower() != "offline"
                             else "Offline engine")
        self.backend.setProperty("backend", name)

    def _spend_changed(self, usd: float, generations: float) -> None:
        gens = f" + {generations:g} generations" if generations else ""
        self.spend.setText(f"spent this session: ${usd:.3f}{gens}")

    def _job_changed(self, job: Job) -> None:
        if job.state.is_final and job.cost_usd + job.cost_generations > 0:
            self._debounce.start()
        elif job.state is JobState.FAILED and isinstance(job.exception,
                                                         InsufficientCreditsError):
            self._debounce.start()  # a 402 from any panel: show the current balance

    def refresh_balance_soon(self) -> None:
        if self.fetch_balance is None or (self._task and not self._task.done()):
            return
        self._task = asyncio.ensure_future(self.refresh_balance())

    async def refresh_balance(self) -> Any:
        if self.fetch_balance is None:
            return None
        try:
            balance = await self.fetch_balance()
        except Exception as exc:  # noqa: BLE001 - shown, never fatal
            self.balance.setText(f"balance unavailable: {exc}")
            return None
        self.last_balance = balance
        self.balance.setText(format_balance(balance))
        return balance

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
