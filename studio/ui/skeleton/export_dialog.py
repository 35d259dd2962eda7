"""Animation export dialog (objectName ``skeleton.export``): sprite sheet PNG + Aseprite JSON,
GIF or APNG at any integer scale. Opened with ``open()`` (never ``exec()``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.core.document.document import Document
from studio.core.exporters.animation_export import (
    SUFFIXES,
    AnimationExport,
    export_animation,
    export_note,
)
from studio.core.exporters.aseprite_json import DIRECTIONS
from studio.core.exporters.rig import export_rig
from studio.core.exporters.sheet import ExportError

KIND_LABELS = {"sheet": "Sprite sheet PNG + Aseprite JSON", "gif": "Animated GIF",
               "apng": "Animated PNG (APNG)"}


class AnimationExportDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("skeleton.export")
        self.setWindowTitle("Export animation")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one opening, one object
        self.document = document
        self.written: list[Path] = []
        self.note = ""  # what the format could not keep, said after "Exported ..."
        self.kind = QComboBox(objectName="skeleton.export_kind")
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.scale = QSpinBox(objectName="skeleton.export_scale", minimum=1, maximum=64, value=1)
        self.scale.setSuffix("x")
        self.tag = QLineEdit(document.name or "animation", objectName="skeleton.export_tag")
        self.direction = QComboBox(objectName="skeleton.export_direction")
        self.direction.addItems(list(DIRECTIONS))
        self.rig = QCheckBox("with rig data (.rig.json: joints per frame)",
                             objectName="skeleton.export_rig")
        self.rig.setToolTip("Every frame's joint positions in pixels, beside the sheet")
        self.rig.setChecked(any(f.pose is not None for f in document.frames))
        self.path = QLineEdit(objectName="skeleton.export_path")
        browse = QPushButton("Browse…", objectName="skeleton.export_browse")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path)
        where.addWidget(browse)
        self.error = QLabel(objectName="skeleton.export_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d33;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.kind)
        form.addRow("Scale", self.scale)
        form.addRow("Tag", self.tag)
        form.addRow("Direction", self.direction)
        form.addRow("", self.rig)
        form.addRow("File", where)
        form.addRow(self.error)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._sync)
        self._sync()
        self._chooser: QFileDialog | None = None

    def options(self) -> AnimationExport:
        return AnimationExport(self.kind.currentData(), self.scale.value(), self.tag.text(),
                               self.direction.currentText())

    def _sync(self) -> None:
        sheet = self.kind.currentData() == "sheet"
        self.tag.setEnabled(sheet)
        self.direction.setEnabled(sheet)
        self.rig.setEnabled(sheet and any(f.pose is not None for f in self.document.frames))
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(SUFFIXES[self.kind.currentData()])))

    def _browse(self) -> None:
        self._chooser = QFileDialog(self, "Export animation")
        self._chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self._chooser.setDefaultSuffix(SUFFIXES[self.kind.currentData()].lstrip("."))
        self._chooser.fileSelected.connect(self.path.setText)
        self._chooser.open()

    def export(self) -> bool:
        text = self.path.text().strip()
        if not text:
            self.error.setText("Choose a file to export to.")
            return False
        try:
            self.written = export_animation(self.document, Path(text), self.options())
            self.note = export_note(self.document, self.options()) or ""
            if self.rig.isEnabled() and self.rig.isChecked():
                sheet = Path(text)
                self.written.append(export_rig(self.document, sheet.with_suffix(".rig.json"),
                                               sheet.name, scale=self.scale.value()))
        except (ExportError, OSError) as exc:
            self.error.setText(f"Not exported: {exc}")
            return False
        self.error.setText("")
        self.accept()
        return True
