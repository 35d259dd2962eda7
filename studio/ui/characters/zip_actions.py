"""Export (from the service) and import (into the project) of character ZIPs, for the browser.

Export: a 423 answer names what is still generating and offers "Wait and export", which polls
until the ZIP is ready. The file is written with ``QSaveFile`` (temp file + rename).
Import: :mod:`.zip_import` extracts safely off the UI thread; a rejected ZIP gets a clear message
and leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSaveFile, QTimer
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from studio.core.characters.payloads import CharacterInfo
from studio.core.characters.service import CharacterBusyError, CharacterService
from studio.core.characters.task_runner import TaskRunner
from studio.core.characters.zip_import import (
    CharacterImportError,
    ImportedCharacter,
    import_character_zip,
    read_zip_file,
    safe_name,
    unique_folder,
)

SHOW_CANCEL_AFTER_MS = 500


def write_file_atomically(path: Path, data: bytes) -> None:
    """QSaveFile: the old file stays intact unless the new one was written completely."""
    saver = QSaveFile(str(path))
    if not saver.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise OSError(f"cannot write {path}: {saver.errorString()}")
    if saver.write(data) != len(data):
        saver.cancelWriting()
        raise OSError(f"cannot write {path}: {saver.errorString()}")
    if not saver.commit():
        raise OSError(f"cannot save {path}: {saver.errorString()}")


class ZipActions:
    """Buttons and status line for Export ZIP / Wait and export / Import ZIP."""

    def __init__(self, host: Any, service: CharacterService, runner: TaskRunner,
                 project_dir: Callable[[], Path | None] | None,
                 on_imported: Callable[[ImportedCharacter], None] | None = None) -> None:
        self.host = host
        self.service = service
        self.runner = runner
        self.project_dir = project_dir
        self.on_imported = on_imported
        self.character: CharacterInfo | None = None
        self.pending_path: Path | None = None
        self.last_import: ImportedCharacter | None = None
        parent: QWidget = host
        self.export_button = QPushButton("Export ZIP…", parent)
        self.export_button.setObjectName("characters.export")
        self.export_button.setEnabled(False)
        self.wait_button = QPushButton("Wait and export", parent)
        self.wait_button.setObjectName("characters.export_wait")
        self.wait_button.setVisible(False)
        self.import_button = QPushButton("Import ZIP…", parent)
        self.import_button.setObjectName("characters.import")
        self.cancel_import_button = QPushButton("Cancel import", parent)
        self.cancel_import_button.setObjectName("characters.import_cancel")
        self.cancel_import_button.setVisible(False)
        self._import_stop = threading.Event()
        self._cancel_timer = QTimer(parent, singleShot=True, interval=SHOW_CANCEL_AFTER_MS)
        self._cancel_timer.timeout.connect(lambda: self.cancel_import_button.setVisible(
            not self.import_button.isEnabled()))
        self.status = QLabel("", parent)
        self.status.setObjectName("characters.zip_status")
        self.status.setWordWrap(True)
        for widget in (self.export_button, self.wait_button, self.import_button,
                       self.cancel_import_button):
            host.zip_row.addWidget(widget)
        host.layout().addWidget(self.status)
        self.export_button.clicked.connect(self._ask_export_path)
        self.wait_button.clicked.connect(self._wait_and_export)
        self.import_button.clicked.connect(self._ask_import_path)
        self.cancel_import_button.clicked.connect(self._import_stop.set)

    def set_character(self, info: CharacterInfo | None) -> None:
        self.character = info
        self.export_button.setEnabled(info is not None)
        self.wait_button.setVisible(False)

    # -- export --------------------------------------------------------------------------------
    def _ask_export_path(self) -> None:
        if self.character is None:
            return
        dialog = QFileDialog(self.host, "Export character ZIP")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("ZIP archives (*.zip)")
        dialog.selectFile(f"{safe_name(self.character.name or self.character.id)}.zip")
        dialog.fileSelected.connect(lambda p: self.export_to(Path(p)))
        dialog.open()

    def export_to(self, path: Path, *, wait: bool = False) -> asyncio.Task[Any] | None:
        if self.character is None:
            return None
        info = self.character
        self.pending_path = path
        self.wait_button.setVisible(False)
        self.export_button.setEnabled(False)
        self.status.setText("Waiting until everything is generated…" if wait else "Exporting…")
        return self.runner.start(self._export(info, path, wait), on_error=self._export_failed)

    async def _export(self, info: CharacterInfo, path: Path, wait: bool) -> None:
        def waiting(parts: list[str]) -> None:
            running = ", ".join(parts) or "generation"
            self.status.setText(f"Still generating: {running}. Waiting, then exporting…")

        data = await self.service.export_zip(info.id, wait=wait, on_wait=waiting)
        await asyncio.to_thread(write_file_atomically, path, data)
        self.export_button.setEnabled(True)
        self.status.setText(f"Exported {len(data) // 1024 + 1} KB to {path}.")

    def _export_failed(self, message: str, exc: BaseException) -> None:
        self.export_button.setEnabled(self.character is not None)
        if isinstance(exc, CharacterBusyError):
            self.status.setText(f"{exc} The ZIP can be exported once that finishes: click "
                                "'Wait and export' to export it as soon as it is ready.")
            self.wait_button.setVisible(True)
            return
        self.status.setText(f"Export failed: {message}")

    def _wait_and_export(self) -> None:
        if self.pending_path is not None:
            self.export_to(self.pending_path, wait=True)

    # -- import --------------------------------------------------------------------------------
    def _ask_import_path(self) -> None:
        dialog = QFileDialog(self.host, "Import character ZIP")
        dialog.setNameFilter("ZIP archives (*.zip)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda p: self.import_file(Path(p)))
        dialog.open()

    def import_file(self, path: Path) -> asyncio.Task[Any] | None:
        project = self.project_dir() if self.project_dir is not None else None
        if project is None:
            self.status.setText("Open or save a project first: imports go into its folder.")
            return None
        self.import_button.setEnabled(False)
        self.status.setText(f"Importing {path.name}…")
        self._import_stop.clear()
        self._cancel_timer.start()  # Cancel shows when the import takes over half a second
        return self.runner.start(self._import(path, Path(project)),
                                 on_error=self._import_failed)

    def _check_import(self) -> None:
        """Worker thread: stop between images once Cancel was clicked."""
        if self._import_stop.is_set():
            raise CharacterImportError("the import was cancelled")

    def _import_ended(self) -> None:
        self._cancel_timer.stop()
        self.cancel_import_button.setVisible(False)
        self.import_button.setEnabled(True)

    async def _import(self, path: Path, project: Path) -> None:
        target = unique_folder(project / "characters", path.stem)
        data = await asyncio.to_thread(read_zip_file, path)
        result = await asyncio.to_thread(import_character_zip, data, target, self._check_import)
        self.last_import = result
        self._import_ended()
        self.status.setText(f"Imported {result.summary()}.")
        if self.on_imported is not None:
            self.on_imported(result)

    def _import_failed(self, message: str, exc: BaseException) -> None:
        self._import_ended()
        if self._import_stop.is_set():
            self.status.setText("Import cancelled. Nothing was written.")
            return
        if isinstance(exc, CharacterImportError):
            self.status.setText(f"Import refused: {str(exc).rstrip('.')}. Nothing was written.")
        else:
            self.status.setText(f"Import failed: {message}")
