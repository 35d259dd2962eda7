"""The offline engine's resources (characters, tilesets and their tiles, isometric tiles) kept
in its data folder, so what was made offline is still there after a restart.

One JSON file per resource under ``<data_dir>/resources``; bytes (PNG data) and pixel arrays
are stored as base64 (arrays in NumPy's own format, read back with ``allow_pickle=False``).
A file that cannot be read is logged and skipped: the engine starts with what it can read.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.fileio.atomic import atomic_write_bytes

log = logging.getLogger("studio.offline.persist")
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        return {"__array__": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return base64.b64decode(value["__bytes__"])
        if set(value) == {"__array__"}:
            data = io.BytesIO(base64.b64decode(value["__array__"]))
            return np.load(data, allow_pickle=False)
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def job_ids_in(record: Any) -> Iterator[str]:
    """Every background job id a record refers to (``job_id`` and ``job_ids`` entries)."""
    if isinstance(record, dict):
        for key, value in record.items():
            if key == "job_id" and isinstance(value, str):
                yield value
            elif key == "job_ids" and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str))
            else:
                yield from job_ids_in(value)
    elif isinstance(record, list):
        for value in record:
            yield from job_ids_in(value)


class ResourceArchive:
    """``save(key, record)`` after each change; ``load_all()`` once at start."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "resources"
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.folder / (_SAFE.sub("_", key.replace(":", "--")) + ".json")

    def save(self, key: str, record: Any) -> None:
        data = json.dumps({"key": key, "record": _encode(record)}).encode("utf-8")
        try:
            atomic_write_bytes(self._path(key), data)
        except OSError as exc:  # the resource still lives in memory for this run
            log.warning("could not keep %s in %s: %s", key, self.folder, exc)

    def load_all(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for path in sorted(self.folder.glob("*.json")):
            try:
                entry = json.loads(path.read_text("utf-8"))
                found[str(entry["key"])] = _decode(entry["record"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("skipped the unreadable resource file %s: %s", path.name, exc)
        return found
