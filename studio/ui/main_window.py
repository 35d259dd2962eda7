"""The main window: document tabs around one canvas, docks, menus, tool bar and status bar.

Later panels plug in with ``window.add_panel(widget, "panel.create", "Create")`` and follow the
shown document through the ``document_changed`` signal (or ``current_document()``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Document
from studio.core.faults import fault_point
from studio.core.recovery.journal import RecoverableDocument, RecoveryJournal, restore
from studio.ui.canvas import CanvasWidget
from studio.ui.canvas.viewport import zoom_label
from studio.ui.dialogs import RecoveryDialog
from studio.ui.edit_actions import EditController
from studio.ui.export_actions import ExportController
from studio.ui.file_actions import FILE_ERRORS, FileController, is_openable
from studio.ui.frames_strip import FramesStrip
from studio.ui.layers_panel import LayersPanel
from studio.ui.menus import build_menus
from studio.ui.palette_panel import PalettePanel
from studio.ui.panels.result_review import ReviewBar
from studio.ui.preferences import restore_preferences, save_preferences
from studio.ui.shortcuts import ShortcutsDialog, apply_shortcut_overrides
from studio.ui.skeleton.joint_tool import install_joint_tool

LAYOUT_VERSION = 2


class MainWindow(QMainWindow):
    document_changed = Signal(object)  # the shown Document or None
    first_shown = Signal()
    recovery_problem = Signal(str)  # emitted from the journal's thread; shown in the GUI one

    def __init__(self, settings: QSettings | None = None,
                 journal: RecoveryJournal | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("Pixel Studio")
        self.setAcceptDrops(True)
        self.settings = settings if settings is not None else QSettings()
        self.journal = journal
        if journal is not None:
            journal.on_problem = self.recovery_problem.emit
            self.recovery_problem.connect(lambda text: self.show_error("Crash recovery", text),
                                          Qt.ConnectionType.QueuedConnection)
        self.documents: list[Document] = []
        self.last_error: str | None = None
        self._closing_confirmed = False
        self.quit_warnings: dict[str, Callable[[], str | None]] = {}  # asked before quitting
        self._shown_once = False
        self.canvas = CanvasWidget()
        self.tabs = QTabBar()
        self.tabs.setObjectName("documents.tabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(False)
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.currentChanged.connect(self._on_tab)
        self.tabs.tabCloseRequested.connect(lambda i: self.close_document(self.documents[i]))
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.tabs)
        # One review bar for a result from any panel: Show original / Accept / Reject.
        self.review_bar = ReviewBar.of(self.canvas)
        self.review_bar.setParent(central)
        self.review_bar.setContentsMargins(6, 3, 6, 3)
        self.review_bar.finished.connect(
            lambda outcome: self.statusBar().showMessage(f"Result {outcome}.", 5000))
        self.review_bar.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        box.addWidget(self.review_bar)
        box.addWidget(self.canvas, 1)
        self.setCentralWidget(central)
        self.files = FileController(self)
        self.edit = EditController(self)
        self.exporter = ExportController(self)
        self.palette_panel = PalettePanel(self.canvas)
        self.layers_panel = LayersPanel(self.canvas)
        self.frames_strip = FramesStrip(self.canvas)
        for panel in (self.palette_panel, self.layers_panel, self.frames_strip):
            panel.error.connect(lambda text: self.show_error("Cannot do that", text))
        self.add_panel(self.palette_panel, "panel.palette", "Palette",
                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.add_panel(self.layers_panel, "panel.layers", "Layers",
                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.frames_dock = self.add_panel(self.frames_strip, "panel.frames", "Frames",
                                          Qt.DockWidgetArea.BottomDockWidgetArea)
        self._frame_counts: dict[int, int] = {}
        self._build_status_bar()
        self.actions_by_name = build_menus(self)
        install_joint_tool(self)
        self.canvas.cursor_moved.connect(self._show_cursor)
        self.canvas.refused.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.canvas.view_changed.connect(self._show_view)
        self.files.recent_changed.connect(self.rebuild_recent_menu)
        self.rebuild_recent_menu()
        apply_shortcut_overrides(self, self.settings)
        restore_preferences(self)
        self._restore_layout()
        self._show_document(None)

    # -- panels ----------------------------------------------------------------------------
    def add_panel(self, widget: QWidget, object_name: str, title: str,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
                  ) -> QDockWidget:
        """Dock ``widget``; its dock gets ``object_name`` (kept in the saved layout)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        panels_menu = getattr(self, "panels_menu", None)
        if panels_menu is not None:
            panels_menu.addAction(dock.toggleViewAction())
        restored = False
        if getattr(self, "_layout_state", None) is not None:
            restored = self.restoreDockWidget(dock)
        dock.setProperty("layout_restored", restored)
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_labels: dict[str, QLabel] = {}
        for name, tip, width in (
            # Narrow: the status messages need the room on the left.
            ("status.cursor", "Pixel under the cursor", 60),
            ("status.color", "Colour under the cursor (RGBA)", 0),
            ("status.zoom", "Zoom", 40),
            ("status.size", "Document size", 0),
            ("status.backend", "Generation backend", 0),
            ("status.balance", "Remaining credits", 0),
        ):
            label = QLabel()
            label.setObjectName(name)
            label.setToolTip(tip)
            if width:
                label.setMinimumWidth(width)
            bar.addPermanentWidget(label)
            self.status_labels[name] = label

    def _show_cursor(self, x: int, y: int, color: object) -> None:
        self.status_labels["status.cursor"].setText(f"{x}, {y}")
        text = "" if color is None else "#{:02x}{:02x}{:02x} a{}".format(*color)
        self.status_labels["status.color"].setText(text)

    def _show_view(self) -> None:
        doc = self.current_document()
        self.status_labels["status.zoom"].setText(zoom_label(self.canvas.viewport.zoom)
                                                  if doc else "")
        size = f"{doc.width} x {doc.height}, {len(doc.frames)} fr" if doc else ""
        self.status_labels["status.size"].setText(size)

    # -- documents -------------------------------------------------------------------------
    def current_document(self) -> Document | None:
        return self.canvas.document

    def untitled_count(self) -> int:
        return 1 + sum(1 for d in self.documents if d.path is None)

    def document_for_path(self, path: Path) -> Document | None:
        target = path.resolve()
        return next((d for d in self.documents if d.path and d.path.resolve() == target), None)

    def add_document(self, doc: Document, replaces: RecoverableDocument | None = None) -> None:
        self.documents.append(doc)
        doc.dirty_changed.connect(lambda _dirty: self.refresh_titles())
        doc.structure_changed.connect(self._show_view)
        doc.structure_changed.connect(lambda: self._frames_arrived(doc))
        if self.journal is not None:
            self.journal.watch(doc, replaces)
        self.tabs.addTab(doc.name)
        self.show_document(doc)
        self._frames_arrived(doc)

    def _frames_arrived(self, doc: Document) -> None:
        """More frames in the shown document (an animation came back, a sheet was opened):
        bring the Frames strip forward over the Jobs and Library tabs."""
        before = self._frame_counts.get(id(doc), 1)
        self._frame_counts[id(doc)] = len(doc.frames)
        if len(doc.frames) > max(1, before) and doc is self.current_document():
            self.frames_dock.show()
            self.frames_dock.raise_()

    def show_document(self, doc: Document) -> None:
        self.tabs.setCurrentIndex(self.documents.index(doc))
        self._show_document(doc)

    def _on_tab(self, index: int) -> None:
        if 0 <= index < len(self.documents):
            self._show_document(self.documents[index])

    def _show_document(self, doc: Document | None) -> None:
        if doc is self.canvas.document and doc is not None:
            return
        self.frames_strip.set_playing(False)
        self.canvas.set_document(doc)
        self.palette_panel.set_document(doc)
        self.layers_panel.set_document(doc)
        self.frames_strip.set_document(doc)
        self.refresh_titles()
        self._show_view()
        self.document_changed.emit(doc)

    def refresh_titles(self) -> None:
        for i, d in enumerate(self.documents):
            self.tabs.setTabText(i, ("*" if d.dirty else "") + d.name)
            self.tabs.setTabToolTip(i, str(d.path) if d.path else "not saved yet")
        doc = self.current_document()
        self.setWindowTitle(f"{'*' if doc and doc.dirty else ''}{doc.name} - Pixel Studio"
                            if doc else "Pixel Studio")

    def close_document(self, doc: Document, force: bool = False) -> bool:
        """Close a tab; an unsaved document asks first (returns False while asking)."""
        if doc.dirty and not force:
            self.ask_unsaved([doc], lambda: self.close_document(doc, force=True))
            return False
        index = self.documents.index(doc)
        if self.journal is not None:
            self.journal.unwatch(doc)  # an unsaved document stays recoverable for a while
        self.documents.pop(index)
        self._frame_counts.pop(id(doc), None)
        self.canvas.forget_document(doc)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.blockSignals(False)
        nxt = self.documents[min(index, len(self.documents) - 1)] if self.documents else None
        if nxt is not None:
            self.show_document(nxt)
        else:
            self._show_document(None)
        return True

    # -- messages --------------------------------------------------------------------------
    def show_error(self, title: str, text: str) -> QMessageBox:
        self.last_error = text
        return self._message(QMessageBox.Icon.Warning, title, text)

    def show_info(self, title: str, text: str) -> QMessageBox:
        return self._message(QMessageBox.Icon.Information, title, text)

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("message")
        box.open()  # never a nested event loop (qasync)
        self.statusBar().showMessage(text, 8000)
        return box

    def ask_unsaved(self, docs: list[Document], proceed: Callable[[], object]) -> QMessageBox:
        """Save / Discard / Cancel for unsaved documents; ``proceed()`` runs unless cancelled."""
        names = ", ".join(d.name for d in docs)
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          f"Save the changes to {names}?", QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("unsaved")
        box.setDefaultButton(QMessageBox.StandardButton.Save)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Discard:
                proceed()
            elif button == QMessageBox.StandardButton.Save:
                self.files.save_all_then(docs, proceed)  # asks for names where needed

        box.finished.connect(answered)
        box.open()
        return box

    # -- recovery --------------------------------------------------------------------------
    def offer_recovery(self) -> RecoveryDialog | None:
        """At start: list unsaved documents of earlier runs and restore the chosen ones."""
        if self.journal is None:
            return None
        entries = self.journal.list_recoverable()
        if not entries:
            return None
        dialog = RecoveryDialog(entries, self)
        dialog.accepted.connect(lambda: self.restore_entries(dialog.chosen()))
        dialog.open()
        return dialog

    def restore_entries(self, entries) -> list[Document]:
        restored = []
        for entry in entries:
            try:
                doc = restore(entry, discard_entry=self.journal is None)
            except FILE_ERRORS as exc:
                self.show_error("Cannot restore", f"{entry.name}: {exc}")
                continue
            self.add_document(doc, replaces=entry)  # the old entry goes once re-journalled
            restored.append(doc)  # (a kill here must not lose it: tests stop at the point)
        fault_point("recovery-restored")
        return restored

    # -- recent files menu -----------------------------------------------------------------
    def rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.files.recent_files()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _c=False, p=path: self.files.open_paths_later([p]))
        menu.setEnabled(bool(files))
        if files:
            menu.addSeparator()
            menu.addAction("Clear recent files", self.files.clear_recent)

    # -- drag and drop, clipboard ----------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt naming)
        mime = event.mimeData()
        if (any(is_openable(u.toLocalFile()) for u in mime.urls() if u.isLocalFile())
                or mime.hasImage()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if self.files.drop_mime(event.mimeData()):
            event.acceptProposedAction()

    def open_shortcuts(self) -> ShortcutsDialog:
        """Edit → Keyboard shortcuts… (also a button in Settings)."""
        dialog = ShortcutsDialog(self, self.settings)
        dialog.open()
        return dialog

    def paste(self, as_document: bool = False) -> bool:
        return self.files.paste_mime(QGuiApplication.clipboard().mimeData(), as_document)

    # -- layout and closing ----------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        self._layout_state = state
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # first start: most of the screen, centred
            screen = QGuiApplication.primaryScreen()
            area = screen.availableGeometry() if screen is not None else None
            if area is not None and area.width() > 0:
                self.resize(int(area.width() * 0.92), int(area.height() * 0.92))
                self.move(area.center() - self.rect().center())
            else:
                self.resize(1280, 800)
        if isinstance(state, QByteArray):
            self.restoreState(state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        save_preferences(self)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self.settings.sync()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self.first_shown.emit)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing_confirmed and self.quit_warnings:
            from studio.ui.panels.jobs_unstored import asked_before_quitting  # loads the queue

            if asked_before_quitting(self, event):
                return
        unsaved = [d for d in self.documents if d.dirty]
        if unsaved and not self._closing_confirmed:
            event.ignore()
            self.ask_unsaved(unsaved, self._close_confirmed)
            return
        self.frames_strip.set_playing(False)
        self.save_layout()
        if self.journal is not None:
            for doc in list(self.documents):
                self.journal.unwatch(doc)
        event.accept()

    def _close_confirmed(self) -> None:
        self._closing_confirmed = True
        self.close()
