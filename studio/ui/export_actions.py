"""File → Export… and Export again (Ctrl+Alt+E): runs the export, remembers the settings per
document (by file path in QSettings, in memory for unsaved sprites) and the last folder."""

from __future__ import annotations

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

    def run(self, doc: Document, settings: ExportSettings) -> bool:
        try:
            written = export_document(doc, settings)
        except (ExportError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.window.show_error("Cannot export", f"{reason} Nothing was changed in the "
                                   "sprite; check the settings and try again.")
            return False
        self.remember(doc, settings)
        names = ", ".join(p.name for p in written[:3]) + (" …" if len(written) > 3 else "")
        self.window.statusBar().showMessage(
            f"Exported {len(written)} file{'s' if len(written) != 1 else ''}: {names}", 8000)
        note = export_note(doc, settings)
        if note:
            self.window.show_info("Colours reduced in the GIF", note)
        return True
