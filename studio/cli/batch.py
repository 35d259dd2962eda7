"""``pixel-studio batch recipe.toml``: many requests, resumable, with progress and cost."""

from __future__ import annotations

import argparse
import asyncio

from studio.cli.exit_codes import EXIT_CODES_HELP, FAILURE, OK, PARTIAL
from studio.cli.options import add_backend_options, add_run_options
from studio.cli.recipe import BatchItem, load_recipe

RECIPE_HELP = """recipe format (TOML):
  out = "sprites"          # output folder, relative to the recipe (default "out")
  tool = "pixflux"         # defaults for every request; each [[request]] may override
  size = "64x64"
  variants = 1
  [set]                    # request fields for every request (JSON values; "@file.png" = image)
  outline = "single color black outline"
  [[request]]
  name = "potion"          # file name stem (default: from the description)
  description = "a red potion"
  set = { seed = 7 }

Every request is journalled in the studio's library before it is sent; run the same recipe
again after Ctrl+C or a crash and it resumes: finished images are written again from the
library, jobs that were waiting are picked up, nothing already sent is sent again.

"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "batch", help="run every request of a TOML recipe (resumable)",
        description="Send every request of RECIPE through the studio's job queue (at most the "
                    "service's concurrency at once), store the images in the library and "
                    "write them to the recipe's output folder.",
        epilog=RECIPE_HELP + EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("recipe", metavar="RECIPE", help="the recipe file (.toml)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the requests and their expected cost; send nothing")
    add_run_options(p)
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    recipe = load_recipe(args.recipe)
    if args.dry_run:
        from studio.cli.dry_run import print_dry_run

        return print_dry_run(recipe.items, recipe.prefix, args)
    return run_items(recipe.items, recipe.prefix, args, resumable=True)


def run_items(items: list[BatchItem], prefix: str, args: argparse.Namespace, *,
              resumable: bool) -> int:
    outcome, total, this_run = asyncio.run(_run(items, prefix, args))
    from studio.cli.summary import print_summary

    print_summary(outcome, total, this_run, resumable=resumable)
    if outcome.complete:
        return OK
    if outcome.interrupted or outcome.done or outcome.unknown:
        return PARTIAL
    return FAILURE


async def _run(items: list[BatchItem], prefix: str, args: argparse.Namespace):
    from studio.cli.cost import Cost, spent
    from studio.cli.progress import make_reporter
    from studio.cli.runner import BatchRunner
    from studio.cli.service import open_cli_backend

    backend = await open_cli_backend(args)
    reporter = make_reporter(len(items), args.quiet)
    try:
        runner = BatchRunner(backend.queue, items, prefix, on_event=reporter,
                             resend_unknown=args.resend_unknown)
        with runner.stop_on_signals():
            outcome = await runner.run()
        total = spent(backend.library, prefix)
        this_run = Cost(backend.queue.spent_usd, backend.queue.spent_generations)
    finally:
        if reporter is not None:
            reporter.close()
        await backend.aclose()
    return outcome, total, this_run
