"""Palette dock: swatches of the document palette, primary/secondary colours, load/pick.

Left click on a swatch sets the primary colour, right click the secondary one. The palette is part
of the document, so loading or picking a palette is one undo step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Color, Document
from studio.core.fileio import FileFormatError
from studio.core.fileio.palette import load_palette, palette_from_image

# DawnBringer's 16-colour palette: shown until the document has its own.
DEFAULT_PALETTE: list[Color] = [
    (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 255) for h in (
        "140c1c", "442434", "30346d", "4e4a4e", "854c30", "346524", "d04648", "757161",
        "597dce", "d27d2c", "8595a1", "6daa2c", "d2aa99", "6dc2ca", "dad45e", "deeed6")
]
SWATCH = 18


def _qcolor(c: Color) -> QColor:
    return QColor(c[0], c[1], c[2], c[3])


class SwatchGrid(QWidget):
    """Square swatches that wrap to the widget width."""

    picked = Signal(int, str)  # index, "primary" | "secondary"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette.swatches")
        self.colors: list[Color] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_colors(self, colors: list[Color]) -> None:
        self.colors = list(colors)
        self.updateGeometry()
        self.update()

    def columns(self) -> int:
        return max(1, self.width() // SWATCH)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        cols = max(1, width // SWATCH)
        return max(SWATCH, -(-len(self.colors) // cols) * SWATCH)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(8 * SWATCH, self.heightForWidth(8 * SWATCH))

    def swatch_rect(self, index: int) -> QRect:
        cols = self.columns()
        return QRect((index % cols) * SWATCH, (index // cols) * SWATCH, SWATCH, SWATCH)

    def index_at(self, x: float, y: float) -> int | None:
        cols = self.columns()
        col, row = int(x // SWATCH), int(y // SWATCH)
        index = row * cols + col
        return index if 0 <= col < cols and 0 <= index < len(self.colors) else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        for i, color in enumerate(self.colors):
            r = self.swatch_rect(i)
            if color[3] < 255:
                painter.fillRect(r, QColor(204, 204, 204))
                half = r.adjusted(0, 0, -SWATCH // 2, -SWATCH // 2)
                painter.fillRect(half, QColor(153, 153, 153))
            painter.fillRect(r.adjusted(1, 1, -1, -1), _qcolor(color))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position().x(), event.position().y())
        if index is not None:
            slot = "secondary" if event.button() == Qt.MouseButton.RightButton else "primary"
            self.picked.emit(index, slot)
            self.setToolTip(_hex(self.colors[index]))


class ColorSlot(QPushButton):
    def __init__(self, name: str, tip: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFixedSize(34, 34)
        self.setToolTip(tip)

    def show_color(self, color: Color) -> None:
        self.setStyleSheet(f"background-color: rgba({color[0]},{color[1]},{color[2]},"
                           f"{color[3]}); border: 1px solid #888;")
        self.setToolTip(f"{self.toolTip().split(':')[0]}: {_hex(color)}")


def _hex(c: Color) -> str:
    return f"#{c[0]:02x}{c[1]:02x}{c[2]:02x}" + (f"{c[3]:02x}" if c[3] != 255 else "")


class PalettePanel(QWidget):
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
        self.load_button = QPushButton("Load…")
        self.load_button.setObjectName("palette.load")
        self.load_button.setToolTip("Load a .gpl or .hex palette")
        self.load_button.clicked.connect(self._ask_file)
        self.pick_button = QPushButton("From image")
        self.pick_button.setObjectName("palette.from_image")
        self.pick_button.setToolTip("Use the colours of the current frame as the palette")
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
        layout = QVBoxLayout(self)
        layout.addLayout(slots)
        layout.addWidget(self.grid)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addStretch(1)
        canvas.colors_changed.connect(self.refresh_slots)
        self.refresh_slots()
        self.set_document(None)

    def colors(self) -> list[Color]:
        return list(self.document.palette) if self.document and self.document.palette \
            else list(DEFAULT_PALETTE)

    def set_document(self, doc: Document | None) -> None:
        if self.document is not None:
            self.document.structure_changed.disconnect(self.refresh)
        self.document = doc
        if doc is not None:
            doc.structure_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        colors = self.colors()
        self.grid.set_colors(colors)
        own = self.document is not None and bool(self.document.palette)
        self.info.setText(f"{len(colors)} colours" + ("" if own else " (default palette)"))
        for b in (self.pick_button, self.add_button, self.load_button):
            b.setEnabled(self.document is not None)

    def refresh_slots(self) -> None:
        self.primary.show_color(self.canvas.primary)
        self.secondary.show_color(self.canvas.secondary)

    def _on_picked(self, index: int, slot: str) -> None:
        self.canvas.set_color(slot, self.colors()[index])

    def _edit_slot(self, slot: str) -> None:
        current = self.canvas.primary if slot == "primary" else self.canvas.secondary
        dialog = QColorDialog(_qcolor(current), self)
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel, True)
        dialog.colorSelected.connect(
            lambda c: self.canvas.set_color(slot, (c.red(), c.green(), c.blue(), c.alpha())))
        dialog.open()

    def _ask_file(self) -> None:
        dialog = QFileDialog(self, "Load palette", "", "Palettes (*.gpl *.hex);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()

    def load_file(self, path: str | Path) -> bool:
        """Replace the document palette by a .gpl/.hex file; errors change nothing."""
        if self.document is None:
            return False
        try:
            colors = load_palette(path)
        except (FileFormatError, OSError, ValueError) as exc:
            self.error.emit(f"Could not load the palette {Path(path).name}: {exc}")
            return False
        self._set_palette(colors)
        return True

    def pick_from_image(self) -> None:
        doc = self.document
        if doc is None:
            return
        colors = palette_from_image(doc.composite(doc.current_frame))
        if not colors:
            self.error.emit("The current frame has no visible colours to pick.")
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
