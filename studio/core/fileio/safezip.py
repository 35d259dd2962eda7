"""Safe handling of ZIP files from the service or the user (character exports).

Every entry is checked *before* anything is written: absolute paths, drive letters, backslashes,
``..`` components, symlinks and other special files (Unix mode in ``external_attr``), duplicate
names (also ones that differ only in case), encrypted entries, too many entries, too many bytes in
total and extreme compression ratios. Extraction then streams each entry with a byte limit (the
declared sizes are not trusted) and removes what it wrote if anything fails.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np

from studio.core.fileio.errors import ZIP_LIBRARY_ERRORS, failure_reason
from studio.core.fileio.imaging import ImageDecodeError, decode_rgba

MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200.0
_CHUNK = 64 * 1024



class UnsafeZipError(ValueError):
    """The archive is malformed or would be unsafe to extract; the message names the entry."""


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = MAX_ENTRIES
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_ratio: float = MAX_RATIO


def _open(data: bytes | os.PathLike | str) -> zipfile.ZipFile:
    try:
        if isinstance(data, bytes | bytearray | memoryview):
            return zipfile.ZipFile(io.BytesIO(bytes(data)))
        return zipfile.ZipFile(Path(data))
    except ZIP_LIBRARY_ERRORS as exc:
        raise UnsafeZipError(f"not a readable ZIP file: {failure_reason(exc)}") from exc


def _check_name(name: str) -> PurePosixPath:
    if not name or "\x00" in name:
        raise UnsafeZipError(f"entry {name!r} has an empty or invalid name")
    if "\\" in name:
        raise UnsafeZipError(f"entry {name!r} contains a backslash")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafeZipError(f"entry {name!r} has an absolute path")
    path = PurePosixPath(name)
    if not path.parts or path.parts == (".",):
        raise UnsafeZipError(f"entry {name!r} has no file name")
    if any(part == ".." for part in path.parts):
        raise UnsafeZipError(f"entry {name!r} points outside the target with '..'")
    return path


def check_entries(zf: zipfile.ZipFile, limits: ZipLimits = ZipLimits()) -> list[zipfile.ZipInfo]:
    """Validate every entry of an open archive; returns the file entries (no directories)."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise UnsafeZipError(
            f"the archive has {len(infos)} entries, more than the limit of {limits.max_entries}"
        )
    seen: dict[str, str] = {}
    total = 0
    files = []
    for info in infos:
        name = info.filename
        path = _check_name(name)
        mode = (info.external_attr >> 16) & 0xFFFF
        if mode and stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            kind = "a symlink" if stat.S_ISLNK(mode) else "a special file"
            raise UnsafeZipError(f"entry {name!r} is {kind}")
        if info.flag_bits & 0x1:
            raise UnsafeZipError(f"entry {name!r} is encrypted")
        key = str(path).casefold()
        if key in seen:
            raise UnsafeZipError(f"entry {name!r} duplicates {seen[key]!r}")
        seen[key] = name
        if info.is_dir():
            continue
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafeZipError(
                f"entry {name!r} brings the archive to {total} bytes, more than the limit of "
                f"{limits.max_total_bytes}"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 and ratio > limits.max_ratio:
            raise UnsafeZipError(
                f"entry {name!r} expands {ratio:.0f}x (limit {limits.max_ratio:.0f}x): "
                "likely a ZIP bomb"
            )
        files.append(info)
    # a file may not also be used as a folder ("a" and "a/b")
    for name in seen.values():
        parent = PurePosixPath(name).parent
        while str(parent) not in (".", ""):
            if str(parent).casefold() in seen and not seen[str(parent).casefold()].endswith("/"):
                raise UnsafeZipError(f"entry {name!r} lies inside the file {str(parent)!r}")
            parent = parent.parent
    return files


def read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes of one entry, refusing to produce more than its declared size."""
    out = bytearray()
    try:
        with zf.open(info) as src:
            while chunk := src.read(_CHUNK):
                out += chunk
                if len(out) > info.file_size:
                    raise UnsafeZipError(f"entry {info.filename!r} is larger than it declares")
    except ZIP_LIBRARY_ERRORS as exc:
        if isinstance(exc, UnsafeZipError):
            raise
        raise UnsafeZipError(
            f"entry {info.filename!r} cannot be read: {failure_reason(exc)}") from exc
    return bytes(out)


def safe_extract(
    data: bytes | os.PathLike | str,
    target_dir: os.PathLike | str,
    max_entries: int = MAX_ENTRIES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_ratio: float = MAX_RATIO,
) -> list[Path]:
    """Extract a ZIP (bytes or a path) into ``target_dir`` after checking every entry.

    Files are written to a temporary folder next to the target and moved in only when all of
    them were read successfully, so a failure leaves the target as it was. Existing files in the
    target are never overwritten (that is reported as an error). Returns the written paths.
    """
    limits = ZipLimits(max_entries, max_total_bytes, max_ratio)
    target = Path(target_dir)
    with _open(data) as zf:
        files = check_entries(zf, limits)
        clashes = [i.filename for i in files if (target / i.filename).exists()]
        if clashes:
            raise UnsafeZipError(f"entry {clashes[0]!r} already exists in {target}")
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".unzip-", dir=target.parent))
        try:
            for info in files:
                dest = staging / info.filename
                try:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(read_entry(zf, info))
                except OSError as exc:
                    raise UnsafeZipError(
                        f"entry {info.filename!r} cannot be written: {exc.strerror or exc}"
                    ) from exc
            written = []
            for info in files:
                final = target / info.filename
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / info.filename, final)
                written.append(final)
            return written
        finally:
            shutil.rmtree(staging, ignore_errors=True)


# ---- character exports --------------------------------------------------------------------


@dataclass
class CharacterZip:
    """A character export read in memory.

    ``rotations``: direction -> RGBA array; ``animations``: animation label -> direction ->
    frames in ``frame_NNN`` order; ``metadata``: the parsed ``metadata.json`` (or ``{}``).
    """

    name: str
    rotations: dict[str, np.ndarray]
    animations: dict[str, dict[str, list[np.ndarray]]]
    metadata: dict
    ignored: list[str]


_FRAME_RE = re.compile(r"^frame_(\d+)\.png$", re.IGNORECASE)


def read_character_zip(
    data: bytes | os.PathLike | str, limits: ZipLimits = ZipLimits()
) -> CharacterZip:
    """Read ``<name>/rotations/<dir>.png``, ``<name>/animations/<label>/<dir>/frame_NNN.png``
    and ``metadata.json`` (at the root or in the folder); the top folder may be missing.

    Every entry passes the same checks as ``safe_extract``; images are decoded as PNG only with
    a pixel limit. Files of no known role are listed in ``ignored``.
    """
    with _open(data) as zf:
        files = check_entries(zf, limits)
        paths = [PurePosixPath(i.filename).parts for i in files]
        tops = {p[0] for p in paths if len(p) > 1}
        has_top = len(tops) == 1 and not any(
            len(p) > 1 and p[0] in ("rotations", "animations") for p in paths
        )
        name = next(iter(tops)) if has_top else ""
        rotations: dict[str, np.ndarray] = {}
        frames: dict[str, dict[str, list[tuple[int, np.ndarray]]]] = {}
        metadata: dict = {}
        ignored: list[str] = []
        for info, parts in zip(files, paths, strict=True):
            rel = parts[1:] if has_top and len(parts) > 1 else parts
            lower = [p.lower() for p in rel]
            if lower == ["metadata.json"]:
                metadata = _read_metadata(zf, info)
            elif len(rel) == 2 and lower[0] == "rotations" and lower[1].endswith(".png"):
                rotations[rel[1][:-4]] = _decode(zf, info)
            elif len(rel) == 4 and lower[0] == "animations" and _FRAME_RE.match(rel[3]):
                number = int(_FRAME_RE.match(rel[3]).group(1))
                per_dir = frames.setdefault(rel[1], {}).setdefault(rel[2], [])
                per_dir.append((number, _decode(zf, info)))
            else:
                ignored.append(info.filename)
    animations = {
        label: {d: [img for _, img in sorted(items, key=lambda t: t[0])]
                for d, items in dirs.items()}
        for label, dirs in frames.items()
    }
    if not name:
        name = str(metadata.get("name", "")) if isinstance(metadata, dict) else ""
    return CharacterZip(name, rotations, animations, metadata, ignored)


def _decode(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    try:
        return decode_rgba(read_entry(zf, info), ("PNG",))
    except ImageDecodeError as exc:
        raise UnsafeZipError(f"entry {info.filename!r}: {exc}") from exc


def _read_metadata(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict:
    if info.file_size > 4 * 1024 * 1024:
        raise UnsafeZipError(f"entry {info.filename!r} is too large for metadata")
    try:
        value = json.loads(read_entry(zf, info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UnsafeZipError(f"entry {info.filename!r} is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise UnsafeZipError(f"entry {info.filename!r} must hold a JSON object")
    return value
