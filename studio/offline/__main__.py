"""``python -m studio.offline``: serve the offline engine on loopback until interrupted."""

from __future__ import annotations

import argparse
import sys
import threading

from .server import OfflineServer


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
    args = parser.parse_args(argv)
    if args.latency < 0 or args.job_seconds < 0:
        parser.error("--latency and --job-seconds must not be negative")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    server = OfflineServer(args.host, args.port, args.latency, args.job_seconds)
    try:
        url = server.start()
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    print(f"PixelLab offline engine at {url} (v1 at {server.root_url}/v1)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
