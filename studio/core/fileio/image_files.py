"""Open PNG / APNG / GIF / WebP files as documents; save a frame as PNG."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from studio.core.document.document import Document
from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.fileio.errors import FileFormatError, out_of_memory
from studio.core.fileio.imaging import MAX_FILE_BYTES, ImageDecodeError, decode_frames, encode_png

IMAGE_SUFFIXES = (".png", ".apng", ".gif", ".webp")


def read_file_bytes(path: Path | str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file, refusing missing, empty, oversized and non-regular files clearly."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FileFormatError("the file does not exist", p) from None
    except OSError as exc:
        raise FileFormatError(f"cannot read the file ({exc.strerror})", p) from None
    if not p.is_file():
        raise FileFormatError("not a regular file", p)
    if st.st_size == 0:
        raise FileFormatError("the file is empty (0 bytes)", p)
    if st.st_size > max_bytes:
        raise FileFormatError(f"the file is too big ({st.st_size} bytes)", p)
    try:
        with open(p, "rb") as handle:
            data = handle.read(st.st_size + 1)  # never reserve the limit up front
    except OSError as exc:
        raise FileFormatError(f"cannot read the file ({exc.strerror})", p) from None
    except MemoryError:
        raise out_of_memory(p) from None
    if len(data) > max_bytes:
        raise FileFormatError(f"the file is too big (it grew past {max_bytes} bytes)", p)
    return data


def open_image_bytes(data: bytes, name: str = "Untitled") -> Document:
    """A document with one frame per image frame (durations kept)."""
    try:
        frames = decode_frames(data)
    except ImageDecodeError as exc:
        raise FileFormatError(str(exc)) from None
    try:
        return Document.from_frames(frames, name)
    except ValueError as exc:
        raise FileFormatError(str(exc)) from None


def open_image_file(path: Path | str) -> Document:
    """Open a PNG, APNG, GIF or WebP file; raises FileFormatError with the reason."""
    p = Path(path)
    data = read_file_bytes(p)
    try:
        doc = open_image_bytes(data, p.stem)
    except FileFormatError as exc:
        raise FileFormatError(exc.reason, p) from None
    except MemoryError:
        raise out_of_memory(p) from None
    doc.path = p
    return doc


def save_png(doc: Document, path: Path | str, frame_index: int | None = None) -> None:
    """Write the composite of one frame (default: the current one) as PNG, atomically."""
    index = doc.current_frame if frame_index is None else frame_index
    data = encode_png(doc.composite(index))
    atomic_write_bytes(path, data)


def save_png_frames(doc: Document, folder: Path | str, stem: str) -> list[Path]:
    """Every frame as ``<stem>_<n>.png`` in ``folder``."""
    out = []
    for i in range(len(doc.frames)):
        target = Path(folder) / f"{stem}_{i}.png"
        save_png(doc, target, i)
        out.append(target)
    return out


def is_image_path(path: Path | str) -> bool:
    return os.path.splitext(str(path))[1].lower() in IMAGE_SUFFIXES


def pixels_equal(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal RGBA where visible; colour under fully transparent pixels is ignored."""
    if a.shape != b.shape:
        return False
    visible = (a[..., 3] > 0) | (b[..., 3] > 0)
    return bool(np.array_equal(a[visible], b[visible]))
