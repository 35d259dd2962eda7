""""Use the document palette": one reusable option for every generation form. While it is on,
the form's colour image follows the document palette (sent as ``color_image``), and the
``force_colors`` box, where the endpoint has one, is ticked too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtWidgets import QCheckBox, QWidget

PaletteSource = Callable[[], np.ndarray | None]


class PaletteOption(QCheckBox):
    """``target`` is an ImageSlot-like widget with ``follow(source, origin)``/``unfollow()``."""

    def __init__(self, prefix: str, target: Any, source: PaletteSource | None,
                 force_colors: QCheckBox | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Use the document palette", parent)
        self.setObjectName(f"{prefix}.use_palette")
        self.target, self.source, self.force_colors = target, source, force_colors
        self.setEnabled(source is not None)
        self.setToolTip("Send the document palette as the colour image"
                        + (" and force its colours" if force_colors is not None else "")
                        + "; it follows later palette changes.")
        self.toggled.connect(self._apply)

    def set_source(self, source: PaletteSource | None) -> None:
        """Give (or take away) the palette source after construction."""
        if source is None and self.isChecked():
            self.setChecked(False)
        self.source = source
        self.setEnabled(source is not None)

    def _apply(self, on: bool) -> None:
        if on and self.source is not None:
            self.target.follow(self.source, "document palette")
            if self.force_colors is not None:
                self.force_colors.setChecked(True)
        else:
            self.target.unfollow()
