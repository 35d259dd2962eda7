"""File menu work of the main window: new, open, import sheet, save, export, recent, paste, drop.

Every failure is reported through ``window.show_error`` with the file's name and the reason, and
changes nothing: documents are only added once they were read completely, and files are written
atomically by the core (temp file, fsync, rename).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtWidgets import QFileDialog

from studio.core.document.document import Document, Layer, blank_pixels
from studio.core.document.geometry import Rect
from studio.core.fileio import (
    OPENABLE_SUFFIXES,
    PROJECT_SUFFIX,
    FileFormatError,
    document_from_sheet,
    open_document,
    save_png,
    save_project,
)
from studio.ui.busy_status import BusyStatus
from studio.ui.dialogs import NewDocumentDialog, SheetImportDialog
from studio.ui.project_saver import ProjectSaver
from studio.ui.qt_images import pixels_from_mime

if TYPE_CHECKING:
    from studio.ui.window_host import DocumentHost

MAX_RECENT = 10
OPEN_FILTER = ("Sprites (" + " ".join(f"*{s}" for s in OPENABLE_SUFFIXES) + ");;"
               "Pixel Studio projects (*.pxstudio);;Images (*.png *.apng *.gif *.webp);;"
               "All files (*)")
SAVE_FILTER = "Pixel Studio project (*.pxstudio);;PNG image (*.png)"
FILE_ERRORS = (FileFormatError, OSError, ValueError)


def is_openable(path: str | Path) -> bool:
    return Path(path).suffix.lower() in OPENABLE_SUFFIXES


def lossless_as_png(doc: Document) -> bool:
    """A PNG keeps everything of a one-frame, one-layer document without a mask."""
    return len(doc.frames) == 1 and len(doc.frames[0].layers) == 1 and doc.frames[0].mask is None


class FileController(QObject):
    recent_changed = Signal()

    def __init__(self, window: DocumentHost) -> None:
        super().__init__(window)
        self.window = window
        self._tasks: set[asyncio.Task] = set()
        self.busy_status = BusyStatus(window.statusBar())
        self.saver = ProjectSaver(self.busy_status, FILE_ERRORS)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(lambda _doc, path, exc: self.window.show_error(
            "Cannot save", _reason(exc, path)))

    @property
    def busy(self) -> bool:
        """True while files are being read or saved in the background."""
        return any(not t.done() for t in self._tasks | self.saver.tasks)

    # -- recent files ----------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.window.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path | str) -> None:
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self.window.settings.setValue("recent_files", files[:MAX_RECENT])
        self.recent_changed.emit()

    def clear_recent(self) -> None:
        self.window.settings.setValue("recent_files", [])
        self.recent_changed.emit()

    # -- new / open ------------------------------------------------------------------------
    def ask_new(self) -> NewDocumentDialog:
        current = self.window.current_document()
        dialog = NewDocumentDialog(self.window, *(current.size if current else (64, 64)))
        dialog.accepted.connect(lambda: self.new_document(*dialog.size_chosen()))
        dialog.open()
        return dialog

    def new_document(self, width: int, height: int) -> Document | None:
        try:
            doc = Document.new(width, height, name=f"Untitled {self.window.untitled_count()}")
        except ValueError as exc:
            self.window.show_error("Cannot create the sprite", str(exc))
            return None
        self.window.add_document(doc)
        return doc

    def ask_open(self) -> QFileDialog:
        dialog = QFileDialog(self.window, "Open sprite", self._folder(), OPEN_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self.open_paths_later)
        dialog.open()
        return dialog

    def open_paths_later(self, paths: Iterable[str | Path]) -> asyncio.Task | None:
        """Like ``open_paths``, but each file is read and decoded in a worker thread when an
        asyncio loop runs (the app's qasync loop), so a big file does not freeze the window;
        documents are added in the GUI thread as each read finishes. Without a running loop
        (scripts, tests) the files are opened at once and None is returned."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.open_paths(paths)
            return None
        paths = [Path(p) for p in paths]
        task = loop.create_task(self._open_in_thread(paths))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self.busy_status.track(task, f"Opening {', '.join(p.name for p in paths[:3])}…")
        return task

    async def _open_in_thread(self, paths: list[Path]) -> list[Document]:
        opened = []
        status = self.window.statusBar()
        for path in paths:
            if self.window.document_for_path(path) is None:
                status.showMessage(f"Opening {path.name}…")
                try:
                    doc = await asyncio.to_thread(open_document, path)
                except asyncio.CancelledError:  # Cancel in the status bar: drop the rest
                    status.showMessage(f"Stopped opening {path.name}.", 8000)
                    raise
                except FILE_ERRORS as exc:
                    status.clearMessage()
                    self.window.show_error("Cannot open the file", _reason(exc, path))
                    continue
                status.clearMessage()
                if self.window.document_for_path(path) is None:  # not opened meanwhile
                    self.window.add_document(doc)
                    self.add_recent(path)
                    opened.append(doc)
                    continue
            existing = self.window.document_for_path(path)
            self.window.show_document(existing)
            opened.append(existing)
        return opened

    def open_paths(self, paths: Iterable[str | Path]) -> list[Document]:
        """Open each file (already open ones are just shown); report failures one by one."""
        opened = []
        for raw in paths:
            path = Path(raw)
            existing = self.window.document_for_path(path)
            if existing is not None:
                self.window.show_document(existing)
                opened.append(existing)
                continue
            try:
                doc = open_document(path)
            except FILE_ERRORS as exc:
                self.window.show_error("Cannot open the file", _reason(exc, path))
                continue
            self.window.add_document(doc)
            self.add_recent(path)
            opened.append(doc)
        return opened

    def ask_import_sheet(self) -> QFileDialog:
        dialog = QFileDialog(self.window, "Import sprite sheet", self._folder(),
                             "Images (*.png *.gif *.webp);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._ask_sheet_grid)
        dialog.open()
        return dialog

    def _ask_sheet_grid(self, path: str) -> None:
        try:
            sheet = open_document(path)
        except FILE_ERRORS as exc:
            self.window.show_error("Cannot open the sprite sheet", _reason(exc, path))
            return
        dialog = SheetImportDialog(sheet.width, sheet.height, self.window)
        dialog.accepted.connect(lambda: self.import_sheet(
            path, dialog.cell_w.value(), dialog.cell_h.value(),
            duration_ms=dialog.duration.value(), **dialog.grid()))
        dialog.open()

    def import_sheet(self, path: str | Path, cell_w: int, cell_h: int, duration_ms: int = 100,
                     **grid: int | bool | None) -> Document | None:
        """Slice a sheet image into the frames of a new document."""
        try:
            sheet = open_document(path)
            doc = document_from_sheet(sheet.composite(0), cell_w, cell_h,
                                      duration_ms=duration_ms, name=Path(path).stem, **grid)
        except FILE_ERRORS as exc:
            self.window.show_error("Cannot slice the sprite sheet", _reason(exc, path))
            return None
        self.window.add_document(doc)
        return doc

    # -- save ------------------------------------------------------------------------------
    def save(self, doc: Document | None = None, after: Callable[[], object] | None = None
             ) -> bool:
        """Save in place when that keeps everything; otherwise ask for a project file.

        Returns True when saved now; ``after`` runs once the document is saved (now, or when
        the Save As dialog succeeds).
        """
        doc = doc or self.window.current_document()
        if doc is None:
            return False
        path = doc.path
        if path is not None and path.suffix.lower() == PROJECT_SUFFIX and _loop_running():
            self.saver.start(doc, path, after)  # encoded and written in a worker thread
            return False
        if path is not None and (path.suffix.lower() == PROJECT_SUFFIX
                                 or (path.suffix.lower() == ".png" and lossless_as_png(doc))):
            saved = self.save_to(doc, path)
            if saved and after is not None:
                after()
            return saved
        self.ask_save_as(doc, after)
        return False

    def save_all_then(self, docs: list[Document], proceed: Callable[[], object]) -> None:
        """Save each document in turn (asking for names as needed), then ``proceed()``."""
        if not docs:
            proceed()
            return
        self.save(docs[0], after=lambda: self.save_all_then(docs[1:], proceed))

    def ask_save_as(self, doc: Document | None = None,
                    after: Callable[[], object] | None = None) -> QFileDialog | None:
        doc = doc or self.window.current_document()
        if doc is None:
            return None
        stem = doc.path.stem if doc.path else doc.name
        dialog = QFileDialog(self.window, "Save sprite as",
                             str(Path(self._folder()) / f"{stem}{PROJECT_SUFFIX}"), SAVE_FILTER)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(PROJECT_SUFFIX.lstrip("."))

        def chosen(path: str) -> None:
            target = Path(path) if Path(path).suffix else Path(path).with_suffix(PROJECT_SUFFIX)
            if target.suffix.lower() == PROJECT_SUFFIX and _loop_running():
                self.saver.start(doc, target, after)
            elif self.save_to(doc, target) and not doc.dirty and after is not None:
                after()

        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def save_to(self, doc: Document, path: str | Path) -> bool:
        """Write ``doc`` to ``path`` (.pxstudio project, or .png of the current frame)."""
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(PROJECT_SUFFIX)
        suffix = path.suffix.lower()
        old_name = doc.name
        try:
            if suffix == PROJECT_SUFFIX:
                doc.name = path.stem  # the project stores the name: rename before writing
                save_project(doc, path)
            elif suffix == ".png":
                save_png(doc, path)
                if not lossless_as_png(doc):
                    self.window.show_info(
                        "Exported the current frame",
                        f"{path.name} holds only the visible pixels of frame "
                        f"{doc.current_frame + 1}. Save as {PROJECT_SUFFIX} to keep every "
                        "frame, layer and mask.")
                    return True
                doc.mark_saved(path)
            else:
                raise FileFormatError(f"cannot save as {suffix}; use {PROJECT_SUFFIX} or .png")
        except FILE_ERRORS as exc:
            doc.name = old_name
            self.window.show_error("Cannot save", _reason(exc, path))
            return False
        self._saved(doc, path)
        return True

    def _saved(self, doc: Document, path: Path) -> None:
        doc.name = path.stem
        self.add_recent(path)
        self.window.refresh_titles()

    def ask_export_png(self, doc: Document | None = None) -> QFileDialog | None:
        doc = doc or self.window.current_document()
        if doc is None:
            return None
        dialog = QFileDialog(self.window, "Export PNG", str(Path(self._folder()) /
                                                            f"{doc.name}.png"),
                             "PNG image (*.png)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(lambda p: self.export_png(doc, p))
        dialog.open()
        return dialog

    def export_png(self, doc: Document, path: str | Path) -> bool:
        try:
            save_png(doc, path)
        except FILE_ERRORS as exc:
            self.window.show_error("Cannot export", _reason(exc, path))
            return False
        return True

    # -- clipboard and drops ---------------------------------------------------------------
    def paste_mime(self, mime: QMimeData, as_document: bool = False) -> bool:
        """Image data as a new layer of the current document (or a new document)."""
        try:
            pixels = pixels_from_mime(mime)
        except FILE_ERRORS as exc:
            self.window.show_error("Nothing to paste", str(exc))
            return False
        doc = self.window.current_document()
        if as_document or doc is None:
            try:
                new = Document.from_image(pixels, name="Pasted")
            except ValueError as exc:
                self.window.show_error("Cannot paste", str(exc))
                return False
            self.window.add_document(new)
            return True
        self.paste_as_layer(doc, pixels)
        return True

    def paste_as_layer(self, doc: Document, pixels: np.ndarray) -> int:
        """A new layer above the active one, the image at the selection (or top-left)."""
        canvas = self.window.canvas
        origin = canvas.selection.rect or Rect(0, 0, 0, 0)
        layer_pixels = blank_pixels(doc.width, doc.height)
        h, w = pixels.shape[:2]
        place = Rect(origin.x, origin.y, w, h).clamp(doc.width, doc.height)
        if not place.is_empty:
            layer_pixels[place.slices()] = pixels[place.translated(-origin.x,
                                                                   -origin.y).slices()]
        index = doc.add_layer(doc.current_frame, Layer("Pasted", layer_pixels),
                              index=canvas.layer + 1)
        canvas.active_layer = index
        self.window.layers_panel.refresh()
        return index

    def drop_mime(self, mime: QMimeData) -> bool:
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        openable = [p for p in paths if is_openable(p)]
        if openable:
            self.open_paths_later(openable)
            return True
        if paths:
            names = ", ".join(Path(p).name for p in paths[:3])
            self.window.show_error("Cannot open the dropped file",
                                   f"{names}: not a sprite ({', '.join(OPENABLE_SUFFIXES)})")
            return False
        return self.paste_mime(mime, as_document=True)

    def _folder(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())


def _loop_running() -> bool:
    """True inside the app's qasync loop (scripts and plain tests save synchronously)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _reason(exc: Exception, path: str | Path) -> str:
    text = str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    name = Path(path).name
    return text if text.startswith(name) else f"{name}: {text}"
