"""One tool options bar: it shows only the options of the active tool (size, pixel perfect,
filled shapes, fill and wand settings, symmetry) and a one-line hint for tools without any."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QLabel,
    QSpinBox,
    QToolBar,
    QWidget,
)

from studio.core.document.model import MAX_SIDE
from studio.ui.canvas.widget import CanvasWidget

SIZED = ("size", "symmetry")
TOOL_OPTIONS: dict[str, tuple[str, ...]] = {
    "pencil": (*SIZED, "pixel_perfect"),
    "eraser": SIZED,
    "fill": ("contiguous",),
    "line": SIZED,
    "rectangle": (*SIZED, "filled"),
    "ellipse": (*SIZED, "filled"),
    "wand": ("tolerance", "wand_contiguous", "hint"),
    "select": ("hint",),
    "lasso": ("hint",),
    "move": ("hint",),
}
HINTS = {
    "select": "Drag to select. Shift adds, Alt subtracts, both intersect.",
    "lasso": "Draw around the pixels. Shift adds, Alt subtracts, both intersect.",
    "wand": "Shift adds, Alt subtracts.",
    "move": "Drag to move, drag a handle to scale. Arrow keys nudge; Enter applies, Esc "
            "cancels.",
}


class ToolOptionsBar(QToolBar):
    def __init__(self, canvas: CanvasWidget, parent: QWidget | None = None) -> None:
        super().__init__("Tool options", parent)
        self.setObjectName("toolbar.options")
        self.canvas = canvas
        self.items: dict[str, list[QAction]] = {}
        self.size = self._spin("size", "Size", "tool.size", (1, 64), canvas.brush_size,
                               "Brush size in pixels ([ and ] change it)", "brush_size")
        self.pixel_perfect = self._check("pixel_perfect", "Pixel perfect", "tool.pixel_perfect",
                                         "Remove doubled corner pixels from 1 px pencil lines",
                                         "pixel_perfect")
        self.filled = self._check("filled", "Filled", "tool.filled",
                                  "Draw rectangles and ellipses filled instead of outlined",
                                  "shape_filled")
        self.contiguous = self._check("contiguous", "Contiguous fill", "tool.contiguous",
                                      "Fill only connected pixels (off: every pixel of that "
                                      "colour)", "fill_contiguous")
        self.tolerance = self._spin("tolerance", "Tolerance", "tool.tolerance", (0, 255),
                                    canvas.wand_tolerance,
                                    "How different a colour may be and still be selected "
                                    "(0: the exact colour)", "wand_tolerance")
        self.wand_contiguous = self._check("wand_contiguous", "Contiguous",
                                           "tool.wand_contiguous",
                                           "Select only connected pixels (off: every pixel "
                                           "of that colour)", "wand_contiguous")
        self.mirror_x = self._check("symmetry", "Mirror ↔", "tool.mirror_x",
                                    "Mirror drawing about the vertical centre line", None)
        self.mirror_y = self._check("symmetry", "Mirror ↕", "tool.mirror_y",
                                    "Mirror drawing about the horizontal centre line", None)
        for box in (self.mirror_x, self.mirror_y):
            box.toggled.connect(lambda _on: canvas.set_symmetry(self.mirror_x.isChecked(),
                                                                self.mirror_y.isChecked()))
        self.axis_x = self._axis("tool.axis_x", "Position of the vertical mirror line in "
                                 "pixels (0: the centre of the sprite)")
        self.axis_y = self._axis("tool.axis_y", "Position of the horizontal mirror line in "
                                 "pixels (0: the centre of the sprite)")
        self.hint = QLabel()
        self.hint.setObjectName("tool.hint")
        self.items["hint"] = [self.addWidget(self.hint)]
        canvas.tool_changed.connect(self.show_tool)
        self.show_tool(canvas.tool_name)

    def _spin(self, key: str, label: str, name: str, bounds: tuple[int, int], value: int,
              tip: str, attr: str) -> QSpinBox:
        caption = self.addWidget(QLabel(f" {label} "))
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(*bounds)
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.valueChanged.connect(lambda v: setattr(self.canvas, attr, v))
        self.items.setdefault(key, []).extend([caption, self.addWidget(spin)])
        return spin

    def _check(self, key: str, label: str, name: str, tip: str, attr: str | None) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(name)
        box.setToolTip(tip)
        if attr is not None:
            box.setChecked(bool(getattr(self.canvas, attr)))
            box.toggled.connect(lambda on: setattr(self.canvas, attr, on))
        self.items.setdefault(key, []).append(self.addWidget(box))
        return box

    def _axis(self, name: str, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(objectName=name, minimum=0.0, maximum=float(MAX_SIDE),
                              singleStep=0.5, decimals=1, specialValueText="centre")
        spin.setToolTip(tip)
        spin.valueChanged.connect(self._set_axes)
        self.items.setdefault("symmetry", []).append(self.addWidget(spin))
        return spin

    def _set_axes(self) -> None:
        self.canvas.axis_x = self.axis_x.value() or None
        self.canvas.axis_y = self.axis_y.value() or None
        self.canvas.set_symmetry(self.mirror_x.isChecked(), self.mirror_y.isChecked())

    def show_tool(self, name: str) -> None:
        shown = TOOL_OPTIONS.get(name, ("hint",))
        for key, actions in self.items.items():
            for action in actions:
                action.setVisible(key in shown)
        self.hint.setText(HINTS.get(name, "This tool's options are in its panel."))
