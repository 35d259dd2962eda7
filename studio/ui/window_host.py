"""What the file actions (and, extended in ``menus``, the menus) need of the main window.

``FileController`` and ``build_menus`` take a host, not the ``MainWindow`` class, so the window
imports them and they never import the window (no import circle)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QStatusBar

from studio.core.document.document import Document

if TYPE_CHECKING:
    from studio.ui.canvas.widget import CanvasWidget
    from studio.ui.layers_panel import LayersPanel


class DocumentHost(Protocol):
    """The open documents, the canvas and the messages: what the file actions use."""

    settings: QSettings
    canvas: CanvasWidget
    layers_panel: LayersPanel

    def current_document(self) -> Document | None: ...
    def untitled_count(self) -> int: ...
    def document_for_path(self, path: Path) -> Document | None: ...
    def add_document(self, doc: Document) -> None: ...
    def show_document(self, doc: Document) -> None: ...
    def refresh_titles(self) -> None: ...
    def show_error(self, title: str, text: str) -> QMessageBox: ...
    def show_info(self, title: str, text: str) -> QMessageBox: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802  (Qt's name)
