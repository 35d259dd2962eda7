"""On-disk layout of recovery data: run folders, their lock files and journaled documents.

::

    <root>/<run uuid>/lock              JSON {pid, host, started}; held locked while the run lives
    <root>/<run uuid>/<doc id>.pxstudio the last snapshot of a document (a normal project file)
    <root>/<run uuid>/<doc id>.json     {doc_id, name, path, saved_at, closed_at}

A run whose lock file is missing ended normally; one whose lock can be taken crashed (the OS
releases a dead process's lock, so this is immune to PID reuse). Documents of ended or crashed
runs are recoverable until they are ``keep_days`` old.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

LOCK_NAME = "lock"
ENTRY_SUFFIX = ".json"
DATA_SUFFIX = ".pxstudio"
DEFAULT_KEEP_DAYS = 7.0


@dataclass(frozen=True)
class RecoverableDocument:
    run_id: str
    doc_id: str
    name: str
    original_path: Path | None
    saved_at: float
    closed_at: float | None
    crashed: bool
    data_path: Path

    @property
    def meta_path(self) -> Path:
        return self.data_path.with_suffix(ENTRY_SUFFIX)


def try_lock(handle: IO[Any]) -> bool | None:
    """Take an exclusive, non-blocking lock on an open file.

    True: taken. False: another process holds it. None: the file system cannot lock.
    """
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        return None
    return True


def pid_alive(pid: int) -> bool:
    """Whether a process exists (POSIX); elsewhere assume it does."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unlock(handle: IO[Any]) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def run_state(run_dir: Path) -> str:
    """"ended" (no lock file), "crashed" (lock file but no live owner) or "alive"."""
    lock = run_dir / LOCK_NAME
    try:
        handle = open(lock, "r+b")  # noqa: SIM115 (closed below, after the lock test)
    except FileNotFoundError:
        return "ended"
    except OSError:
        return "alive"  # cannot tell: be safe and leave it alone
    try:
        taken = try_lock(handle)
        if taken:
            unlock(handle)
            return "crashed"
        if taken is None:  # no locking here (some network drives): fall back to the PID
            try:
                pid = int(json.loads(handle.read().decode("utf-8"))["pid"])
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                return "alive"
            return "alive" if pid_alive(pid) else "crashed"
        return "alive"
    finally:
        handle.close()


def read_entries(run_dir: Path, crashed: bool) -> list[RecoverableDocument]:
    out = []
    for meta in sorted(run_dir.glob(f"*{ENTRY_SUFFIX}")):
        data = meta.with_suffix(DATA_SUFFIX)
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            doc_id = str(info["doc_id"])
            saved_at = float(info["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a half-written or foreign entry is skipped, never fatal
        if not data.is_file():
            continue
        closed = info.get("closed_at")
        original = info.get("path")
        out.append(RecoverableDocument(
            run_id=run_dir.name, doc_id=doc_id, name=str(info.get("name") or "Untitled"),
            original_path=Path(original) if original else None, saved_at=saved_at,
            closed_at=float(closed) if closed is not None else None, crashed=crashed,
            data_path=data,
        ))
    return out


def list_recoverable(root: Path | str, keep_days: float = DEFAULT_KEEP_DAYS,
                     exclude_run: str | None = None) -> list[RecoverableDocument]:
    """Documents of crashed or ended runs (not older than ``keep_days``), newest first."""
    cutoff = time.time() - keep_days * 86400
    found = [entry for _run_dir, entries in _ended_runs(root, exclude_run) for entry in entries
             if (entry.closed_at or entry.saved_at) >= cutoff]
    return sorted(found, key=lambda e: e.saved_at, reverse=True)


def _ended_runs(root: Path | str, exclude_run: str | None
                ) -> Iterator[tuple[Path, list[RecoverableDocument]]]:
    """Each run folder below ``root`` whose run is not alive (nor ``exclude_run``), with its
    entries."""
    base = Path(root)
    if not base.is_dir():
        return
    for run_dir in base.iterdir():
        if not run_dir.is_dir() or run_dir.name == exclude_run:
            continue
        state = run_state(run_dir)
        if state == "alive":
            continue
        yield run_dir, read_entries(run_dir, crashed=state == "crashed")


def discard(entry: RecoverableDocument) -> None:
    """Delete one recoverable document (and its run folder once nothing is left)."""
    for p in (entry.meta_path, entry.data_path):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    _remove_if_finished(entry.data_path.parent)


def purge_expired(root: Path | str, keep_days: float = DEFAULT_KEEP_DAYS,
                  exclude_run: str | None = None) -> int:
    """Delete entries older than ``keep_days`` from runs that are not alive; returns how many."""
    cutoff = time.time() - keep_days * 86400
    removed = 0
    for run_dir, entries in _ended_runs(root, exclude_run):
        for entry in entries:
            if (entry.closed_at or entry.saved_at) < cutoff:
                discard(entry)
                removed += 1
        _remove_if_finished(run_dir)
    return removed


def _remove_if_finished(run_dir: Path) -> None:
    """Remove a run folder that has no entries left and no living owner."""
    if not run_dir.is_dir() or any(run_dir.glob(f"*{ENTRY_SUFFIX}")):
        return
    if run_state(run_dir) != "alive":
        shutil.rmtree(run_dir, ignore_errors=True)
