"""`python -m studio` and the `pixel-studio` launcher: the studio window, or with a command
(`export`, `generate`, `batch`) the Qt-free command line in :mod:`studio.cli`."""

from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="pixel-studio", description="Pixel Studio: opens the studio window.",
        epilog="commands (see pixel-studio COMMAND --help): export, generate, batch")
    parser.add_argument("files", nargs="*", help="images or .pxstudio projects to open")
    parser.add_argument("--offline", action="store_true",
        help="use the offline engine even with a token",
    )
    parser.add_argument(
        "--quit-after", type=float, default=None, metavar="SECONDS",
        help="quit automatically (used to measure start-up time)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["offline-engine"]:  # the bundle's `python -m studio.offline` (offline/process)
        from studio.offline.__main__ import main as engine_main

        return engine_main(argv[1:])
    from studio.cli.main import COMMANDS

    if argv and argv[0] in COMMANDS:
        from studio.cli.main import main as cli_main

        return cli_main(argv)
    args = parse_args(argv)
    from studio.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
