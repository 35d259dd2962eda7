"""``batch --dry-run``: the requests a run would send and what they are expected to cost."""

from __future__ import annotations

import argparse

from studio.cli.cost import Cost, expected_costs
from studio.cli.exit_codes import OK
from studio.cli.recipe import BatchItem
from studio.cli.runner import latest_entries
from studio.cli.service import library_path, will_be_offline
from studio.core.jobs.library import ResultsLibrary


def print_dry_run(items: list[BatchItem], prefix: str, args: argparse.Namespace) -> int:
    offline = will_be_offline(args)
    library = ResultsLibrary(library_path(args))
    try:
        done = {key for key, entry in latest_entries(library, prefix).items()
                if entry.state == "done"}
        todo = [item for item in items if item.key not in done]
        costs = expected_costs(todo, offline=offline)
    finally:
        library.close()
    for item in items:
        if item.key in done:
            note = "already done, not sent again"
        else:
            cost = costs[item.key]
            note = "cost unknown" if cost is None else cost.describe()
        print(f"{item.name}: {item.tool} -> {item.out_dir}: {note}")
    known = [c for c in costs.values() if c is not None]
    total = sum(known, Cost())
    unknown = len(costs) - len(known)
    backend = "the offline engine (free)" if offline else "PixelLab"
    extra = f"; {unknown} without a price estimate" if unknown else ""
    print(f"Expected cost: {total.describe()} for {len(todo)} request(s) to {backend}"
          f" ({len(done)} already done{extra}).")
    print("Dry run: nothing was sent.")
    return OK
