"""Saving a ``.pxstudio`` project in a worker thread while the document stays editable.

The promise: the file holds the document exactly as of the save point (the moment
:meth:`BackgroundSave.begin` ran); edits made meanwhile stay unsaved (the document is marked
clean at that point of its history, so a later edit keeps it dirty).

:meth:`BackgroundSave.begin` runs on the thread that edits the document (the GUI thread) and
copies no pixels: it renames the document after the file, takes an *outline* (frames, layers,
palette, tags, extras of its own, sharing the pixel and mask arrays with the document; see
:func:`~studio.core.fileio.project.outline`), the point in the undo history, and registers a
write hook. :meth:`BackgroundSave.run` copies the shared arrays in a worker thread, one at a
time under the document lock, then encodes and writes.

Why the copy is exact although the document is edited meanwhile: every edit either replaces
arrays and metadata (frames, layers, flips and resizes, masks set whole, durations, palette:
the outline keeps its own) or writes an array in place through ``Document.apply_pixels`` /
``apply_mask``, which first call the hook. The hook copies that array (if the worker has not
yet) before it changes: copy-on-write, so the save never mixes old and new pixels and never
needs to restart. The worker removes the hook once every array is its own.

:meth:`BackgroundSave.cancel` stops the copying or encoding before the file is written (the
old file stays as it was); cancelling the asyncio task instead (the studio is closing) lets
the write finish.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.core.document.document import Document
from studio.core.fileio.project import outline, write_project

Shared = tuple[np.ndarray, list[Callable[[np.ndarray], None]]]
"""An array the outline still shares with the document, and where to put its copy."""


class SaveCancelled(Exception):
    """The save was cancelled before the file was written."""


@dataclass
class BackgroundSave:
    doc: Document
    path: Path
    copy: Document  # the document at the save point; its pixels become its own in the worker
    point: object | None
    old_name: str
    stop: threading.Event = field(default_factory=threading.Event)
    shared: dict[int, Shared] = field(default_factory=dict)  # by id of the array

    @classmethod
    def begin(cls, doc: Document, path: Path) -> BackgroundSave:
        old_name = doc.name
        doc.name = path.stem  # the project stores the name: rename before the outline
        with doc.lock:
            save = cls(doc, path, outline(doc), doc.history.save_point(), old_name)
            save._share()
            doc.add_write_hook(save._copy_before_write)
        return save

    def _share(self) -> None:
        for frame in self.copy.frames:
            for layer in frame.layers:
                self._add(layer.pixels, lambda a, ly=layer: setattr(ly, "pixels", a))
            if frame.mask is not None:
                self._add(frame.mask, lambda a, f=frame: setattr(f, "mask", a))

    def _add(self, array: np.ndarray, put: Callable[[np.ndarray], None]) -> None:
        self.shared.setdefault(id(array), (array, []))[1].append(put)

    def _own(self, key: int) -> None:
        """Give the outline its own copy of a shared array (under the document lock)."""
        entry = self.shared.pop(key, None)
        if entry is not None:
            array, puts = entry
            own = array.copy()
            for put in puts:
                put(own)

    def _copy_before_write(self, array: np.ndarray) -> None:
        """The document's write hook: ``array`` is about to change in place."""
        self._own(id(array))

    def cancel(self) -> None:
        self.stop.set()

    def _check(self) -> None:
        """Runs in the worker thread before each array is copied and each frame encoded."""
        if self.stop.is_set():
            raise SaveCancelled

    def _copy_pixels(self) -> None:
        """Worker thread: copy the arrays still shared, one at a time under the lock."""
        try:
            for key in list(self.shared):
                self._check()
                with self.doc.lock:
                    self._own(key)
        finally:
            self.doc.remove_write_hook(self._copy_before_write)
            self.shared.clear()

    def _write(self) -> None:
        self._copy_pixels()
        write_project(self.copy, self.path, self._check)

    async def run(self) -> None:
        """Write the file; on failure (also SaveCancelled) the document keeps its old name."""
        work = asyncio.ensure_future(asyncio.to_thread(self._write))
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
        self.doc.history.mark_clean_at(self.point)  # as of the outline
