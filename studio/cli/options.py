"""Options shared by the commands that send requests (``generate`` and ``batch``)."""

from __future__ import annotations

import argparse


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true",
                        help="use the offline engine even when an API token is set")
    parser.add_argument("--library", metavar="DIR",
                        help="results library folder (default: the studio's own library)")


def add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resend-unknown", action="store_true",
                        help="send again the requests whose outcome is unknown (pays again)")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress output, only the summary")
