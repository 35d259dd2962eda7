"""The expected cost beside a Generate button (``<panel>.cost``) and the confirmation asked
before sending when that cost is above the Settings threshold."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from studio.api.pricing import ExpectedCost
from studio.core.jobs.queue import JobQueue


def scaled(cost: ExpectedCost | None, times: int) -> ExpectedCost | None:
    """``times`` calls of ``cost`` (variants, one call per frame)."""
    if cost is None or times == 1:
        return cost
    usd = None if cost.usd is None else round(cost.usd * times, 4)
    gens = None if cost.generations is None else cost.generations * times
    return ExpectedCost(usd, gens, cost.at_least)


def free_text(what: str) -> str:
    """What a cost label says on the offline engine: its results cost nothing."""
    return f"Free: offline engine (PixelLab would charge {what})"


class CostLabel(QLabel):
    """"Expected: about $0.0302 · 8 generations" (or "unknown"); the billed cost is in Jobs.
    On the offline engine (``set_free``) it says the request is free."""

    def __init__(self, panel: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{panel}.cost")
        self.setWordWrap(True)
        self.setToolTip("What the documented price rules expect this request to cost. The "
                        "billed amount is shown in the Jobs panel when it comes back.")
        self.cost: ExpectedCost | None = None
        self.free = False
        self._what = "unknown"
        self.show_cost(None)

    def set_free(self, free: bool) -> None:
        """Follow the backend: the offline engine charges nothing."""
        self.free = free
        self.show_text(self._what)

    def show_cost(self, cost: ExpectedCost | None, times: int = 1) -> None:
        self.cost = scaled(cost, times)
        self.show_text("unknown" if self.cost is None else self.cost.describe())

    def show_text(self, what: str) -> None:
        """Show ``what`` (a description of the expected cost) as expected, or as free offline."""
        self._what = what
        self.setText(free_text(what) if self.free else f"Expected: {what}")


def show_free(panels: Iterable[QWidget], free: bool) -> None:
    """Every cost label in ``panels`` follows the backend: free offline, dollars on PixelLab."""
    for panel in panels:
        for label in panel.findChildren(CostLabel):
            label.set_free(free)


def confirm_spend(parent: QWidget, queue: JobQueue, cost: ExpectedCost | None,
                  proceed: Callable[[], object]) -> QMessageBox | None:
    """Call ``proceed`` now, or (when ``cost`` is above the queue's threshold) after the user
    agrees in a window-modal question; returns that question while it is open. The offline
    engine charges nothing: it never asks there."""
    threshold = getattr(queue, "confirm_above_usd", 0.0) or 0.0
    free = getattr(queue, "free_of_charge", False)
    if free or threshold <= 0 or cost is None or cost.usd is None or cost.usd <= threshold:
        proceed()
        return None
    box = QMessageBox(QMessageBox.Icon.Question, "Confirm the cost",
                      f"This request is expected to cost {cost.describe()}, more than the "
                      f"${threshold:.2f} set in Settings. Send it?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("cost.confirm")
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(button: int) -> None:
        if button == QMessageBox.StandardButton.Yes:
            proceed()

    box.finished.connect(answered)
    box.open()
    return box
