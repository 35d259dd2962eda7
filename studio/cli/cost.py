"""Expected and actual cost of a batch.

:func:`expected_costs` is the one place that predicts prices. Until the API layer has a price
list, it uses what the library knows: the mean cost of each tool's finished requests (unknown
when a tool was never used); the offline engine is free.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from studio.cli.recipe import BatchItem
from studio.cli.runner import batch_entries, was_sent
from studio.core.jobs.library import ResultsLibrary, tool_of


@dataclass(frozen=True)
class Cost:
    usd: float = 0.0
    generations: float = 0.0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.usd + other.usd, self.generations + other.generations)

    def describe(self) -> str:
        text = f"${self.usd:.4f}"
        return text + (f" + {self.generations:g} generations" if self.generations else "")


def expected_costs(items: Iterable[BatchItem], library: ResultsLibrary, *, offline: bool
                   ) -> dict[str, Cost | None]:
    """Expected cost per item key (None: no estimate for that tool yet)."""
    items = list(items)
    if offline:
        return {item.key: Cost() for item in items}
    means = _mean_costs(library)
    return {item.key: means.get(tool_of(item.tool)) for item in items}


def _mean_costs(library: ResultsLibrary) -> dict[str, Cost]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for entry in library.journal_entries(("done",)):
        if entry.cost_usd or entry.cost_generations:
            acc = sums[entry.tool]
            acc[0] += entry.cost_usd
            acc[1] += entry.cost_generations
            acc[2] += 1
    return {tool: Cost(usd / n, gens / n) for tool, (usd, gens, n) in sums.items()}


def spent(library: ResultsLibrary, prefix: str) -> tuple[Cost, int]:
    """What the batch's requests cost so far (all runs), and how many were sent."""
    entries = [e for e in batch_entries(library, prefix) if was_sent(e.state, e.error)]
    total = sum((Cost(e.cost_usd or 0.0, e.cost_generations or 0.0) for e in entries), Cost())
    return total, len(entries)
