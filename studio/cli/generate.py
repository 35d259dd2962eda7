"""``pixel-studio generate TOOL --description ... --size 64x64``: one request (and variants)."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from studio.cli.exit_codes import EXIT_CODES_HELP, UsageError
from studio.cli.options import add_backend_options, add_run_options
from studio.cli.recipe import MAX_VARIANTS, expand, slug
from studio.cli.tools import build_request, parse_assignments, parse_size, resolve_tool


def add_parser(commands: argparse._SubParsersAction) -> None:
    from studio.cli.tools import tool_names

    p = commands.add_parser(
        "generate", help="send one generation request and save the images",
        description="Send one request (one per variant) through the studio's job queue, store "
                    "the images in the library and save them as PNG. Tools: "
                    + ", ".join(tool_names()) + ".",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("tool", metavar="TOOL", help="e.g. pixflux, bitforge, isometric-tile")
    p.add_argument("--description", help="what to draw")
    p.add_argument("--size", help="WIDTHxHEIGHT, e.g. 64x64")
    p.add_argument("--variants", type=int, default=1, metavar="N",
                   help=f"N images with different seeds (1..{MAX_VARIANTS})")
    p.add_argument("--out", default=".", metavar="DIR", help="folder for the PNGs (default: .)")
    p.add_argument("--name", help="file name stem (default: from the description)")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="any other request field (JSON value, or @file.png for an image)")
    add_run_options(p)
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.variants <= MAX_VARIANTS:
        raise UsageError(f"--variants must be a whole number from 1 to {MAX_VARIANTS}")
    tool = resolve_tool(args.tool)
    size = parse_size(args.size) if args.size else None
    request = build_request(tool, args.description, size, parse_assignments(args.set))
    name = args.name or slug(args.description or args.tool)
    prefix = f"generate:{uuid.uuid4().hex[:16]}:"  # one run; its jobs stay in the Jobs panel
    items = expand(tool, request, f"{prefix}0", Path(args.out), name, args.variants)
    from studio.cli.batch import run_items

    return run_items(items, prefix, args, resumable=False)
