"""File → Export… and Export again (Ctrl+Alt+E): runs the export, remembers the settings per
document (by file path in QSettings, in memory for unsaved sprites) and the last folder."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSettings

from studio.core.exporters.document_export import (
    SUFFIXES,
    ExportSettings,
    export_document,
    export_note,
    has_poses,
)
from studio.core.exporters.sheet import ExportError
from studio.core.fileio.project import snapshot
from studio.ui.export_dialog import ExportDialog

if TYPE_CHECKING:
    from studio.core.document.document import Document
    from studio.ui.canvas.widget import CanvasWidget

FOLDER_KEY = "prefs/export_folder"


class ExportHost(Protocol):
    settings: QSettings
    canvas: CanvasWidget

    def current_document(self) -> Document | None: ...
    def show_error(self, title: str, text: str) -> Any: ...
    def show_info(self, title: str, text: str) -> Any: ...
    def statusBar(self) -> Any: ...  # noqa: N802


class ExportController:
    def __init__(self, window: ExportHost) -> None:
        self.window = window
        self._unsaved: dict[int, ExportSettings] = {}

    # -- remembered settings ---------------------------------------------------------------
    def _key(self, doc: Document) -> str | None:
        return None if doc.path is None else f"export/{Path(doc.path).resolve().as_posix()}"

    def remembered(self, doc: Document) -> ExportSettings | None:
        key = self._key(doc)
        if key is None:
            return self._unsaved.get(id(doc))
        raw = self.window.settings.value(key)
        try:
            return ExportSettings.from_dict(json.loads(raw)) if isinstance(raw, str) else None
        except json.JSONDecodeError:
            return None

    def remember(self, doc: Document, settings: ExportSettings) -> None:
        self._unsaved[id(doc)] = settings
        key = self._key(doc)
        if key is not None:
            self.window.settings.setValue(key, json.dumps(settings.to_dict()))
        self.window.settings.setValue(FOLDER_KEY, str(Path(settings.path).parent))

    def _default(self, doc: Document) -> ExportSettings:
        folder = self.window.settings.value(FOLDER_KEY) or (
            str(Path(doc.path).parent) if doc.path else str(Path.home()))
        stem = Path(doc.path).stem if doc.path else doc.name
        return ExportSettings(path=str(Path(str(folder)) / f"{stem}{SUFFIXES['sheet']}"))

    # -- actions ---------------------------------------------------------------------------
    def ask_export(self) -> ExportDialog | None:
        doc = self.window.current_document()
        if doc is None:
            self.window.show_info("Nothing to export", "Open or create a sprite first.")
            return None
        self.window.canvas.transform.commit()
        settings = self.remembered(doc) or self._default(doc)
        dialog = ExportDialog(settings, list(doc.tags), self.window.canvas.window(),
                              has_poses=has_poses(doc))
        dialog.accepted.connect(lambda: self.run(doc, dialog.settings()))
        dialog.open()
        return dialog

    def export_again(self) -> bool | ExportDialog | None:
        doc = self.window.current_document()
        settings = None if doc is None else self.remembered(doc)
        if doc is None or settings is None:
            return self.ask_export()
        return self.run(doc, settings)

    def run(self, doc: Document, settings: ExportSettings) -> bool | asyncio.Task:
        """Export; in the app's loop the encoding runs in a worker thread on a copy of the
        document (the window stays free; after half a second the status bar shows it with
        Cancel), and the returned task gives the outcome. Without a loop it runs at once."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return self._report(doc, settings, *self._export(doc, settings))
        copy = snapshot(doc)  # edits made meanwhile are not in this export
        task = loop.create_task(self._run_in_thread(doc, copy, settings))
        files = getattr(self.window, "files", None)
        if files is not None:
            files.busy_status.track(task, f"Exporting {Path(settings.path).name}…")
        return task

    async def _run_in_thread(self, doc: Document, copy: Document,
                             settings: ExportSettings) -> bool:
        outcome = await asyncio.to_thread(self._export, copy, settings)
        return self._report(doc, settings, *outcome)

    @staticmethod
    def _export(doc: Document, settings: ExportSettings
                ) -> tuple[list[Path], str | None, Exception | None]:
        """Write the files (any thread): (written, note about lost colours, failure)."""
        try:
            return export_document(doc, settings), export_note(doc, settings), None
        except (ExportError, OSError) as exc:
            return [], None, exc

    def _report(self, doc: Document, settings: ExportSettings, written: list[Path],
                note: str | None, failure: Exception | None) -> bool:
        if failure is not None:
            exc = failure
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.window.show_error("Cannot export", f"{reason} Nothing was changed in the "
                                   "sprite; check the settings and try again.")
            return False
        self.remember(doc, settings)
        names = ", ".join(p.name for p in written[:3]) + (" …" if len(written) > 3 else "")
        self.window.statusBar().showMessage(
            f"Exported {len(written)} file{'s' if len(written) != 1 else ''}: {names}", 8000)
        if note:
            self.window.show_info("Colours reduced in the GIF", note)
        return True
