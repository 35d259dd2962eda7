"""Dialogs of the Image menu: canvas size with an anchor, and scale sprite (integer or free)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from studio.core.document.image_edits import ANCHORS
from studio.core.document.model import MAX_SIDE

ARROWS = {"nw": "↖", "n": "↑", "ne": "↗", "w": "←", "c": "●", "e": "→", "sw": "↙", "s": "↓",
          "se": "↘"}
FACTORS = (("×2", 2.0), ("×3", 3.0), ("×4", 4.0), ("×6", 6.0), ("×8", 8.0), ("×1/2", 0.5),
           ("×1/3", 1 / 3), ("×1/4", 0.25))


def _side(value: int, name: str) -> QSpinBox:
    spin = QSpinBox(objectName=name, minimum=1, maximum=MAX_SIDE, value=value)
    spin.setSuffix(" px")
    return spin


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class CanvasSizeDialog(QDialog):
    """New width and height, and which side or corner the old image keeps to."""

    def __init__(self, width: int, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas_size.dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Canvas size")
        self.width_spin = _side(width, "canvas_size.width")
        self.height_spin = _side(height, "canvas_size.height")
        grid = QGridLayout()
        self.anchors = QButtonGroup(self)
        for i, name in enumerate(ANCHORS):
            button = QToolButton(objectName=f"canvas_size.anchor_{name}", text=ARROWS[name])
            button.setCheckable(True)
            button.setToolTip("Keep the image at this side or corner")
            button.setChecked(name == "c")
            self.anchors.addButton(button, i)
            grid.addWidget(button, i // 3, i % 3)
        form = QFormLayout(self)
        form.addRow("Width", self.width_spin)
        form.addRow("Height", self.height_spin)
        form.addRow("Anchor", grid)
        form.addRow(_buttons(self))

    @property
    def anchor(self) -> str:
        return ANCHORS[max(0, self.anchors.checkedId())]

    def size(self) -> tuple[int, int]:  # type: ignore[override]
        return self.width_spin.value(), self.height_spin.value()


class ScaleDialog(QDialog):
    """Nearest-neighbour scale by a whole factor (crisp pixels) or to a free size."""

    def __init__(self, width: int, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scale.dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Scale sprite")
        self.original = (width, height)
        self.integer = QRadioButton("By a whole factor (keeps pixels square)",
                                    objectName="scale.integer", checked=True)
        self.free = QRadioButton("To a free size", objectName="scale.free")
        self.factor = QComboBox(objectName="scale.factor")
        for label, value in FACTORS:
            self.factor.addItem(label, value)
        self.width_spin = _side(width, "scale.width")
        self.height_spin = _side(height, "scale.height")
        form = QFormLayout(self)
        form.addRow(self.integer)
        form.addRow("Factor", self.factor)
        form.addRow(self.free)
        form.addRow("Width", self.width_spin)
        form.addRow("Height", self.height_spin)
        form.addRow(_buttons(self))

    def target(self) -> tuple[int, int]:
        if self.free.isChecked():
            return self.width_spin.value(), self.height_spin.value()
        f = float(self.factor.currentData())
        w, h = self.original
        return max(1, round(w * f)), max(1, round(h * f))
