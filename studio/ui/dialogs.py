"""Small non-blocking dialogs of the main window (open with ``.open()``, read on ``accepted``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import MAX_SIDE
from studio.core.recovery.journal import RecoverableDocument


def _spin(value: int, low: int, high: int, name: str, suffix: str = " px") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setObjectName(name)
    return box


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NewDocumentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, width: int = 64, height: int = 64) -> None:
        super().__init__(parent)
        self.setWindowTitle("New sprite")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one opening, one object
        self.setObjectName("dialog.new")
        self.width_box = _spin(width, 1, MAX_SIDE, "new.width")
        self.height_box = _spin(height, 1, MAX_SIDE, "new.height")
        form = QFormLayout(self)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        form.addRow(_buttons(self))

    def size_chosen(self) -> tuple[int, int]:
        return self.width_box.value(), self.height_box.value()


class SheetImportDialog(QDialog):
    """Grid of a sprite sheet: cell size, optional columns/rows (0 = as many as fit), gaps."""

    def __init__(self, sheet_w: int, sheet_h: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import sprite sheet")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one opening, one object
        self.setObjectName("dialog.sheet")
        guess = min(sheet_w, sheet_h)
        self.cell_w = _spin(guess, 1, sheet_w, "sheet.width")
        self.cell_h = _spin(guess, 1, sheet_h, "sheet.height")
        self.columns = _spin(0, 0, sheet_w, "sheet.columns", "")
        self.rows = _spin(0, 0, sheet_h, "sheet.rows", "")
        self.margin = _spin(0, 0, sheet_w // 2, "sheet.margin")
        self.spacing = _spin(0, 0, sheet_w, "sheet.spacing")
        self.skip_empty = QCheckBox("Skip empty cells")
        self.skip_empty.setChecked(True)
        self.duration = _spin(100, 1, 65535, "sheet.duration", " ms")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Sheet: {sheet_w} x {sheet_h} px"))
        form.addRow("Cell width", self.cell_w)
        form.addRow("Cell height", self.cell_h)
        form.addRow("Columns (0 = all)", self.columns)
        form.addRow("Rows (0 = all)", self.rows)
        form.addRow("Margin", self.margin)
        form.addRow("Spacing", self.spacing)
        form.addRow("Frame duration", self.duration)
        form.addRow(self.skip_empty)
        form.addRow(_buttons(self))

    def grid(self) -> dict[str, int | bool | None]:
        return {"columns": self.columns.value() or None, "rows": self.rows.value() or None,
                "margin": self.margin.value(), "spacing": self.spacing.value(),
                "skip_empty": self.skip_empty.isChecked()}


class RecoveryDialog(QDialog):
    """Lists unsaved documents of earlier runs; the checked ones are restored."""

    def __init__(self, entries: list[RecoverableDocument], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.setObjectName("dialog.recovery")
        self.entries = entries
        self.list = QListWidget()
        self.list.setObjectName("recovery.list")
        for entry in entries:
            how = "closed without saving" if entry.closed_at else (
                "after a crash" if entry.crashed else "from an earlier session")
            where = f" - {entry.original_path}" if entry.original_path else ""
            item = QListWidgetItem(f"{entry.name} ({how}){where}")
            item.setCheckState(_checked_state(True))
            self.list.addItem(item)
        box = QDialogButtonBox()
        box.addButton("Restore checked", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pixel Studio found unsaved work from an earlier session:"))
        layout.addWidget(self.list)
        layout.addWidget(box)

    def chosen(self) -> list[RecoverableDocument]:
        return [e for i, e in enumerate(self.entries)
                if self.list.item(i).checkState() == _checked_state(True)]


def _checked_state(on: bool):
    from PySide6.QtCore import Qt

    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
