"""ReviewBar: an AI result layer under review, with before/after, accept and reject.

The result sits as an "ai" layer over the original. Before/after hides and shows that layer
without recording history (it is a view switch, not an edit; the layer is always made visible
again before accepting). Accept merges it into the layer below, only where the mask given
at generation time is set, as one undo step; reject removes it (one undo step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.core.document.document import Document, Layer


@dataclass
class Review:
    document: Document
    frame: int
    layer: Layer
    mask: np.ndarray | None

    def layer_index(self) -> int:
        """Where the layer is now (the user may have moved it); raises if it is gone."""
        if self.frame >= len(self.document.frames):
            raise LookupError("the frame of the result no longer exists")
        for index, layer in enumerate(self.document.frames[self.frame].layers):
            if layer is self.layer:
                return index
        raise LookupError("the result layer is no longer in the document (undone or deleted)")


class ReviewBar(QWidget):
    finished = Signal(str)  # "accepted" or "rejected"
    message = Signal(str)

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}.review")
        self.review: Review | None = None
        self.label = QLabel("Result under review:")
        self.before_after = QPushButton("Show original", objectName=f"{prefix}.before_after")
        self.before_after.setCheckable(True)
        self.before_after.setToolTip("Switch between the original and the result")
        self.accept_button = QPushButton("Accept", objectName="accept")
        self.accept_button.setToolTip("Merge the result into the layer below, only inside the "
                                      "mask (one undo step)")
        self.reject_button = QPushButton("Reject", objectName="reject")
        self.reject_button.setToolTip("Discard the result")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.before_after, self.accept_button, self.reject_button):
            layout.addWidget(widget)
        self.before_after.toggled.connect(self.show_original)
        self.accept_button.clicked.connect(self.accept)
        self.reject_button.clicked.connect(self.reject)
        self.setVisible(False)

    def start(self, review: Review) -> None:
        self.review = review
        self.before_after.setChecked(False)
        self.setVisible(True)

    def show_original(self, on: bool) -> None:
        review = self.review
        if review is None:
            return
        self.before_after.setText("Show result" if on else "Show original")
        self._set_visible(review, not on)

    @staticmethod
    def _set_visible(review: Review, visible: bool) -> None:
        doc = review.document
        if review.layer.visible == visible:
            return
        with doc.lock:
            review.layer.visible = visible
        doc.changed.emit(review.frame, doc.bounds)

    def accept(self) -> bool:
        return self._finish("accepted")

    def reject(self) -> bool:
        return self._finish("rejected")

    def _finish(self, outcome: str) -> bool:
        review = self.review
        if review is None:
            return False
        try:
            index = review.layer_index()
            self._set_visible(review, True)
            if outcome == "accepted":
                review.document.accept_layer(review.frame, index, mask=review.mask)
            else:
                review.document.reject_layer(review.frame, index)
        except (LookupError, ValueError, IndexError) as exc:
            self.message.emit(f"Cannot {outcome[:-2]} the result: {exc}")
            self.clear()
            return False
        self.clear()
        self.finished.emit(outcome)
        return True

    def clear(self) -> None:
        self.review = None
        self.before_after.blockSignals(True)
        self.before_after.setChecked(False)
        self.before_after.setText("Show original")
        self.before_after.blockSignals(False)
        self.setVisible(False)
