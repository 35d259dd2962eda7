"""New / edit frame tag dialog: name, first and last frame (1-based on screen), direction,
repeat count. Problems are shown in the dialog as a sentence; nothing is changed until OK."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from studio.core.document.tags import DIRECTIONS, FrameTag, tag_problem

DIRECTION_LABELS = {"forward": "Forward", "reverse": "Reverse", "pingpong": "Ping-pong",
                    "pingpong_reverse": "Ping-pong, reverse"}


class TagDialog(QDialog):
    def __init__(self, frame_count: int, tag: FrameTag, others: list[FrameTag],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tag.dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Frame tag")
        self.frame_count = frame_count
        self.others = [t.name for t in others]
        self.name = QLineEdit(tag.name, objectName="tag.name")
        self.first = QSpinBox(objectName="tag.from", minimum=1, maximum=frame_count,
                              value=tag.start + 1)
        self.last = QSpinBox(objectName="tag.to", minimum=1, maximum=frame_count,
                             value=tag.end + 1)
        self.direction = QComboBox(objectName="tag.direction")
        for d in DIRECTIONS:
            self.direction.addItem(DIRECTION_LABELS[d], d)
        self.direction.setCurrentIndex(DIRECTIONS.index(tag.direction))
        self.repeat = QSpinBox(objectName="tag.repeat", minimum=0, maximum=65535,
                               value=tag.repeat, specialValueText="forever")
        self.problem = QLabel(objectName="tag.problem", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("From frame", self.first)
        form.addRow("To frame", self.last)
        form.addRow("Plays", self.direction)
        form.addRow("Repeats", self.repeat)
        form.addRow(self.problem)
        form.addRow(buttons)

    def tag(self) -> FrameTag:
        return FrameTag(self.name.text().strip(), self.first.value() - 1, self.last.value() - 1,
                        self.direction.currentData(), self.repeat.value())

    def accept(self) -> None:
        tag = self.tag()
        problem = tag_problem(tag, self.frame_count)
        if problem is None and tag.name in self.others:
            problem = f"Another tag is already called {tag.name!r}; pick a different name."
        if problem:
            self.problem.setText(problem)
            return
        super().accept()
