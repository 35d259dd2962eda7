"""Saving a ``.pxstudio`` project in a worker thread while the document stays editable.

:meth:`BackgroundSave.begin` runs on the thread that edits the document (the GUI thread): it
renames the document after the file, takes a snapshot (a copy of the pixels, milliseconds) and
the point in the undo history. :meth:`BackgroundSave.run` encodes and writes the snapshot in a
worker thread, then marks the document saved *as of the snapshot*: edits made meanwhile stay
unsaved. :meth:`BackgroundSave.cancel` stops the encoding before the file is written (the old
file stays as it was); cancelling the asyncio task instead (the studio is closing) lets the
write finish.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.document.document import Document
from studio.core.fileio.project import snapshot, write_project


class SaveCancelled(Exception):
    """The save was cancelled before the file was written."""


@dataclass
class BackgroundSave:
    doc: Document
    path: Path
    copy: Document
    point: object | None
    old_name: str
    stop: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def begin(cls, doc: Document, path: Path) -> BackgroundSave:
        old_name = doc.name
        doc.name = path.stem  # the project stores the name: rename before the snapshot
        return cls(doc, path, snapshot(doc), doc.history.save_point(), old_name)

    def cancel(self) -> None:
        self.stop.set()

    def _check(self) -> None:
        """Runs in the worker thread before each frame is encoded."""
        if self.stop.is_set():
            raise SaveCancelled

    async def run(self) -> None:
        """Write the file; on failure (also SaveCancelled) the document keeps its old name."""
        work = asyncio.ensure_future(
            asyncio.to_thread(write_project, self.copy, self.path, self._check))
        try:
            try:
                await asyncio.shield(work)
            except asyncio.CancelledError:  # the studio is closing: let the write finish
                await work
                self._mark_saved()
                raise
        except Exception:  # SaveCancelled, or why the file could not be written
            self.doc.name = self.old_name
            raise
        self._mark_saved()

    def _mark_saved(self) -> None:
        self.doc.path = self.path
        self.doc.history.mark_clean_at(self.point)  # as of the snapshot
