"""The full list of template animation ids, searchable as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QListWidget, QVBoxLayout, QWidget

from studio.api.enums import TEMPLATE_ANIMATION_IDS


class TemplatePicker(QWidget):
    """All template animation ids, filtered as you type (substring, case-insensitive)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("characters.template_filter")
        self.filter.setPlaceholderText(f"Search {len(TEMPLATE_ANIMATION_IDS)} templates…")
        self.filter.setClearButtonEnabled(True)
        completer = QCompleter(list(TEMPLATE_ANIMATION_IDS), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.filter.setCompleter(completer)
        self.list = QListWidget(self)
        self.list.setObjectName("characters.template_list")
        self.list.addItems(list(TEMPLATE_ANIMATION_IDS))
        self.list.setFixedHeight(110)
        self.list.setCurrentRow(TEMPLATE_ANIMATION_IDS.index("walk"))
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._apply_filter)
        completer.activated.connect(self.select)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in item.text()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = row
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first_visible is not None:
            self.list.setCurrentRow(first_visible)

    def visible_ids(self) -> list[str]:
        return [self.list.item(r).text() for r in range(self.list.count())
                if not self.list.item(r).isHidden()]

    def select(self, template_id: str) -> None:
        matches = self.list.findItems(template_id, Qt.MatchFlag.MatchExactly)
        if matches:
            self.list.setCurrentItem(matches[0])

    def value(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else item.text()
