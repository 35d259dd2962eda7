"""File → Export…: one dialog for every export format (see ``core.exporters.document_export``).

It opens with the document's last settings; OK checks them and closes with ``settings()``."""

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

from studio.core.document.tags import FrameTag
from studio.core.exporters.document_export import (
    KIND_LABELS,
    KINDS,
    MAX_SCALE,
    SUFFIXES,
    ExportSettings,
    check_settings,
)
from studio.core.exporters.sheet import ExportError

WHOLE = "Whole document"


class ExportDialog(QDialog):
    def __init__(self, settings: ExportSettings, tags: list[FrameTag],
                 parent: QWidget | None = None, *, has_poses: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("export.dialog")
        self.setWindowTitle("Export")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.kind = QComboBox(objectName="export.kind")
        for kind in KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.kind.setCurrentIndex(KINDS.index(settings.kind))
        self.scale = QSpinBox(objectName="export.scale", minimum=1, maximum=MAX_SCALE,
                              value=settings.scale, suffix=" x")
        self.scale.setToolTip("Every pixel becomes a square of this many pixels")
        self.scope = QComboBox(objectName="export.scope")
        self.scope.addItem(WHOLE, None)
        for tag in tags:
            self.scope.addItem(f"Tag {tag.name} (frames {tag.start + 1}–{tag.end + 1})",
                               tag.name)
        found = self.scope.findData(settings.tag)
        self.scope.setCurrentIndex(max(0, found))
        self.json = QComboBox(objectName="export.json")
        self.json.addItem("JSON hash (frames by name)", False)
        self.json.addItem("JSON array", True)
        self.json.setCurrentIndex(1 if settings.json_array else 0)
        self.has_poses = has_poses
        self.rig = QCheckBox("with rig data (.rig.json: joints per frame)",
                             objectName="export.rig", checked=settings.rig)
        self.rig.setToolTip("Every frame's joint positions in pixels, beside the sheet, for "
                            "attaching items or hitboxes in a game engine")
        self.path = QLineEdit(settings.path, objectName="export.path")
        browse = QPushButton("Browse…", objectName="export.browse")
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.problem = QLabel(objectName="export.problem", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run.setObjectName("export.run")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.kind)
        form.addRow("Scale", self.scale)
        form.addRow("Frames", self.scope)
        form.addRow("Sheet data", self.json)
        form.addRow("", self.rig)
        form.addRow("Save as", where)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._sync)
        self._sync()
        self.resize(520, self.sizeHint().height())

    def _sync(self) -> None:
        kind = self.kind.currentData()
        self.json.setEnabled(kind == "sheet")
        self.rig.setEnabled(kind == "sheet" and self.has_poses)
        self.rig.setVisible(self.has_poses)
        self.scope.setEnabled(kind != "png_frame")
        path = self.path.text()
        if path:  # keep the name, fix the suffix for the format
            self.path.setText(str(Path(path).with_suffix(SUFFIXES[kind])))

    def browse(self) -> QFileDialog:
        kind = self.kind.currentData()
        dialog = QFileDialog(self, "Export to", self.path.text(),
                             f"{KIND_LABELS[kind]} (*{SUFFIXES[kind]})")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(SUFFIXES[kind].lstrip("."))
        dialog.fileSelected.connect(self.path.setText)
        dialog.open()
        return dialog

    def settings(self) -> ExportSettings:
        return ExportSettings(kind=self.kind.currentData(), path=self.path.text().strip(),
                              scale=self.scale.value(), tag=self.scope.currentData(),
                              json_array=bool(self.json.currentData()),
                              rig=self.rig.isChecked())

    def accept(self) -> None:
        try:
            check_settings(self.settings())
        except ExportError as exc:
            self.problem.setText(str(exc))
            return
        super().accept()
