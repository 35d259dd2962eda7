"""VariantStrip: thumbnails of the variants as they arrive; one click places one on the canvas."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.ui.panels.generation_images import scaled_icon

ICON = 72
PLACE_MODES = {"New layer": "layer", "New document": "document"}


class VariantStrip(QWidget):
    """Emits ``chosen(result_id, mode)`` with mode "layer" or "document"."""

    chosen = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.place_mode = QComboBox(objectName="create.place_mode")
        self.place_mode.addItems(list(PLACE_MODES))
        self.list = QListWidget(objectName="create.results")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMinimumHeight(ICON + 30)
        self.list.itemClicked.connect(self._clicked)
        layout.addWidget(self.place_mode)
        layout.addWidget(self.list)

    @property
    def mode(self) -> str:
        return PLACE_MODES[self.place_mode.currentText()]

    def clear(self) -> None:
        self.list.clear()

    def add_variant(self, result_id: int, pixels: np.ndarray, label: str) -> QListWidgetItem:
        item = QListWidgetItem(scaled_icon(pixels, ICON), label)
        item.setData(Qt.ItemDataRole.UserRole, result_id)
        item.setToolTip(f"{label}: click to place as a {self.mode}")
        self.list.addItem(item)
        return item

    def result_ids(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)), self.mode)
