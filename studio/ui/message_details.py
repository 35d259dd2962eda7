"""MessageWithDetails: a plain sentence for the user, with the technical text (exception,
endpoint) kept behind a "Details" toggle and written to the log."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger("studio.ui.messages")


class MessageWithDetails(QWidget):
    """A message label and a collapsed details box; objectNames ``<name>``,
    ``<name>.details_toggle`` and ``<name>.details``."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(objectName=name, wordWrap=True)
        self.toggle = QPushButton("Details", objectName=f"{name}.details_toggle")
        self.toggle.setCheckable(True)
        self.toggle.setFlat(True)
        self.details = QPlainTextEdit(objectName=f"{name}.details")
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.toggle)
        layout.addWidget(self.details)
        self.toggle.toggled.connect(self.details.setVisible)
        self.show_message("")

    def text(self) -> str:
        return self.label.text()

    def show_message(self, text: str, details: str = "") -> None:
        """Show ``text``; ``details`` (if any) is logged and offered behind the toggle."""
        self.label.setText(text)
        self.details.setPlainText(details)
        if details:
            log.warning("%s (details: %s)", text, details)
        self.toggle.setChecked(False)
        self.toggle.setVisible(bool(details))
        self.details.setVisible(False)
