"""Layers of the current frame (top first): visibility, add/delete, accept/reject an AI layer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Document


def _button(text: str, name: str, tip: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setToolTip(tip)
    return b


class LayersPanel(QWidget):
    error = Signal(str)

    def __init__(self, canvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers.panel")
        self.canvas = canvas
        self.document: Document | None = None
        self.list = QListWidget()
        self.list.setObjectName("layers.list")
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemChanged.connect(self._on_item_changed)
        self.add_button = _button("Add", "layers.add", "Add an empty layer above")
        self.delete_button = _button("Delete", "layers.delete", "Delete the selected layer")
        self.accept_button = _button("Accept", "layers.accept",
                                     "Merge the selected AI layer into the layer below")
        self.reject_button = _button("Reject", "layers.reject",
                                     "Discard the selected AI layer")
        self.add_button.clicked.connect(self.add_layer)
        self.delete_button.clicked.connect(self.delete_layer)
        self.accept_button.clicked.connect(self.accept_layer)
        self.reject_button.clicked.connect(self.reject_layer)
        row = QHBoxLayout()
        for b in (self.add_button, self.delete_button):
            row.addWidget(b)
        review = QHBoxLayout()
        for b in (self.accept_button, self.reject_button):
            review.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addLayout(review)
        self.set_document(None)

    # -- document ----------------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        if self.document is not None:
            self.document.structure_changed.disconnect(self.refresh)
            self.document.current_frame_changed.disconnect(self._on_frame)
        self.document = doc
        if doc is not None:
            doc.structure_changed.connect(self.refresh)
            doc.current_frame_changed.connect(self._on_frame)
        self.refresh()

    def _on_frame(self, _index: int) -> None:
        self.refresh()

    def _row_to_layer(self, row: int) -> int:
        assert self.document is not None
        return len(self.document.frames[self.document.current_frame].layers) - 1 - row

    def refresh(self) -> None:
        doc = self.document
        self.list.blockSignals(True)
        self.list.clear()
        if doc is not None:
            layers = doc.frames[doc.current_frame].layers
            for layer in reversed(layers):
                label = f"{layer.name}  [AI result]" if layer.kind == "ai" else layer.name
                item = QListWidgetItem(label)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if layer.visible
                                   else Qt.CheckState.Unchecked)
                item.setToolTip("Tick to show the layer")
                self.list.addItem(item)
            active = min(self.canvas.layer, len(layers) - 1)
            self.list.setCurrentRow(len(layers) - 1 - active)
        self.list.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        doc = self.document
        layer = self.selected_layer()
        has = doc is not None and layer is not None
        kind = doc.frames[doc.current_frame].layers[layer].kind if has else None
        count = len(doc.frames[doc.current_frame].layers) if doc is not None else 0
        self.add_button.setEnabled(doc is not None)
        self.delete_button.setEnabled(has and count > 1)
        self.accept_button.setEnabled(kind == "ai" and (layer or 0) > 0)
        self.reject_button.setEnabled(kind == "ai")

    def selected_layer(self) -> int | None:
        row = self.list.currentRow()
        if self.document is None or row < 0:
            return None
        return self._row_to_layer(row)

    def _on_row(self, row: int) -> None:
        if row >= 0 and self.document is not None:
            self.canvas.active_layer = self._row_to_layer(row)
        self._update_buttons()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        doc = self.document
        if doc is None:
            return
        index = self._row_to_layer(self.list.row(item))
        visible = item.checkState() == Qt.CheckState.Checked
        if doc.frames[doc.current_frame].layers[index].visible != visible:
            doc.set_layer_props(doc.current_frame, index, visible=visible)

    # -- actions ---------------------------------------------------------------------------
    def add_layer(self) -> None:
        doc = self.document
        if doc is not None:
            index = doc.add_layer(doc.current_frame)
            self.canvas.active_layer = index
            self.refresh()

    def delete_layer(self) -> None:
        self._run(lambda doc, i: doc.remove_layer(doc.current_frame, i))

    def accept_layer(self) -> None:
        self._run(lambda doc, i: doc.accept_layer(doc.current_frame, i), new_active=-1)

    def reject_layer(self) -> None:
        self._run(lambda doc, i: doc.reject_layer(doc.current_frame, i), new_active=-1)

    def _run(self, fn, new_active: int = -1) -> None:
        doc, index = self.document, self.selected_layer()
        if doc is None or index is None:
            return
        try:
            fn(doc, index)
        except (ValueError, IndexError) as exc:
            self.error.emit(str(exc))
            return
        self.canvas.active_layer = max(0, index + new_active)
        self.refresh()
