"""Argument parsing and dispatch for ``pixel-studio export|generate|batch``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from studio.cli.exit_codes import (
    EXIT_CODES_HELP,
    FAILURE,
    PARTIAL,
    USAGE,
    CommandError,
    UsageError,
)

COMMANDS = ("export", "generate", "batch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pixel-studio",
        description="Pixel Studio. With no command it opens the studio window; the commands "
                    "below work without a window.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from studio.cli import batch, export, generate

    export.add_parser(commands)
    generate.add_parser(commands)
    batch.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (argparse exits with 2 on bad usage)."""
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("pixel-studio: interrupted.", file=sys.stderr)
        return PARTIAL
    except UsageError as exc:
        print(f"pixel-studio {args.command}: {exc}", file=sys.stderr)
        return USAGE
    except CommandError as exc:
        print(f"pixel-studio {args.command}: {exc}", file=sys.stderr)
        return FAILURE

