"""Export a document the way File → Export… does: one frame as PNG, every frame as PNGs, a
sprite sheet with Aseprite JSON (hash or array) and, for a posed sprite, its rig data (joints
per frame), GIF or APNG; at a whole-number scale; for the whole document or one frame tag. The
settings are a plain value the studio remembers per document (``ExportSettings.to_dict``) so
"export again" repeats them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.document.document import Document
from studio.core.document.tags import FrameTag, find_tag
from studio.core.exporters.animation import save_apng, save_gif, scale_nearest
from studio.core.exporters.aseprite_json import build_aseprite_json
from studio.core.exporters.gif import gif_colour_note
from studio.core.exporters.rig import export_rig
from studio.core.exporters.sheet import ExportError, pack_grid, write_png, write_text

KINDS = ("png_frame", "png_frames", "sheet", "gif", "apng")
KIND_LABELS = {"png_frame": "PNG (current frame)", "png_frames": "PNG per frame",
               "sheet": "Sprite sheet + JSON", "gif": "Animated GIF", "apng": "Animated PNG"}
SUFFIXES = {"png_frame": ".png", "png_frames": ".png", "sheet": ".png", "gif": ".gif",
            "apng": ".png"}
MAX_SCALE = 64


@dataclass(frozen=True)
class ExportSettings:
    kind: str = "sheet"
    path: str = ""
    scale: int = 1
    tag: str | None = None  # None: the whole document
    json_array: bool = False  # sheet JSON as an array instead of a hash
    columns: int | None = None
    rig: bool = True  # a sheet of a posed document gets its .rig.json (joints per frame)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> ExportSettings | None:
        """Settings from stored JSON; None when they are missing or unusable."""
        if not isinstance(data, dict):
            return None
        try:
            settings = cls(**{k: data[k] for k in asdict(cls()) if k in data})
            check_settings(settings)
        except (TypeError, ExportError):
            return None
        return settings


@dataclass
class ExportFrames:
    """The composited frames to write, their durations and the tags (rebased to them)."""

    frames: list[np.ndarray]
    durations: list[int]
    tags: list[FrameTag] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)  # the document frame of each


def check_settings(s: ExportSettings) -> None:
    if s.kind not in KINDS:
        raise ExportError(f"unknown export kind {s.kind!r}; choose one of {', '.join(KINDS)}")
    if not isinstance(s.scale, int) or not 1 <= s.scale <= MAX_SCALE:
        raise ExportError(f"The scale must be a whole number from 1 to {MAX_SCALE}.")
    if not s.path:
        raise ExportError("Choose where to save the export.")
    if s.columns is not None and s.columns < 1:
        raise ExportError("A sprite sheet needs at least one column.")


def frames_for_export(doc: Document, tag_name: str | None = None) -> ExportFrames:
    """Every frame (with all tags), or only those of ``tag_name`` (that tag, rebased to 0)."""
    tags = list(doc.tags)
    if tag_name is None:
        return ExportFrames([doc.composite(i) for i in range(len(doc.frames))],
                            [int(f.duration_ms) for f in doc.frames], tags,
                            list(range(len(doc.frames))))
    tag = find_tag(tags, tag_name)
    if tag is None:
        known = ", ".join(t.name for t in tags) or "none"
        raise ExportError(f"This sprite has no tag named {tag_name!r} (its tags: {known}).")
    span = range(tag.start, tag.end + 1)
    return ExportFrames([doc.composite(i) for i in span],
                        [int(doc.frames[i].duration_ms) for i in span],
                        [replace(tag, start=0, end=tag.end - tag.start)], list(span))


def export_document(doc: Document, settings: ExportSettings,
                    current_frame: int | None = None) -> list[Path]:
    """Write the export; returns the files written. ExportError (a sentence) for bad settings;
    nothing is written before everything is checked."""
    check_settings(settings)
    path = Path(settings.path)
    if settings.kind == "png_frame":
        index = doc.current_frame if current_frame is None else current_frame
        write_png(path, scale_nearest(doc.composite(index), settings.scale))
        return [path]
    chosen = frames_for_export(doc, settings.tag)
    if settings.kind == "gif":
        save_gif(path, chosen.frames, chosen.durations, settings.scale)
        return [path]
    if settings.kind == "apng":
        save_apng(path, chosen.frames, chosen.durations, settings.scale)
        return [path]
    frames = [scale_nearest(f, settings.scale) for f in chosen.frames]
    if settings.kind == "png_frames":
        paths = [path.with_name(f"{path.stem}_{i}{path.suffix or '.png'}")
                 for i in range(len(frames))]
        for p, frame in zip(paths, frames, strict=True):
            write_png(p, frame)
        return paths
    sheet, rects = pack_grid(frames, settings.columns)
    data = build_aseprite_json(rects, chosen.durations, path.name,
                               (sheet.shape[1], sheet.shape[0]), chosen.tags,
                               array=settings.json_array)
    data["meta"]["scale"] = str(settings.scale)
    json_path = path.with_suffix(".json")
    write_png(path, sheet)
    write_text(json_path, json.dumps(data, indent=1))
    written = [path, json_path]
    if settings.rig and has_poses(doc):
        written.append(export_rig(doc, path.with_suffix(".rig.json"), path.name,
                                  chosen.indices, settings.scale))
    return written


def has_poses(doc: Document) -> bool:
    """Whether any frame has a skeleton pose (then a sheet can carry rig data)."""
    return any(frame.pose is not None for frame in doc.frames)


def export_note(doc: Document, settings: ExportSettings) -> str | None:
    """A sentence about what the format could not keep (a GIF's colours), or None."""
    if settings.kind != "gif":
        return None
    return gif_colour_note(frames_for_export(doc, settings.tag).frames)
