"""``python -m studio.offline.gallery OUT_DIR``: one PNG per offline tool, to look at all at once.

Every picture comes from a real request to the offline engine on loopback (the same path the
studio takes), so the gallery shows exactly what a new user without a token would see. It writes
``OUT_DIR/<tool>.png`` per tool and ``OUT_DIR/gallery.png`` with every row stacked.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
from PIL import Image

from studio.offline.gallery_client import EngineClient
from studio.offline.gallery_scenes import SCENES
from studio.offline.gallery_sheet import stack
from studio.offline.server import OfflineServer


def small_png(image: Image.Image, path: Path) -> None:
    """Save with a 256-colour palette: the sheets are flat pixel art and text, so nothing is
    lost and the files stay small enough to keep in the repository."""
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


def write_gallery(out_dir: Path, only: list[str] | None = None,
                  progress: Callable[[str], None] = print) -> list[Path]:
    """Render every scene (or the ``only`` ones) into ``out_dir``; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    with OfflineServer(job_seconds=0) as url, httpx.Client(
        base_url=url, headers={"Authorization": "Bearer gallery"}, timeout=60
    ) as http:
        engine = EngineClient(http)
        for name, scene in SCENES.items():
            if only and name not in only:
                continue
            row = scene(engine)
            path = out_dir / f"{name}.png"
            small_png(row, path)
            rows.append(row)
            written.append(path)
            progress(f"wrote {path}")
    if rows:
        path = out_dir / "gallery.png"
        small_png(stack(rows), path)
        written.append(path)
        progress(f"wrote {path}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.offline.gallery",
                                     description="Write one PNG per offline engine tool.")
    parser.add_argument("out_dir", type=Path, help="folder for the PNGs (created if missing)")
    parser.add_argument("--only", nargs="*", choices=sorted(SCENES), help="just these tools")
    args = parser.parse_args(argv)
    write_gallery(args.out_dir, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
