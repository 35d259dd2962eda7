"""Expected and actual cost of a batch.

:func:`expected_costs` is the one place that predicts prices: the API layer's documented price
rules (:func:`studio.api.pricing.expected_cost`); the offline engine is free.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from studio.api.pricing import expected_cost
from studio.cli.recipe import BatchItem
from studio.cli.runner import batch_entries, was_sent
from studio.core.jobs.library import ResultsLibrary


@dataclass(frozen=True)
class Cost:
    usd: float = 0.0
    generations: float = 0.0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.usd + other.usd, self.generations + other.generations)

    def describe(self) -> str:
        text = f"${self.usd:.4f}"
        return text + (f" + {self.generations:g} generations" if self.generations else "")


def expected_costs(items: Iterable[BatchItem], *, offline: bool) -> dict[str, Cost | None]:
    """Expected cost per item key (None: the price rules do not cover that request)."""
    costs: dict[str, Cost | None] = {}
    for item in items:
        expected = None if offline else expected_cost(item.request, item.tool)
        if offline:
            costs[item.key] = Cost()
        elif expected is None or (expected.usd is None and expected.generations is None):
            costs[item.key] = None
        else:
            costs[item.key] = Cost(expected.usd or 0.0, expected.generations or 0.0)
    return costs


def spent(library: ResultsLibrary, prefix: str) -> tuple[Cost, int]:
    """What the batch's requests cost so far (all runs), and how many were sent."""
    entries = [e for e in batch_entries(library, prefix) if was_sent(e.state, e.error)]
    total = sum((Cost(e.cost_usd or 0.0, e.cost_generations or 0.0) for e in entries), Cost())
    return total, len(entries)
