"""Before / after preview of one frame, scaled up with nearest-neighbour so pixels stay sharp."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from studio.ui.qt_images import rgba_to_qimage

PREVIEW_SIDE = 220


def _pixmap(pixels: np.ndarray, side: int) -> QPixmap:
    h, w = pixels.shape[:2]
    scale = max(1, side // max(w, h, 1))
    image = rgba_to_qimage(np.ascontiguousarray(pixels))
    if scale > 1:
        image = image.scaled(w * scale, h * scale, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.FastTransformation)
    if max(image.width(), image.height()) > side:
        image = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.FastTransformation)
    return QPixmap.fromImage(image)


class BeforeAfterPreview(QWidget):
    """Two images side by side with captions; ``show_pair`` refreshes them."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.before = QLabel()
        self.after = QLabel()
        layout = QGridLayout(self)
        for column, (caption, label) in enumerate((("Before", self.before),
                                                   ("After", self.after))):
            label.setMinimumSize(PREVIEW_SIDE, PREVIEW_SIDE)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: #3a3a3a; border: 1px solid #555;")
            layout.addWidget(QLabel(caption), 0, column)
            layout.addWidget(label, 1, column)
        self.after_pixels: np.ndarray | None = None

    def show_pair(self, before: np.ndarray, after: np.ndarray | None) -> None:
        self.before.setPixmap(_pixmap(before, PREVIEW_SIDE))
        self.after_pixels = after
        if after is None:
            self.after.clear()
            self.after.setText("…")
        else:
            self.after.setPixmap(_pixmap(after, PREVIEW_SIDE))
