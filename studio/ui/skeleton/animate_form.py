"""The other fields of animate-with-skeleton: guidance, view, direction, projection, init images
and strength, colour image, seed (the images per frame come from the document and timeline)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QWidget,
)

from studio.api.enums import DIRECTIONS_8, VIEWS
from studio.core.skeleton.requests import AnimateOptions

ANY = "(any)"


def _combo(name: str, values: tuple[str, ...], default: str = ANY) -> QComboBox:
    box = QComboBox(objectName=f"skeleton.{name}")
    box.addItems([ANY, *values])
    box.setCurrentText(default)
    return box


class AnimateForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guidance = QDoubleSpinBox(objectName="skeleton.guidance", minimum=1.0,
                                       maximum=20.0, value=4.0, singleStep=0.5)
        self.guidance.setToolTip("How closely to follow the reference image and the poses")
        self.view = _combo("view", VIEWS, "side")
        self.direction = _combo("direction", DIRECTIONS_8, "east")
        self.isometric = QCheckBox("isometric", objectName="skeleton.isometric")
        self.oblique = QCheckBox("oblique", objectName="skeleton.oblique")
        self.use_init = QCheckBox("frames' pixels as init images", objectName="skeleton.use_init")
        self.use_init.setToolTip("Start each frame from what is already drawn on it")
        self.strength = QSpinBox(objectName="skeleton.init_strength", minimum=1, maximum=999,
                                 value=300)
        self.use_palette = QCheckBox("document palette as colour image",
                                     objectName="skeleton.use_palette")
        self.seed = QSpinBox(objectName="skeleton.seed", minimum=0, maximum=2**31 - 1)
        self.seed.setSpecialValueText("random")
        flags = QHBoxLayout()
        flags.addWidget(self.isometric)
        flags.addWidget(self.oblique)
        init = QHBoxLayout()
        init.addWidget(self.use_init)
        init.addWidget(self.strength)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Guidance", self.guidance)
        form.addRow("View", self.view)
        form.addRow("Direction", self.direction)
        form.addRow("", flags)
        form.addRow("Init", init)
        form.addRow("Colours", self.use_palette)
        form.addRow("Seed", self.seed)

    def options(self) -> AnimateOptions:
        def choice(box: QComboBox) -> str | None:
            return None if box.currentText() == ANY else box.currentText()

        return AnimateOptions(
            guidance_scale=self.guidance.value(), view=choice(self.view),
            direction=choice(self.direction), isometric=self.isometric.isChecked(),
            oblique_projection=self.oblique.isChecked(),
            init_image_strength=self.strength.value(), seed=self.seed.value() or None)
