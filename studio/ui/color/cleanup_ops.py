"""The four clean-up operations as data: label, options widgets and the local filter.

Each ``CleanupOp`` builds its own option widgets into a form and turns them into a function
``rgba -> rgba`` (unzoom is special: it works on the whole sprite, see the dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox

from studio.core.cleanup import add_outline, remove_background, remove_orphans

Filter = Callable[[np.ndarray], np.ndarray]
Color = tuple[int, int, int, int]


@dataclass(frozen=True)
class CleanupOp:
    name: str
    title: str
    label: str
    service: str | None
    """The PixelLab endpoint that does the same (paid), or None."""
    hint: str


OPS: dict[str, CleanupOp] = {
    "unzoom": CleanupOp("unzoom", "Unzoom / grid snap", "Unzoom", "image_to_pixelart",
                        "Finds the pixel grid of an upscaled sprite and keeps one pixel per cell "
                        "(its dominant colour). Works on every frame and layer."),
    "remove_background": CleanupOp(
        "remove_background", "Remove background", "Remove background", "remove_background",
        "Clears the background reached from the image border (or one colour everywhere)."),
    "resize": CleanupOp("resize", "Resize (redraw)", "Resize", "resize",
                        "Changes the sprite's size: shrinking keeps each block's dominant colour, "
                        "growing repeats pixels. PixelLab redraws it instead (at most 2x or 1/2 "
                        "per step). Works on every frame."),
    "outline": CleanupOp("outline", "Outline", "Outline", None,
                         "Adds a 1 px outline in the primary colour."),
    "orphans": CleanupOp("orphans", "Remove orphan pixels", "Remove orphan pixels", None,
                         "Single pixels unlike all their neighbours take their neighbours' "
                         "colour."),
}


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox(objectName=name)
    for label, data in items:
        box.addItem(label, data)
    return box


class OpOptions:
    """The option widgets of one operation, added to ``form``."""

    def __init__(self, op: str, form: QFormLayout, color: Callable[[], Color],
                 size: tuple[int, int] = (1, 1)) -> None:
        self.op, self.color = op, color
        self.widgets: list = []
        if op == "unzoom":
            self.tolerance = QSpinBox(objectName="cleanup.tolerance", minimum=0, maximum=120,
                                      value=24)
            self.tolerance.setToolTip("Cell colours closer than this (RGB distance) become one "
                                      "colour, so noise and JPEG damage do not add shades; 0 "
                                      "keeps every cell's own median")
            self._row(form, "Merge shades closer than", self.tolerance)
        elif op == "remove_background":
            self.mode = _combo("cleanup.mode", [("Flood from the border", "border"),
                                                ("Primary colour everywhere", "key")])
            self.tolerance = QSpinBox(objectName="cleanup.tolerance", minimum=0, maximum=200,
                                      value=32)
            self.alpha = QSpinBox(objectName="cleanup.alpha_threshold", minimum=1, maximum=255,
                                  value=128)
            self._row(form, "Background", self.mode)
            self._row(form, "Tolerance", self.tolerance)
            self._row(form, "Alpha threshold", self.alpha)
        elif op == "resize":
            self.width = QSpinBox(objectName="cleanup.width", minimum=1, maximum=4096,
                                  value=size[0], suffix=" px")
            self.height = QSpinBox(objectName="cleanup.height", minimum=1, maximum=4096,
                                   value=size[1], suffix=" px")
            self.description = QLineEdit(objectName="cleanup.description")
            self.description.setPlaceholderText("what the sprite shows (PixelLab only)")
            self._row(form, "Width", self.width)
            self._row(form, "Height", self.height)
            form.addRow("Description", self.description)
        elif op == "outline":
            self.side = _combo("cleanup.side", [("Outside the shape", "outside"),
                                                ("Inside the shape", "inside")])
            self.connectivity = _combo("cleanup.connectivity", [("Sides only (4)", 4),
                                                                ("Sides and corners (8)", 8)])
            self._row(form, "Where", self.side)
            self._row(form, "Touching", self.connectivity)

    def _row(self, form: QFormLayout, label: str, widget) -> None:
        form.addRow(label, widget)
        self.widgets.append(widget)

    def changed_signals(self) -> list:
        signals = []
        for widget in self.widgets:
            signals.append(widget.currentIndexChanged if isinstance(widget, QComboBox)
                           else widget.valueChanged)
        return signals

    def local_filter(self) -> Filter:
        """The free, local operation with the chosen options (not for unzoom)."""
        if self.op == "remove_background":
            mode, tol, alpha = self.mode.currentData(), float(self.tolerance.value()), \
                self.alpha.value()
            key = self.color()
            return lambda rgba: remove_background(rgba, mode, tol, key, alpha)
        if self.op == "outline":
            side, conn, color = self.side.currentData(), self.connectivity.currentData(), \
                self.color()
            return lambda rgba: add_outline(rgba, color, side, conn)
        if self.op == "orphans":
            return remove_orphans
        raise ValueError(f"{self.op} has no per-frame filter")

