"""``python -m studio.offline``: serve the offline engine on loopback until interrupted.

The first line on stdout names the URL (``PixelLab offline engine at http://HOST:PORT/v2 ...``),
so a parent that asked for ``--port 0`` learns the free port the engine picked. Log records go
to stderr, one per line. With ``--stop-on-stdin-close`` the engine also stops when its stdin
reaches end of file: the studio keeps that pipe open, so the engine never outlives the studio.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path

from .server import OfflineServer

log = logging.getLogger("studio.offline")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m studio.offline",
        description="A local PixelLab-compatible server answering with procedural pixel art.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (0 picks a free one)")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="extra seconds before every answer (simulates the network)")
    parser.add_argument("--job-seconds", type=float, default=2.0,
                        help="how long background jobs stay 'processing'")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder the engine keeps its own state in (created if missing)")
    parser.add_argument("--stop-on-stdin-close", action="store_true",
                        help="stop when stdin reaches end of file (used by the studio)")
    parser.add_argument("--nice", type=int, default=0,
                        help="lower the engine's CPU priority by this much (the studio uses 5, "
                             "so its window keeps the CPU while the engine draws)")
    args = parser.parse_args(argv)
    if args.latency < 0 or args.job_seconds < 0:
        parser.error("--latency and --job-seconds must not be negative")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    if not 0 <= args.nice <= 19:
        parser.error("--nice must be between 0 and 19")
    return args


def _lower_priority(amount: int) -> None:
    """Yield the CPU to the studio's GUI process; where ``os.nice`` is missing (Windows) or
    refused, the engine runs at normal priority and says so in the log."""
    if not amount:
        return
    try:
        os.nice(amount)
    except (AttributeError, OSError) as exc:
        log.info("offline engine keeps its CPU priority (%s)", exc)


def _prepare_data_dir(folder: Path | None) -> str | None:
    """The data folder, created if missing; None (and a message) when it cannot be."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"cannot use data folder {folder}: {exc}", file=sys.stderr)
        return None
    return str(folder)


def _wait_for_stop(stop_on_stdin_close: bool) -> None:
    stop = threading.Event()
    if stop_on_stdin_close:
        def watch_stdin() -> None:
            for _line in sys.stdin:
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    stop.wait()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    _lower_priority(args.nice)
    data_dir = _prepare_data_dir(args.data_dir)
    if args.data_dir is not None and data_dir is None:
        return 2
    server = OfflineServer(args.host, args.port, args.latency, args.job_seconds, data_dir)
    try:
        url = server.start()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    print(f"PixelLab offline engine at {url} (v1 at {server.root_url}/v1)", flush=True)
    log.info("offline engine serving at %s (data folder: %s)", url, data_dir or "none")
    try:
        _wait_for_stop(args.stop_on_stdin_close)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    log.info("offline engine stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
