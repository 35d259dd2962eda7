"""Packing equally sized RGBA images into a grid sheet, and writing export files atomically
(into their folder, created when missing)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from studio.core.fileio.atomic import atomic_write_bytes


class ExportError(ValueError):
    """The data cannot be exported as asked (empty, mixed sizes, bad options)."""


def check_frames(images: Sequence[np.ndarray], what: str = "frame") -> tuple[int, int]:
    """(width, height) shared by all images; raises ExportError otherwise."""
    if not images:
        raise ExportError(f"nothing to export: no {what}s")
    sizes = set()
    for i, img in enumerate(images):
        if not isinstance(img, np.ndarray) or img.ndim != 3 or img.shape[2] != 4 or (
                img.dtype != np.uint8):
            raise ExportError(f"{what} {i} is not an RGBA uint8 (H, W, 4) array")
        sizes.add((img.shape[1], img.shape[0]))
    if len(sizes) != 1:
        raise ExportError(f"all {what}s must have the same size, got {sorted(sizes)}")
    return sizes.pop()


def pack_grid(
    images: Sequence[np.ndarray], columns: int | None = None, what: str = "frame"
) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """Images left to right, top to bottom; returns the sheet and each image's (x, y, w, h).

    ``columns`` defaults to a near-square grid.
    """
    w, h = check_frames(images, what)
    n = len(images)
    cols = columns or max(1, math.ceil(math.sqrt(n)))
    if cols < 1:
        raise ExportError(f"columns must be >= 1, got {cols}")
    cols = min(cols, n)
    rows = math.ceil(n / cols)
    sheet = np.zeros((rows * h, cols * w, 4), dtype=np.uint8)
    rects = []
    for i, img in enumerate(images):
        x, y = (i % cols) * w, (i // cols) * h
        sheet[y : y + h, x : x + w] = img
        rects.append((x, y, w, h))
    return sheet, rects


def png_bytes(rgba: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(out, "PNG")
    return out.getvalue()


def ensure_folder(folder: Path | str) -> Path:
    """Create an export folder that does not exist yet; ExportError if it cannot be made."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise ExportError(f"{folder} is a file, not a folder; choose a folder to export into")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ExportError(f"the folder {folder} could not be created ({reason})") from exc
    return folder


def write_export(path: Path | str, data: bytes) -> None:
    """Write one export file atomically, creating its folder first when it is missing."""
    path = Path(path)
    ensure_folder(path.parent if str(path.parent) else Path("."))
    atomic_write_bytes(path, data)


def write_text(path: Path, text: str) -> None:
    write_export(path, text.encode("utf-8"))


def write_png(path: Path, rgba: np.ndarray) -> None:
    write_export(path, png_bytes(rgba))
