"""A results library whose disk fills up on demand: file writes raise ENOSPC and SQLite
writes raise "database or disk is full", exactly what a full filesystem gives."""

from __future__ import annotations

import errno
import sqlite3
from typing import Any

from studio.core.jobs import library as library_module
from studio.core.jobs.library import ResultsLibrary

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class _FillingDb:
    def __init__(self, db: sqlite3.Connection, disk: FullDisk) -> None:
        self._db, self._disk = db, disk

    def execute(self, sql: str, *args: Any) -> Any:
        if self._disk.full and sql.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


class FullDisk:
    """``full`` switches the library's disk between full and free; ``files_only`` fills it
    for image files but leaves SQLite working (a nearly full disk)."""

    def __init__(self, library: ResultsLibrary, monkeypatch: Any) -> None:
        self.full = False
        self.files_full = False
        self.library = library
        real_write = library_module.atomic_write_bytes

        def write(path: Any, data: bytes) -> None:
            if self.full or self.files_full:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            real_write(path, data)

        monkeypatch.setattr(library_module, "atomic_write_bytes", write)
        library._db = _FillingDb(library._db, self)  # type: ignore[assignment]

    def integrity_ok(self) -> bool:
        return self.library._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
