"""The ``pixel-studio`` command line: ``export``, ``generate`` and ``batch`` (no Qt).

Like Aseprite's batch mode, it lets build scripts and pipelines use the studio without a window.
It may import ``studio.api``, ``studio.core``, ``studio.offline`` and ``studio.backend``; never
PySide6, qasync or ``studio.ui`` (tests/test_layering.py checks it).
"""

from studio.cli.main import COMMANDS, main

__all__ = ["COMMANDS", "main"]
