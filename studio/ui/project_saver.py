"""Saving projects without freezing the window: starts a core
:class:`~studio.core.fileio.background_save.BackgroundSave` as an asyncio task, shows it in
the status bar (with Cancel, after half a second) and reports the outcome by signals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from studio.core.document.document import Document
from studio.core.fileio.background_save import BackgroundSave, SaveCancelled
from studio.ui.busy_status import BusyStatus


class ProjectSaver(QObject):
    saved = Signal(object, object)  # document, path: written, marked saved as of the snapshot
    failed = Signal(object, object, object)  # document, path, exception (not SaveCancelled)

    def __init__(self, busy: BusyStatus, errors: tuple[type[Exception], ...]) -> None:
        super().__init__(busy)
        self.busy = busy
        self.errors = errors
        self.tasks: set[asyncio.Task] = set()

    def start(self, doc: Document, path: Path,
              after: Callable[[], object] | None = None) -> asyncio.Task:
        """Snapshot now, write in a worker thread; ``after`` runs once the document is saved."""
        save = BackgroundSave.begin(doc, path)
        task = asyncio.get_running_loop().create_task(self._run(save, after))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        self.busy.track(task, f"Saving {path.name}…", cancel=save.cancel)
        return task

    async def _run(self, save: BackgroundSave, after: Callable[[], object] | None) -> bool:
        try:
            await save.run()
        except SaveCancelled:
            self.busy.status_bar.showMessage(
                f"Save cancelled: {save.path.name} was not written.", 8000)
            return False
        except self.errors as exc:
            self.failed.emit(save.doc, save.path, exc)
            return False
        except asyncio.CancelledError:
            if not save.doc.dirty:  # written while the studio closed
                self.saved.emit(save.doc, save.path)
            raise
        self.saved.emit(save.doc, save.path)
        if after is not None and not save.doc.dirty:
            after()
        return True
