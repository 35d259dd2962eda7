"""Test-only crash points: ``PIXEL_STUDIO_KILL_AT=<name>`` makes the process kill itself
(SIGKILL, as abrupt as a power cut) when it reaches the named point, so the crash-safety tests
can stop the real app at an exact moment. Without the variable every point does nothing.

Points: ``job-stored`` (a job's results are stored, its journal row does not say done yet),
``recovery-restored`` (recovered documents are open again, nothing else happened yet).
"""

from __future__ import annotations

import os
import signal

ENV = "PIXEL_STUDIO_KILL_AT"


def fault_point(name: str) -> None:
    """Die here if the environment names this point; otherwise return at once."""
    if os.environ.get(ENV) != name:
        return
    kill = getattr(signal, "SIGKILL", None)
    if kill is None:  # Windows
        os._exit(137)
    os.kill(os.getpid(), kill)
