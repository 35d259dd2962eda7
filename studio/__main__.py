"""`python -m studio` and the `pixel-studio` launcher."""

from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pixel-studio", description="Pixel Studio")
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
    args = parse_args(argv)
    from studio.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
