"""Sprite-sheet PNG + Aseprite-compatible JSON (editors.md 3(a)).

Frames are keyed ``"0"``, ``"1"``, ... (what Phaser's ``createFromAseprite`` looks up) in a hash,
or written as an array of items with a ``filename``. Every frame carries its ``duration``; tags
go to ``meta.frameTags`` with 0-based inclusive ``from``/``to`` and the exact direction strings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from studio.core.document.tags import DIRECTIONS, FrameTag
from studio.core.exporters.sheet import ExportError, pack_grid, write_png, write_text

__all__ = ["DIRECTIONS", "FrameTag", "build_aseprite_json", "export_aseprite_sheet"]
APP_NAME = "Pixel Studio"
APP_VERSION = "0.1.0"


def _check(durations: Sequence[int], tags: Sequence[FrameTag], count: int) -> None:
    if len(durations) != count:
        raise ExportError(f"{count} frames but {len(durations)} durations")
    for i, d in enumerate(durations):
        if not isinstance(d, int | np.integer) or d <= 0:
            raise ExportError(f"frame {i} duration must be a positive number of ms, got {d!r}")
    for tag in tags:
        if not tag.name:
            raise ExportError("a frame tag needs a name")
        if not 0 <= tag.start <= tag.end < count:
            raise ExportError(
                f"tag {tag.name!r} covers frames {tag.start}..{tag.end}, outside 0..{count - 1}"
            )
        if tag.direction not in DIRECTIONS:
            raise ExportError(
                f"tag {tag.name!r} direction must be one of {', '.join(DIRECTIONS)}"
            )
        if tag.repeat < 0:
            raise ExportError(f"tag {tag.name!r} repeat must be >= 0")


def build_aseprite_json(
    rects: Sequence[tuple[int, int, int, int]],
    durations: Sequence[int],
    image_name: str,
    sheet_size: tuple[int, int],
    tags: Sequence[FrameTag] = (),
    array: bool = False,
) -> dict:
    """The JSON document for frames already placed at ``rects`` in a sheet of ``sheet_size``."""
    _check(durations, tags, len(rects))
    items = []
    for i, ((x, y, w, h), duration) in enumerate(zip(rects, durations, strict=True)):
        items.append((str(i), {
            "frame": {"x": x, "y": y, "w": w, "h": h},
            "rotated": False,
            "trimmed": False,
            "spriteSourceSize": {"x": 0, "y": 0, "w": w, "h": h},
            "sourceSize": {"w": w, "h": h},
            "duration": int(duration),
        }))
    frames: dict | list = (
        [{"filename": name, **item} for name, item in items] if array else dict(items)
    )
    frame_tags = []
    for tag in tags:
        entry = {"name": tag.name, "from": tag.start, "to": tag.end, "direction": tag.direction}
        if tag.repeat > 0:
            entry["repeat"] = str(tag.repeat)
        frame_tags.append(entry)
    return {
        "frames": frames,
        "meta": {
            "app": APP_NAME,
            "version": APP_VERSION,
            "image": image_name,
            "format": "RGBA8888",
            "size": {"w": sheet_size[0], "h": sheet_size[1]},
            "scale": "1",
            "frameTags": frame_tags,
        },
    }


def export_aseprite_sheet(
    frames: Sequence[np.ndarray],
    durations: Sequence[int],
    png_path: Path | str,
    json_path: Path | str | None = None,
    tags: Sequence[FrameTag] = (),
    columns: int | None = None,
    array: bool = False,
) -> dict:
    """Write the sheet PNG and its JSON (default: next to the PNG with a .json suffix).

    Everything is validated before any file is written. Returns the JSON document.
    """
    png_path = Path(png_path)
    sheet, rects = pack_grid(frames, columns)
    doc = build_aseprite_json(rects, durations, png_path.name,
                              (sheet.shape[1], sheet.shape[0]), tags, array)
    write_png(png_path, sheet)
    write_text(Path(json_path) if json_path else png_path.with_suffix(".json"),
               json.dumps(doc, indent=1))
    return doc
