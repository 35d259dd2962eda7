"""Progress on the terminal: a rich progress bar on a terminal, one plain line per event when
the output is piped (scripts and CI logs read those)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from studio.cli.recipe import BatchItem

FINISHING = ("reused", "done", "failed", "unknown")
WORDS = {"reused": "already done", "resumed": "resumed (no new request)", "queued": "queued",
         "sent": "sent, waiting", "done": "done", "failed": "failed",
         "unknown": "outcome unknown (not sent again)"}


class LineReporter:
    """``[3/20] done: potion`` lines; ``queued`` is not printed (every item is queued)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.count = total, 0
        self.stream = stream or sys.stdout

    def __call__(self, kind: str, item: BatchItem, job: Any = None) -> None:
        if kind in FINISHING:
            self.count += 1
        if kind == "queued":
            return
        detail = f" ({job.error})" if kind == "failed" and getattr(job, "error", None) else ""
        print(f"[{self.count}/{self.total}] {WORDS[kind]}: {item.name}{detail}",
              file=self.stream, flush=True)

    def close(self) -> None:
        return None


class RichReporter:
    """A progress bar on stderr; failures are printed above it."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[note]}"),
                                 console=self.console, transient=False)
        self.task = self.progress.add_task("Generating", total=total, note="")
        self.progress.start()

    def __call__(self, kind: str, item: BatchItem, job: Any = None) -> None:
        if kind in FINISHING:
            self.progress.advance(self.task)
        if kind in ("failed", "unknown"):
            error = getattr(job, "error", None) or ""
            self.console.print(f"{item.name}: {WORDS[kind]} {error}".rstrip())
        self.progress.update(self.task, note=f"{WORDS[kind]}: {item.name}")

    def close(self) -> None:
        self.progress.stop()


def make_reporter(total: int, quiet: bool = False) -> LineReporter | RichReporter | None:
    if quiet:
        return None
    if sys.stderr.isatty():
        return RichReporter(total)
    return LineReporter(total)
