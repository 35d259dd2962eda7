"""Palette dock: swatches of the document palette, primary/secondary colours, load/save in
four formats, built-in palettes, editing (add, remove, drag to reorder, double-click to edit,
sort), the sprite's colour count and Remap to palette.

Left click on a swatch sets the primary colour, right click the secondary one. The palette is part
of the document, so every change of it is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Color, Document
from studio.ui.color.palette_editing import PaletteEditing
from studio.ui.color.palette_tools import PaletteTools
from studio.ui.color.swatch_grid import SWATCH, SwatchGrid, hex_name, qcolor

__all__ = ["DEFAULT_PALETTE", "SWATCH", "PalettePanel", "SwatchGrid"]

# DawnBringer's 16-colour palette: shown until the document has its own.
DEFAULT_PALETTE: list[Color] = [
    (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 255) for h in (
        "140c1c", "442434", "30346d", "4e4a4e", "854c30", "346524", "d04648", "757161",
        "597dce", "d27d2c", "8595a1", "6daa2c", "d2aa99", "6dc2ca", "dad45e", "deeed6")
]


class ColorSlot(QPushButton):
    def __init__(self, name: str, tip: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFixedSize(34, 34)
        self.setToolTip(tip)

    def show_color(self, color: Color) -> None:
        self.setStyleSheet(f"background-color: rgba({color[0]},{color[1]},{color[2]},"
                           f"{color[3]}); border: 1px solid #888;")
        self.setToolTip(f"{self.toolTip().split(':')[0]}: {hex_name(color)}")


class PalettePanel(PaletteEditing, QWidget):
    """Palette and colour slots; talks to a CanvasWidget (colours) and its document."""

    error = Signal(str)

    def __init__(self, canvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette.panel")
        self.canvas = canvas
        self.document: Document | None = None
        self.primary = ColorSlot("palette.primary", "Primary colour (left button)")
        self.secondary = ColorSlot("palette.secondary", "Secondary colour (right button)")
        self.primary.clicked.connect(lambda: self._edit_slot("primary"))
        self.secondary.clicked.connect(lambda: self._edit_slot("secondary"))
        self.grid = SwatchGrid()
        self.grid.picked.connect(self._on_picked)
        self.grid.moved.connect(self.move_color)
        self.grid.edit_requested.connect(self.ask_edit_color)
        self.load_button = QPushButton("Load…")
        self.load_button.setObjectName("palette.load")
        self.load_button.setToolTip("Load a .gpl, .hex, JASC .pal or Paint.NET .txt palette")
        self.load_button.clicked.connect(self._ask_file)
        self.pick_button = QPushButton("From sprite")
        self.pick_button.setObjectName("palette.from_image")
        self.pick_button.setToolTip("Use the colours of every frame as the palette (at most "
                                    "the max count below)")
        self.pick_button.clicked.connect(self.pick_from_image)
        self.add_button = QPushButton("+")
        self.add_button.setObjectName("palette.add")
        self.add_button.setToolTip("Add the primary colour to the palette")
        self.add_button.clicked.connect(self.add_primary)
        slots = QHBoxLayout()
        slots.addWidget(self.primary)
        slots.addWidget(self.secondary)
        slots.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.load_button, self.pick_button, self.add_button):
            buttons.addWidget(b)
        self.info = QLabel()
        self.tools = PaletteTools()
        layout = QVBoxLayout(self)
        layout.addLayout(slots)
        layout.addWidget(self.grid)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addWidget(self.tools)
        layout.addStretch(1)
        self.connect_tools()
        canvas.colors_changed.connect(self.refresh_slots)
        self.refresh_slots()
        self.set_document(None)

    def colors(self) -> list[Color]:
        return list(self.document.palette) if self.document and self.document.palette \
            else list(DEFAULT_PALETTE)

    def set_document(self, doc: Document | None) -> None:
        if self.document is not None:
            self.document.structure_changed.disconnect(self.refresh)
            self.document.changed.disconnect(self.count_soon)
        self.document = doc
        if doc is not None:
            doc.structure_changed.connect(self.refresh)
            doc.changed.connect(self.count_soon)
        self.refresh()
        self.count_soon()

    def refresh(self) -> None:
        colors = self.colors()
        self.grid.set_colors(colors)
        own = self.document is not None and bool(self.document.palette)
        self.info.setText(f"{len(colors)} colours" + ("" if own else " (default palette)"))
        tools = self.tools
        for b in (self.pick_button, self.add_button, self.load_button, tools.save_button,
                  tools.remove_button, tools.sort_button, tools.builtin, tools.remap_button):
            b.setEnabled(self.document is not None)

    def refresh_slots(self) -> None:
        self.primary.show_color(self.canvas.primary)
        self.secondary.show_color(self.canvas.secondary)

    def _on_picked(self, index: int, slot: str) -> None:
        self.canvas.set_color(slot, self.colors()[index])

    def _edit_slot(self, slot: str) -> None:
        current = self.canvas.primary if slot == "primary" else self.canvas.secondary
        dialog = QColorDialog(qcolor(current), self)
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel, True)
        dialog.colorSelected.connect(
            lambda c: self.canvas.set_color(slot, (c.red(), c.green(), c.blue(), c.alpha())))
        dialog.open()

    def pick_from_image(self) -> None:
        doc = self.document
        if doc is None:
            return
        colors = self.palette_of_document(doc)
        if not colors:
            self.error.emit("The sprite has no visible colours to pick.")
            return
        self._set_palette(colors)

    def add_primary(self) -> None:
        if self.document is not None:
            colors = self.colors()
            if self.canvas.primary not in colors:
                self._set_palette(colors + [self.canvas.primary])

    def _set_palette(self, colors: list[Color]) -> None:
        assert self.document is not None
        self.document.set_palette(colors)
        self.refresh()
