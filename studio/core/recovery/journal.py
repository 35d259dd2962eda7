"""Crash recovery: journal unsaved documents in the background, list and restore them later.

The journal owns a per-run folder ``<root>/<uuid>`` holding a locked ``lock`` file. After an
edit, a background thread writes a snapshot of the document (a normal ``.pxstudio`` file, never
the user's own file) once edits pause for ``quiet_s`` seconds, and at the latest ``max_delay_s``
seconds after the first unsaved edit. A document that becomes clean (saved) loses its entry; one
closed while dirty keeps it (marked closed) and stays recoverable for ``keep_days``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from studio.core.document.document import Document
from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.fileio.errors import FileFormatError, write_problem
from studio.core.fileio.project import PoseFactory, load_project_bytes, project_bytes
from studio.core.fileio.project import snapshot as project_snapshot
from studio.core.recovery.store import (
    DATA_SUFFIX,
    DEFAULT_KEEP_DAYS,
    ENTRY_SUFFIX,
    LOCK_NAME,
    RecoverableDocument,
    discard,
    list_recoverable,
    purge_expired,
    read_entries,
    try_lock,
    unlock,
)

__all__ = ["RecoveryJournal", "RecoverableDocument", "discard", "list_recoverable",
           "purge_expired", "restore"]


def default_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("PixelStudio", appauthor=False)) / "recovery"


class RecoveryJournal:
    def __init__(self, root: Path | str | None = None, *, quiet_s: float = 2.0,
                 max_delay_s: float = 10.0, keep_days: float = DEFAULT_KEEP_DAYS,
                 run_id: str | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()
        self.run_id = run_id or uuid.uuid4().hex
        self.run_dir = self.root / self.run_id
        self.quiet_s, self.max_delay_s, self.keep_days = quiet_s, max_delay_s, keep_days
        self._docs: dict[str, Document] = {}
        self._pending: dict[str, tuple[float, float]] = {}  # doc id -> (first, last) change
        self._cond = threading.Condition()
        self._io = threading.Lock()  # one writer at a time (worker or flush)
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._lock_handle: IO[Any] | None = None
        self.errors: list[str] = []  # last write failures, for the UI to show
        self._replaces: dict[str, RecoverableDocument] = {}  # doc id -> entry it restored
        self._reported: set[str] = set()
        # called (from the journal's thread) with a sentence when a write fails, once each
        self.on_problem: Callable[[str], None] | None = None

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> RecoveryJournal:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.run_dir / LOCK_NAME, "a+b")  # noqa: SIM115 (held for the run)
        if try_lock(handle) is False:  # None (cannot lock here): the PID in the file decides
            handle.close()
            raise RuntimeError(f"recovery folder {self.run_dir} is in use by another process")
        handle.seek(0)
        handle.truncate()
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        handle.write(json.dumps(info).encode())
        handle.flush()
        self._lock_handle = handle
        with contextlib.suppress(OSError):
            purge_expired(self.root, self.keep_days, exclude_run=self.run_id)
        self._thread = threading.Thread(target=self._run, name="recovery-journal", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Journal what is pending, end the run; dirty documents stay recoverable."""
        for doc_id in list(self._docs):
            self.unwatch(self._docs[doc_id])
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._lock_handle is not None:
            unlock(self._lock_handle)
            self._lock_handle.close()
            self._lock_handle = None
            with contextlib.suppress(FileNotFoundError):
                (self.run_dir / LOCK_NAME).unlink()
        if self.run_dir.is_dir() and not any(self.run_dir.iterdir()):
            self.run_dir.rmdir()

    def __enter__(self) -> RecoveryJournal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- documents -------------------------------------------------------------------------
    def watch(self, doc: Document, replaces: RecoverableDocument | None = None) -> str:
        """Journal this document's unsaved changes from now on; returns its journal id.

        ``replaces``: the recovery entry the document was restored from. It is written at
        once, and the old entry is discarded only after the new snapshot is on disk, so a
        crash right after restoring still finds the work."""
        known = getattr(doc, "_recovery_id", None)
        if known in self._docs:
            if replaces is not None:
                self._replace(known, replaces)
            return known
        doc_id = uuid.uuid4().hex
        doc._recovery_id = doc_id  # type: ignore[attr-defined]
        self._docs[doc_id] = doc
        doc.history.changed.connect(self._on_change_slot(doc_id))
        if replaces is not None:
            self._replace(doc_id, replaces)
        elif doc.dirty:
            self._schedule(doc_id)
        return doc_id

    def _replace(self, doc_id: str, entry: RecoverableDocument) -> None:
        self._replaces[doc_id] = entry
        now = time.monotonic()
        with self._cond:  # due now: as if it had waited out the longest delay
            self._pending[doc_id] = (now - self.max_delay_s, now)
            self._cond.notify_all()

    def unwatch(self, doc: Document) -> None:
        """The document is closing: keep a final snapshot if unsaved, else forget it."""
        doc_id = getattr(doc, "_recovery_id", None)
        if doc_id not in self._docs:
            return
        with contextlib.suppress(Exception):
            doc.history.changed.disconnect(doc._slot)  # type: ignore[attr-defined]
        with self._cond:
            self._pending.pop(doc_id, None)
        self._write(doc_id, doc, closed=True)
        del self._docs[doc_id]

    def flush(self) -> None:
        """Write every pending document now, in the calling thread."""
        with self._cond:
            due = list(self._pending)
            self._pending.clear()
        for doc_id in due:
            doc = self._docs.get(doc_id)
            if doc is not None:
                self._write(doc_id, doc, closed=False)

    def list_recoverable(self) -> list[RecoverableDocument]:
        """Documents of earlier crashed or ended runs, plus ones closed unsaved in this run."""
        found = list_recoverable(self.root, self.keep_days, exclude_run=self.run_id)
        own = [e for e in read_entries(self.run_dir, crashed=False) if e.closed_at is not None]
        return sorted(found + own, key=lambda e: e.saved_at, reverse=True)

    # -- internals -------------------------------------------------------------------------
    def _on_change_slot(self, doc_id: str):
        def slot() -> None:
            self._schedule(doc_id)
        self._docs[doc_id]._slot = slot  # type: ignore[attr-defined]
        return slot

    def _schedule(self, doc_id: str) -> None:
        now = time.monotonic()
        with self._cond:
            first, _ = self._pending.get(doc_id, (now, now))
            self._pending[doc_id] = (first, now)
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stopping:
                    return
                now = time.monotonic()
                due = [d for d, (first, last) in self._pending.items()
                       if now - last >= self.quiet_s or now - first >= self.max_delay_s]
                for d in due:
                    del self._pending[d]
                if not due:
                    waits = [min(last + self.quiet_s, first + self.max_delay_s) - now
                             for first, last in self._pending.values()]
                    self._cond.wait(timeout=max(0.01, min(waits)) if waits else None)
                    continue
            for doc_id in due:
                doc = self._docs.get(doc_id)
                if doc is not None:
                    self._write(doc_id, doc, closed=False)

    def _write(self, doc_id: str, doc: Document, closed: bool) -> None:
        meta = self.run_dir / f"{doc_id}{ENTRY_SUFFIX}"
        data = self.run_dir / f"{doc_id}{DATA_SUFFIX}"
        with self._io:
            try:
                if not doc.dirty:
                    for p in (meta, data):
                        with contextlib.suppress(FileNotFoundError):
                            p.unlink()
                else:
                    self._write_snapshot(doc_id, doc, closed, meta, data)
            except (OSError, ValueError) as exc:  # never let journaling break editing
                self._failed(doc, exc)
                return
        replaced = self._replaces.pop(doc_id, None)
        if replaced is not None:  # the new snapshot is on disk (or saved): the old may go
            with contextlib.suppress(OSError):
                discard(replaced)

    def _write_snapshot(self, doc_id: str, doc: Document, closed: bool, meta: Path,
                        data: Path) -> None:
        snapshot = project_snapshot(doc)
        atomic_write_bytes(data, project_bytes(snapshot))
        info = {"doc_id": doc_id, "name": doc.name,
                "path": str(doc.path) if doc.path else None, "saved_at": time.time(),
                "closed_at": time.time() if closed else None}
        atomic_write_bytes(meta, json.dumps(info).encode())

    def _failed(self, doc: Document, exc: BaseException) -> None:
        """Keep the error for the log; tell ``on_problem`` once per distinct sentence."""
        self.errors = (self.errors + [f"{doc.name}: {exc}"])[-20:]
        problem = write_problem("the crash-recovery journal", self.run_dir, exc) + (
            " Unsaved work is not protected against a crash until it can write again; "
            "save your documents.")
        if problem not in self._reported:
            self._reported.add(problem)
            if self.on_problem is not None:
                self.on_problem(problem)


def restore(entry: RecoverableDocument, *, discard_entry: bool = True,
            pose_factory: PoseFactory | None = None) -> Document:
    """Load a recoverable document (unsaved, with its original path); drop the entry."""
    try:
        data = entry.data_path.read_bytes()
    except OSError as exc:
        msg = f"the recovery data is gone ({exc.strerror})"
        raise FileFormatError(msg, entry.data_path) from None
    doc = load_project_bytes(data, pose_factory)
    doc.name = entry.name
    doc.path = entry.original_path
    doc.mark_dirty()
    if discard_entry:
        discard(entry)
    return doc
