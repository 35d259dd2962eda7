"""Body proportions for humanoid characters: a preset, or custom ratios on five sliders."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSlider, QWidget

from studio.api.enums import PROPORTION_PRESETS
from studio.ui.characters.fields import combo_value, optional_combo

PROPORTION_SLIDERS = ("head_size", "arm_length", "leg_length", "shoulder_width", "hip_width")
CUSTOM = "custom"


class ProportionsEditor(QWidget):
    """A preset, or custom ratios 0.5-2.0 on five sliders (enabled for 'custom' only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._form = layout
        self.preset = optional_combo([*PROPORTION_PRESETS, CUSTOM], "characters.proportions", self)
        layout.addRow("Preset", self.preset)
        self.sliders: dict[str, QSlider] = {}
        self._values: dict[str, QLabel] = {}
        self._rows: list[tuple[QLabel, QSlider, QLabel]] = []
        for name in PROPORTION_SLIDERS:
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setObjectName(f"characters.{name}")
            slider.setRange(50, 200)  # hundredths: 0.50 .. 2.00
            slider.setValue(100)
            value = QLabel("1.00", self)
            value.setMinimumWidth(32)
            slider.valueChanged.connect(lambda v, lab=value: lab.setText(f"{v / 100:.2f}"))
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            row.addWidget(value)
            caption = QLabel(name.replace("_", " "), self)
            layout.addRow(caption, row)
            self.sliders[name] = slider
            self._values[name] = value
            self._rows.append((caption, slider, value))
        self.preset.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        """The sliders are shown (and enabled) only for custom proportions."""
        custom = combo_value(self.preset) == CUSTOM
        for index, (_caption, slider, _value) in enumerate(self._rows):
            self._form.setRowVisible(index + 1, custom)
            slider.setEnabled(custom)

    def set_custom(self, **ratios: float) -> None:
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        for name, ratio in ratios.items():
            self.sliders[name].setValue(round(ratio * 100))

    def value(self) -> dict[str, Any] | None:
        choice = combo_value(self.preset)
        if choice is None:
            return None
        if choice != CUSTOM:
            return {"type": "preset", "name": choice}
        return {"type": "custom", **{n: s.value() / 100 for n, s in self.sliders.items()}}
