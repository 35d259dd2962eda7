"""Open any file the studio understands, chosen by its suffix (then by its content)."""

from __future__ import annotations

from pathlib import Path

from studio.core.document.document import Document
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.image_files import open_image_file
from studio.core.fileio.project import PROJECT_SUFFIX, load_project

OPENABLE_SUFFIXES = (PROJECT_SUFFIX, ".png", ".apng", ".gif", ".webp")


def open_document(path: Path | str) -> Document:
    """A project or an image file as a Document; FileFormatError explains any refusal."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == PROJECT_SUFFIX:
        return load_project(p)
    if suffix in OPENABLE_SUFFIXES:
        return open_image_file(p)
    raise FileFormatError(
        f"unsupported file type {suffix or '(none)'}; open {', '.join(OPENABLE_SUFFIXES)}", p
    )
