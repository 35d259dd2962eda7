"""Saving a ``.pxstudio`` project without freezing the window.

The GUI thread takes a snapshot of the document (a copy of its pixels, milliseconds) and the
point in its undo history; a worker thread encodes the PNGs and writes the file atomically.
When the file is written the document is marked saved *as of the snapshot*: edits made while
the save ran stay unsaved. Cancel (status bar, after half a second) stops before the file is
written, and the old file stays as it was.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from studio.core.document.document import Document
from studio.core.fileio import snapshot, write_project
from studio.ui.busy_status import BusyStatus


class SaveCancelled(Exception):
    """The user cancelled the save before the file was written."""


@dataclass
class _Saving:
    """One save in progress: the snapshot, its undo point, the name before, the stop flag."""

    copy: Document
    point: object | None
    old_name: str
    stop: threading.Event

    def check(self) -> None:
        """Runs in the worker thread before each frame is encoded."""
        if self.stop.is_set():
            raise SaveCancelled


class ErrorReporter(Protocol):
    def show_error(self, title: str, text: str) -> None: ...


class ProjectSaver:
    """Starts background saves; ``on_saved(doc, path)`` runs on the GUI thread after each."""

    def __init__(self, reporter: ErrorReporter, busy: BusyStatus,
                 on_saved: Callable[[Document, Path], None],
                 describe_error: Callable[[Exception, Path], str],
                 errors: tuple[type[Exception], ...]) -> None:
        self.reporter = reporter
        self.busy = busy
        self.on_saved = on_saved
        self.describe_error = describe_error
        self.errors = errors
        self.tasks: set[asyncio.Task] = set()

    def start(self, doc: Document, path: Path,
              after: Callable[[], object] | None = None) -> asyncio.Task:
        old_name = doc.name
        doc.name = path.stem  # the project stores the name: rename before the snapshot
        copy, point = snapshot(doc), doc.history.save_point()  # the state the user saves
        stop = threading.Event()  # set by Cancel: the thread stops before writing
        task = asyncio.get_running_loop().create_task(
            self._save(doc, path, after, _Saving(copy, point, old_name, stop)))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        self.busy.track(task, f"Saving {path.name}…", cancel=stop.set)
        return task

    async def _save(self, doc: Document, path: Path, after: Callable[[], object] | None,
                    saving: _Saving) -> bool:
        work = asyncio.ensure_future(
            asyncio.to_thread(write_project, saving.copy, path, saving.check))
        try:
            try:
                await asyncio.shield(work)
            except asyncio.CancelledError:  # the studio is closing: let the write finish
                await work
                self._mark_saved(doc, path, saving.point)
                raise
        except SaveCancelled:
            doc.name = saving.old_name
            self.busy.status_bar.showMessage(
                f"Save cancelled: {path.name} was not written.", 8000)
            return False
        except self.errors as exc:
            doc.name = saving.old_name
            self.reporter.show_error("Cannot save", self.describe_error(exc, path))
            return False
        self._mark_saved(doc, path, saving.point)
        if after is not None and not doc.dirty:
            after()
        return True

    def _mark_saved(self, doc: Document, path: Path, point: object | None) -> None:
        doc.path = path
        doc.history.mark_clean_at(point)  # as of the snapshot: later edits stay unsaved
        self.on_saved(doc, path)
