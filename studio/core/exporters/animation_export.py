"""Export a document's frames as an animation: sprite sheet PNG + Aseprite JSON, GIF or APNG.

Every format takes an integer scale (nearest neighbour). The sheet's JSON names frames "0",
"1", ... (Phaser's ``createFromAseprite`` looks them up that way), carries each frame's
duration and one frame tag spanning the animation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.core.document.document import Document
from studio.core.exporters.animation import save_apng, save_gif, scale_nearest
from studio.core.exporters.aseprite_json import FrameTag, export_aseprite_sheet
from studio.core.exporters.gif import gif_colour_note
from studio.core.exporters.sheet import ExportError

KINDS = ("sheet", "gif", "apng")
SUFFIXES = {"sheet": ".png", "gif": ".gif", "apng": ".png"}


@dataclass(frozen=True)
class AnimationExport:
    kind: str = "sheet"
    scale: int = 1
    tag: str = "animation"
    direction: str = "forward"
    columns: int | None = None


def export_animation(doc: Document, path: Path | str, options: AnimationExport) -> list[Path]:
    """Write the export; returns the files written. Raises ExportError for bad options."""
    if options.kind not in KINDS:
        raise ExportError(f"unknown export kind {options.kind!r}; choose one of {KINDS}")
    if not isinstance(options.scale, int) or not 1 <= options.scale <= 64:
        raise ExportError(f"scale must be a whole number from 1 to 64, got {options.scale!r}")
    path = Path(path)
    frames = [doc.composite(i) for i in range(len(doc.frames))]
    durations = [f.duration_ms for f in doc.frames]
    if options.kind == "gif":
        save_gif(path, frames, durations, options.scale)
        return [path]
    if options.kind == "apng":
        save_apng(path, frames, durations, options.scale)
        return [path]
    if not options.tag.strip():
        raise ExportError("the animation needs a tag name (e.g. walk)")
    scaled = [scale_nearest(f, options.scale) for f in frames]
    tag = FrameTag(options.tag.strip(), 0, len(frames) - 1, options.direction)
    json_path = path.with_suffix(".json")
    export_aseprite_sheet(scaled, durations, path, json_path, [tag], options.columns)
    return [path, json_path]


def export_note(doc: Document, options: AnimationExport) -> str | None:
    """A sentence about what the format could not keep (GIF colours), or None."""
    if options.kind != "gif":
        return None
    return gif_colour_note([doc.composite(i) for i in range(len(doc.frames))])
