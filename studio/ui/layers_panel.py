"""Layers of the current frame (top first) with thumbnails: visibility, rename (double-click),
opacity, reorder (drag or buttons), add/delete/duplicate/merge down, accept/reject an AI layer.
Every change is one undo step."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Document
from studio.ui.qt_images import thumbnail_icon

THUMB = 32
KIND_LABELS = {"ai": "  [AI result]", "reference": "  [reference]"}
LOCKED = "  🔒"


def _tool_button(text: str, name: str, tip: str) -> QToolButton:
    """A compact button (the dock shares its column with the palette)."""
    b = QToolButton(text=text, objectName=name)
    b.setToolTip(tip)
    return b


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
        self.list.setMinimumHeight(40)  # one row at 1280x800: the Palette above is not squashed
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.opacity = QSlider(Qt.Orientation.Horizontal, objectName="layers.opacity")
        self.opacity.setRange(0, 100)
        self.opacity.setToolTip("Opacity of the selected layer")
        self.opacity.valueChanged.connect(self._on_opacity_moved)
        self.opacity.sliderReleased.connect(self._apply_opacity)
        self.opacity_label = QLabel("100%")
        self.up_button = _tool_button("▲", "layers.up", "Move the selected layer up")
        self.down_button = _tool_button("▼", "layers.down", "Move the selected layer down")
        self.duplicate_button = _tool_button("Dup", "layers.duplicate", "Duplicate the layer")
        self.merge_button = _tool_button("Merge", "layers.merge_down",
                                         "Merge the layer into the one below (Ctrl+E)")
        self.lock_button = _tool_button("🔒", "layers.lock",
                                        "Lock the layer: tools cannot change its pixels")
        self.lock_button.setCheckable(True)
        self.lock_button.clicked.connect(self.toggle_lock)
        self.up_button.clicked.connect(lambda: self.move_selected(1))
        self.down_button.clicked.connect(lambda: self.move_selected(-1))
        self.duplicate_button.clicked.connect(self.duplicate_layer)
        self.merge_button.clicked.connect(self.merge_down)
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
        for b in (self.add_button, self.delete_button, self.duplicate_button, self.merge_button):
            row.addWidget(b)
        opacity_row = QHBoxLayout()  # opacity and order share a row: the dock stays short
        opacity_row.addWidget(QLabel("Opacity"))
        opacity_row.addWidget(self.opacity, 1)
        opacity_row.addWidget(self.opacity_label)
        for b in (self.lock_button, self.up_button, self.down_button):
            opacity_row.addWidget(b)
        review = QHBoxLayout()
        for b in (self.accept_button, self.reject_button):
            review.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(opacity_row)
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
                item = QListWidgetItem(thumbnail_icon(layer.pixels, THUMB),
                                       layer.name + KIND_LABELS.get(layer.kind, "")
                                       + (LOCKED if layer.locked else ""))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsEditable)
                item.setCheckState(Qt.CheckState.Checked if layer.visible
                                   else Qt.CheckState.Unchecked)
                item.setToolTip("Tick to show the layer; double-click to rename; drag to "
                                "reorder")
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
        self.duplicate_button.setEnabled(has)
        self.merge_button.setEnabled(has and (layer or 0) > 0)
        self.up_button.setEnabled(has and (layer or 0) < count - 1)
        self.down_button.setEnabled(has and (layer or 0) > 0)
        self.opacity.setEnabled(has)
        self.lock_button.setEnabled(has)
        self.lock_button.setChecked(has and doc.frames[doc.current_frame].layers[layer].locked)
        if has:
            value = round(doc.frames[doc.current_frame].layers[layer].opacity * 100)
            self.opacity.blockSignals(True)
            self.opacity.setValue(value)
            self.opacity.blockSignals(False)
            self.opacity_label.setText(f"{value}%")
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
        layer = doc.frames[doc.current_frame].layers[index]
        visible = item.checkState() == Qt.CheckState.Checked
        name = item.text().removesuffix(LOCKED)
        for suffix in KIND_LABELS.values():
            name = name.removesuffix(suffix)
        name = name.strip()
        if layer.visible != visible:
            doc.set_layer_props(doc.current_frame, index, visible=visible)
        elif name and name != layer.name:
            doc.set_layer_props(doc.current_frame, index, name=name)
        else:
            QTimer.singleShot(0, self.refresh)  # an empty name: show the old one again

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

    def duplicate_layer(self) -> None:
        self._run(lambda doc, i: doc.duplicate_layer(doc.current_frame, i), new_active=1)

    def merge_down(self) -> None:
        self._run(lambda doc, i: doc.merge_down(doc.current_frame, i), new_active=-1)

    def move_selected(self, step: int) -> None:
        """Move the selected layer up (+1) or down (-1) in the stack."""
        doc, index = self.document, self.selected_layer()
        if doc is None or index is None:
            return
        target = index + step
        if 0 <= target < len(doc.frames[doc.current_frame].layers):
            self._run(lambda d, i: d.move_layer(d.current_frame, i, target), new_active=step)

    def _on_rows_moved(self, _parent, start: int, _end: int, _dest, dest: int) -> None:
        doc = self.document
        if doc is None:
            return
        count = len(doc.frames[doc.current_frame].layers)
        row_after = dest - 1 if dest > start else dest
        src, dst = count - 1 - start, count - 1 - row_after
        QTimer.singleShot(0, lambda: self._move(src, dst))  # not inside the drop callback

    def _move(self, src: int, dst: int) -> None:
        doc = self.document
        if doc is not None and src != dst:
            doc.move_layer(doc.current_frame, src, dst)
            self.canvas.active_layer = dst
        self.refresh()

    def _on_opacity_moved(self, value: int) -> None:
        self.opacity_label.setText(f"{value}%")
        if not self.opacity.isSliderDown():  # keys and clicks: one step each
            self._apply_opacity()

    def _apply_opacity(self) -> None:
        doc, index = self.document, self.selected_layer()
        if doc is None or index is None:
            return
        value = self.opacity.value() / 100
        if abs(doc.frames[doc.current_frame].layers[index].opacity - value) > 1e-9:
            doc.set_layer_props(doc.current_frame, index, opacity=value)

    def toggle_lock(self) -> None:
        doc, index = self.document, self.selected_layer()
        if doc is not None and index is not None:
            locked = doc.frames[doc.current_frame].layers[index].locked
            doc.set_layer_props(doc.current_frame, index, locked=not locked)
