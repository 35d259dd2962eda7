"""Import a character ZIP into a project folder (Qt-free).

Extraction goes through :func:`studio.core.fileio.safezip.safe_extract`, which rejects absolute
paths, ``..``, symlinks, duplicate names, too many entries or bytes and extreme compression
before anything is written. The extracted PNGs are then decoded with the size-capped PNG reader.
Layout seen from the service: ``<name>/rotations/<dir>.png``,
``<name>/animations/<label>/<dir>/frame_NNN.png`` and ``metadata.json``."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.api.errors import ImageDecodeError
from studio.api.images import safe_open_png
from studio.core.characters.service import CharacterFlowError

MAX_ZIP_FILE_BYTES = 256 * 1024 * 1024
_FRAME_NUMBER = re.compile(r"(\d+)")


class CharacterImportError(CharacterFlowError):
    """The ZIP was rejected or unreadable; the message says why. Nothing is left behind."""


@dataclass
class ImportedCharacter:
    folder: Path
    rotations: dict[str, np.ndarray] = field(default_factory=dict)
    animations: dict[str, dict[str, list[np.ndarray]]] = field(default_factory=dict)

    def summary(self) -> str:
        frames = sum(len(f) for a in self.animations.values() for f in a.values())
        return (f"{len(self.rotations)} rotation(s) and {len(self.animations)} animation(s) "
                f"({frames} frames) into {self.folder}")


def safe_name(text: str) -> str:
    """A file name made of letters, digits, ``.``, ``_`` and ``-`` only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")[:64] or "character"


def unique_folder(parent: Path, stem: str) -> Path:
    """``parent/stem``, or ``stem-2``, ``stem-3``… when taken (never merge two imports)."""
    safe = safe_name(stem)
    candidate = parent / safe
    counter = 2
    while candidate.exists():
        candidate = parent / f"{safe}-{counter}"
        counter += 1
    return candidate


def read_zip_file(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_ZIP_FILE_BYTES:
        raise CharacterImportError(
            f"{path.name} is {size // (1024 * 1024)} MB; character ZIPs over "
            f"{MAX_ZIP_FILE_BYTES // (1024 * 1024)} MB are refused.")
    return path.read_bytes()


def import_character_zip(data: bytes, target: Path,
                         check: Callable[[], None] | None = None) -> ImportedCharacter:
    """Safely extract ``data`` into the new folder ``target`` and decode its images.

    On any rejection the partly created ``target`` is removed and
    :class:`CharacterImportError` explains the reason. ``check`` runs before each image is
    decoded; raising :class:`CharacterImportError` from it cancels the import the same way.
    """
    from studio.core.fileio import safezip
    if target.exists():
        raise CharacterImportError(f"{target} already exists; choose another folder.")
    try:
        safezip.safe_extract(data, target)
        return _read_tree(target, check or _no_check)
    except CharacterImportError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    except Exception as exc:  # the safe extractor's rejections and decode errors
        shutil.rmtree(target, ignore_errors=True)
        raise CharacterImportError(f"ZIP rejected: {exc}") from None


def _frame_key(path: Path) -> tuple[int, str]:
    found = _FRAME_NUMBER.findall(path.stem)
    return (int(found[-1]) if found else 0, path.name)


def _no_check() -> None:
    return None


def _read_tree(root: Path, check: Callable[[], None]) -> ImportedCharacter:
    result = ImportedCharacter(folder=root)
    for png in sorted(root.rglob("*.png")):
        if png.is_symlink():
            raise CharacterImportError(f"{png.name} is a symbolic link")
        parts = png.relative_to(root).parts
        if "rotations" in parts:
            check()
            result.rotations[png.stem] = _decode(png)
    for png in sorted(root.rglob("*.png"), key=_frame_key):
        parts = png.relative_to(root).parts
        if "animations" in parts:
            index = parts.index("animations")
            rest = parts[index + 1:]
            if len(rest) >= 3:
                label, direction = rest[0], rest[1]
                frames = result.animations.setdefault(label, {}).setdefault(direction, [])
                check()
                frames.append(_decode(png))
    if not result.rotations and not result.animations:
        raise CharacterImportError("the ZIP holds no character rotations or animations")
    return result


def _decode(png: Path) -> np.ndarray:
    try:
        return np.asarray(safe_open_png(png.read_bytes()), dtype=np.uint8).copy()
    except ImageDecodeError as exc:
        raise CharacterImportError(f"{png.name}: {exc}") from None
