"""The palette dock's second row of controls: save, remove, sort, built-in palettes, remap
to the palette with a dithering choice, and the sprite's colour count."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from studio.core.color import DITHER_LABELS
from studio.core.fileio.builtin_palettes import builtin_palettes

BUILTIN_PROMPT = "Built-in palette…"


def _button(name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setToolTip(tip)
    return button


class PaletteTools(QWidget):
    """Controls only; the palette panel connects them to its actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save_button = _button("palette.save", "Save…",
                                   "Save the palette as .gpl, .hex, JASC .pal or Paint.NET .txt")
        self.remove_button = _button("palette.remove", "−",
                                     "Remove the selected colour from the palette")
        self.sort_button = QToolButton(objectName="palette.sort", text="Sort")
        self.sort_button.setToolTip("Sort the palette by hue or by luminance")
        self.sort_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort_menu = QMenu(self.sort_button)
        self.sort_by_hue = self.sort_menu.addAction("By hue")
        self.sort_by_hue.setObjectName("palette.sort_hue")
        self.sort_by_luminance = self.sort_menu.addAction("By luminance")
        self.sort_by_luminance.setObjectName("palette.sort_luminance")
        self.sort_button.setMenu(self.sort_menu)
        self.builtin = QComboBox(objectName="palette.builtin")
        self.builtin.setToolTip("Use one of the palettes shipped with the studio")
        self.builtin.addItem(BUILTIN_PROMPT, None)
        for palette in builtin_palettes():
            self.builtin.addItem(f"{palette.name} ({len(palette.colors())})", palette.name)
        self.remap_button = _button("palette.remap", "Remap",
                                    "Map every pixel of every frame (active layer) to its "
                                    "nearest palette colour")
        self.remap_dither = QComboBox(objectName="palette.remap_dither")
        self.remap_dither.setToolTip("Dithering used by Remap")
        for key, label in DITHER_LABELS.items():
            self.remap_dither.addItem(label, key)
        self.max_colors = QSpinBox(objectName="palette.max_colors", minimum=2, maximum=256,
                                   value=32)
        self.max_colors.setPrefix("max ")
        self.max_colors.setToolTip("Most colours a palette taken from the sprite or an image "
                                   "may have (more are reduced with k-means in OKLab)")
        self.max_colors.setMinimumWidth(self.max_colors.sizeHint().width())  # never cut
        self.count = QLabel(objectName="palette.count")
        self.count.setWordWrap(True)
        self.count.setToolTip("Distinct colours the sprite uses over all frames")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.save_button, 0, 0)
        grid.addWidget(self.remove_button, 0, 1)
        grid.addWidget(self.sort_button, 0, 2)
        grid.addWidget(self.builtin, 1, 0, 1, 3)
        grid.addWidget(self.remap_button, 2, 0)
        grid.addWidget(self.remap_dither, 2, 1, 1, 2)
        grid.addWidget(self.max_colors, 3, 0)
        grid.addWidget(self.count, 3, 1, 1, 2)
