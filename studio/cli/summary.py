"""What a batch or generate run prints when it ends: counts, problems, files, cost."""

from __future__ import annotations

import os

from studio.cli.cost import Cost
from studio.cli.runner import BatchOutcome


def print_summary(outcome: BatchOutcome, total: tuple[Cost, int], this_run: Cost, *,
                  resumable: bool) -> None:
    cost, requests = total
    for item, reason in outcome.failed:
        print(f"failed: {item.name}: {reason}")
    print(f"Finished {len(outcome.done)} of {outcome.total} "
          f"({outcome.sent} sent in this run, {outcome.resumed} resumed, "
          f"{outcome.reused} already done).")
    folders = sorted({os.path.dirname(str(p)) or "." for p in outcome.written})
    if folders:
        print(f"Images written to {', '.join(folders)}.")
    if outcome.unknown:
        print(f"{len(outcome.unknown)} request(s) may have been billed but gave no answer; they "
              "are not sent again. Look them up in the studio's Jobs panel, or rerun with "
              "--resend-unknown to pay for them again.")
    if outcome.interrupted:
        hint = ("Run the same command again to resume; requests already sent are not sent "
                "again." if resumable else
                "Jobs already sent finish in the studio's Jobs panel (they are journalled).")
        print(f"Interrupted. {hint}")
    print(f"Total cost: {cost.describe()} for {requests} request(s) "
          f"(this run: {this_run.describe()}).")
