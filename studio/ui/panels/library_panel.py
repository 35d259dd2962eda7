"""Library panel (dock "panel.library"): browse every result with its parameters and cost;
search, filter by tool, reopen on the canvas, copy parameters back, export PNG, delete."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studio.core.fileio.errors import write_problem
from studio.core.jobs.library import LibraryError, ResultRecord, ResultsLibrary
from studio.core.jobs.queue import JobQueue
from studio.core.workflows.placement import PlaceImage, placement_note
from studio.ui.panels.generation_images import pil_to_rgba
from studio.ui.panels.library_model import (
    CELL_SIZE,
    THUMB_SIZE,
    LibraryModel,
    describe_record,
)

log = logging.getLogger(__name__)
ALL_TOOLS = "All tools"
NARROW = 620  # px: below this the action buttons stack in one column


class LibraryPanel(QWidget):
    params_requested = Signal(str, dict)  # endpoint, params: copy back into the Create panel

    def __init__(self, library: ResultsLibrary, *, place_image: PlaceImage,
                 queue: JobQueue | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel.library.contents")
        self.library = library
        self._place_image = place_image
        self.model = LibraryModel(library, parent=self)
        self.search = QLineEdit(objectName="library.search", placeholderText="Search…")
        self.tool = QComboBox(objectName="library.tool")
        self.view = QListView(objectName="library.view")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.view.setUniformItemSizes(True)
        # A fixed grid: without one Qt measures every row again whenever a page of rows
        # arrives (45-55 ms at 5,000 rows); with it a page costs about 2 ms.
        self.view.setGridSize(CELL_SIZE + QSize(4, 4))
        self.view.setMovement(QListView.Movement.Static)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setModel(self.model)
        self.details = QLabel(objectName="library.details", wordWrap=True)
        self.count_label = QLabel(objectName="library.count")
        self.buttons = {
            name: QPushButton(text, objectName=f"library.{name}")
            for name, text in (("open", "Open as document"), ("layer", "Add as layer"),
                               ("copy_params", "Copy parameters"), ("export", "Export PNG…"),
                               ("delete", "Delete…"))
        }
        self._lay_out()
        self.dialog: Any = None

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.tool.currentTextChanged.connect(lambda _t: self.apply_filter())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.buttons["open"].clicked.connect(lambda: self.reopen("document"))
        self.buttons["layer"].clicked.connect(lambda: self.reopen("layer"))
        self.buttons["copy_params"].clicked.connect(self.copy_params)
        self.buttons["export"].clicked.connect(self.ask_export)
        self.buttons["delete"].clicked.connect(self.ask_delete)
        self._refresh_timer = QTimer(self, singleShot=True, interval=150)
        self._refresh_timer.timeout.connect(self.refresh)
        self._queue = queue
        if queue is not None:
            queue.result_stored.connect(self._on_result_stored)
            self.destroyed.connect(
                lambda *_: queue.result_stored.disconnect(self._on_result_stored))
        self._reload_tools()
        self._selection_changed()

    def _lay_out(self) -> None:
        """Thumbnails on the left, the chosen result's details and actions beside them: the
        panel usually sits in the short, wide bottom dock."""
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.tool)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.view, 1)
        left.addWidget(self.count_label)
        self._buttons_grid = buttons = QGridLayout()
        self._button_columns = 0
        self._arrange_buttons(2)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = QScrollArea(objectName="library.details_scroll")
        details.setWidget(self.details)
        details.setWidgetResizable(True)
        details.setFrameShape(QFrame.Shape.NoFrame)
        side = QVBoxLayout()
        side.addWidget(details, 1)
        side.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(side, 2)

    def _arrange_buttons(self, columns: int) -> None:
        if columns == self._button_columns:
            return
        self._button_columns = columns
        for i, button in enumerate(self.buttons.values()):
            self._buttons_grid.addWidget(button, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """In a narrow dock the actions stack in one column, so none is cut off."""
        self._arrange_buttons(1 if event.size().width() < NARROW else 2)
        super().resizeEvent(event)

    # -- list ------------------------------------------------------------------------------------
    def _reload_tools(self) -> None:
        current = self.tool.currentText()
        self.tool.blockSignals(True)
        self.tool.clear()
        self.tool.addItems([ALL_TOOLS, *self.library.tools()])
        self.tool.setCurrentText(current or ALL_TOOLS)
        self.tool.blockSignals(False)

    def apply_filter(self) -> None:
        """Show the rows of the search and tool filter; the chosen result stays chosen (also
        when new results arrive above it) as long as the filter still shows it."""
        self._search_timer.stop()  # applied now: the pending debounced search is not needed
        chosen = self.selected()
        tool = self.tool.currentText()
        self.model.set_filter(self.search.text().strip(), None if tool == ALL_TOOLS else tool)
        self.count_label.setText(f"{self.model.total()} result(s)")
        row = None if chosen is None else self.model.row_of(chosen.id)
        if row is not None:
            self.select_row(row)
        self._selection_changed()

    def refresh(self) -> None:
        self._refresh_timer.stop()
        self._reload_tools()
        self.apply_filter()

    def _on_result_stored(self, _job: Any, _record: Any) -> None:
        self._refresh_timer.start()

    def selected(self) -> ResultRecord | None:
        rows = self.view.selectionModel().selectedIndexes()
        return self.model.record(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row))

    def _selection_changed(self) -> None:
        record = self.selected()
        for button in self.buttons.values():
            button.setEnabled(record is not None)
        self.details.setText(describe_record(record) if record else "")

    # -- actions ---------------------------------------------------------------------------------
    def reopen(self, mode: str = "document") -> None:
        record = self.selected()
        if record is None:
            return
        try:
            pixels = pil_to_rgba(self.library.load_image(record.id))
        except LibraryError as exc:  # our own sentence (a missing file, a damaged image)
            self.details.setText(f"Could not open this result: {exc}.")
            return
        except OSError as exc:
            log.warning("could not read result %s: %s", record.id, exc)
            self.details.setText("Could not read this result's image file. It may have been "
                                 "moved or deleted outside the studio; the others are fine.")
            return
        placed = self._place_image(pixels, mode, record.description[:32] or record.tool)
        self.details.setText(placement_note(mode, placed, pixels))

    def copy_params(self) -> None:
        record = self.selected()
        if record is not None:
            self.params_requested.emit(record.endpoint, dict(record.params))

    def ask_export(self) -> None:
        record = self.selected()
        if record is None:
            return
        self.dialog = QFileDialog(self, "Export PNG")
        self.dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.dialog.setNameFilter("PNG images (*.png)")
        self.dialog.selectFile(f"result-{record.id}.png")
        self.dialog.fileSelected.connect(lambda path, rid=record.id: self.export(rid, path))
        self.dialog.open()

    def export(self, result_id: int, path: str | Path) -> Path | None:
        try:
            target = self.library.export_png(result_id, path)
        except LibraryError as exc:
            self.details.setText(f"Not exported: {exc}.")
            return None
        except OSError as exc:
            log.warning("could not export result %s to %s: %s", result_id, path, exc)
            self.details.setText("Not exported. " + write_problem(
                "the chosen folder", Path(path).parent, exc))
            return None
        self.details.setText(f"Exported to {target}")
        return target

    def ask_delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, "Delete result",
                                  f"Delete “{record.description[:40]}” and its PNG from the "
                                  "library? This cannot be undone.",
                                  QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No, self)
        self.dialog.finished.connect(
            lambda result, rid=record.id: result == QMessageBox.StandardButton.Yes
            and self.delete(rid))
        self.dialog.open()

    def delete(self, result_id: int) -> None:
        """Delete the result; the row that takes its place is selected (delete the next)."""
        rows = self.view.selectionModel().selectedIndexes()
        self.library.delete(result_id)
        self.model.refresh()
        self.count_label.setText(f"{self.model.total()} result(s)")
        if rows and self.model.rowCount():
            self.select_row(min(rows[0].row(), self.model.rowCount() - 1))
        self._selection_changed()
