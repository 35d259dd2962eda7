"""The frames an export writes: all of them, or those of one frame tag (rebased to 0).

The rule lives in ``core.exporters.document_export.frames_for_export`` (File → Export… uses it
too); here its error becomes the CLI's ``CommandError``."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.cli.exit_codes import CommandError
from studio.core.document.document import Document
from studio.core.exporters.aseprite_json import FrameTag
from studio.core.exporters.document_export import frames_for_export


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
    if tag_name is not None and all(t.name != tag_name for t in doc.tags):
        known = ", ".join(t.name for t in doc.tags) or "none"
        raise CommandError(f"this file has no tag named {tag_name!r} (its tags: {known})")
    chosen = frames_for_export(doc, tag_name)
    return Selection(chosen.frames, chosen.durations, chosen.tags)
