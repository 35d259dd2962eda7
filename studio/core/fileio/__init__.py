"""Reading and writing files: images, sprite sheets, clipboard data and ``.pxstudio`` projects."""

from studio.core.fileio.atomic import atomic_write_bytes, atomic_writer
from studio.core.fileio.clipboard import document_from_clipboard, image_from_clipboard
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.image_files import (
    open_image_bytes,
    open_image_file,
    save_png,
    save_png_frames,
)
from studio.core.fileio.opening import OPENABLE_SUFFIXES, open_document
from studio.core.fileio.project import (
    PROJECT_SUFFIX,
    load_project,
    load_project_bytes,
    project_bytes,
    save_project,
    snapshot,
    write_project,
)
from studio.core.fileio.sheet import document_from_sheet, slice_sheet

__all__ = [
    "OPENABLE_SUFFIXES",
    "open_document",
    "PROJECT_SUFFIX",
    "FileFormatError",
    "atomic_write_bytes",
    "atomic_writer",
    "document_from_clipboard",
    "document_from_sheet",
    "image_from_clipboard",
    "load_project",
    "load_project_bytes",
    "open_image_bytes",
    "open_image_file",
    "project_bytes",
    "save_png",
    "save_png_frames",
    "save_project",
    "slice_sheet",
    "snapshot",
    "write_project",
]
