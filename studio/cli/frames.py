"""The frames an export writes: all of them, or those of one frame tag (rebased to 0)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.cli.exit_codes import CommandError
from studio.core.document.document import Document
from studio.core.exporters.aseprite_json import FrameTag


@dataclass
class Selection:
    frames: list[np.ndarray]
    durations: list[int]
    tags: list[FrameTag] = field(default_factory=list)


def frame_tags_of(doc: Document) -> list[FrameTag]:
    """The document's frame tags (``Document.tags``, saved in ``.pxstudio``) as the exporters
    take them; image files have none."""
    return list(doc.tags)


def select_frames(doc: Document, tag_name: str | None = None) -> Selection:
    """Composited frames, durations and tags; with ``tag_name`` only that tag's frames."""
    frames = [doc.composite(i) for i in range(len(doc.frames))]
    durations = [int(f.duration_ms) for f in doc.frames]
    tags = frame_tags_of(doc)
    if tag_name is None:
        return Selection(frames, durations, tags)
    tag = next((t for t in tags if t.name == tag_name), None)
    if tag is None:
        known = ", ".join(t.name for t in tags) or "none"
        raise CommandError(f"this file has no tag named {tag_name!r} (its tags: {known})")
    span = slice(tag.start, tag.end + 1)
    rebased = FrameTag(tag.name, 0, tag.end - tag.start, tag.direction, tag.repeat)
    return Selection(frames[span], durations[span], [rebased])
