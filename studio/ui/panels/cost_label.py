"""The expected cost beside a Generate button (``<panel>.cost``) and the confirmation asked
before sending when that cost is above the Settings threshold."""

from __future__ import annotations

from collections.abc import Callable

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


class CostLabel(QLabel):
    """"Expected: about $0.0302 · 8 generations" (or "unknown"); the billed cost is in Jobs."""

    def __init__(self, panel: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{panel}.cost")
        self.setWordWrap(True)
        self.setToolTip("What the documented price rules expect this request to cost. The "
                        "billed amount is shown in the Jobs panel when it comes back.")
        self.cost: ExpectedCost | None = None
        self.show_cost(None)

    def show_cost(self, cost: ExpectedCost | None, times: int = 1) -> None:
        self.cost = scaled(cost, times)
        text = "unknown" if self.cost is None else self.cost.describe()
        self.setText(f"Expected: {text}")


def confirm_spend(parent: QWidget, queue: JobQueue, cost: ExpectedCost | None,
                  proceed: Callable[[], object]) -> QMessageBox | None:
    """Call ``proceed`` now, or (when ``cost`` is above the queue's threshold) after the user
    agrees in a window-modal question; returns that question while it is open."""
    threshold = getattr(queue, "confirm_above_usd", 0.0) or 0.0
    if threshold <= 0 or cost is None or cost.usd is None or cost.usd <= threshold:
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
