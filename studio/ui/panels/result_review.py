"""ReviewBar: an AI result layer under review, with before/after, accept and reject.

There is one bar per canvas (``ReviewBar.of(canvas)``; the main window shows it above the
canvas), so a result from any panel (Create, Library, Rotate, Inpaint, ...) is reviewed in the
same place, and ``accept`` / ``reject`` exist once in the window. The bar follows the shown
document: whenever its current frame holds an "ai" layer, that layer is under review (a panel
may start a review itself to give the mask the result was made for).

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
from studio.ui.panels.qt_life import connect_alive


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

    def __init__(self, prefix: str = "review", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}.bar" if prefix == "review" else f"{prefix}.review")
        self.review: Review | None = None
        self.canvas = None
        self._doc: Document | None = None
        self._masks: list[tuple[Layer, np.ndarray]] = []  # masks given by the panels
        self.label = QLabel("Result under review:", objectName=f"{prefix}.label")
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

    @classmethod
    def of(cls, canvas) -> ReviewBar:
        """The canvas' bar, created on first use (one per canvas)."""
        existing = getattr(canvas, "review_bar", None)
        if isinstance(existing, cls):
            return existing
        bar = cls("review", canvas)
        canvas.review_bar = bar
        bar.follow(canvas)
        return bar

    def follow(self, canvas) -> None:
        """Review whatever "ai" layer the canvas' document shows in its current frame."""
        self.canvas = canvas
        canvas.view_changed.connect(self._follow_document)
        self._follow_document()

    def start(self, review: Review) -> None:
        if review.mask is not None:
            self._masks = [(lay, m) for lay, m in self._masks if lay is not review.layer]
            self._masks.append((review.layer, review.mask))
        self.review = review
        self.before_after.setChecked(False)
        self._show_review()

    def _show_review(self) -> None:
        review = self.review
        if review is not None:
            self.label.setText(f"Reviewing \u201c{review.layer.name}\u201d:")
        self.setVisible(review is not None)

    # -- following the shown document -------------------------------------------------------
    def _follow_document(self) -> None:
        doc = self.canvas.document if self.canvas is not None else None
        if doc is self._doc:
            return
        self._doc = doc
        if doc is not None:
            for signal in (doc.structure_changed, doc.current_frame_changed):
                connect_alive(signal, self, "_refresh")
        self._refresh()

    def _refresh(self, *_args: object) -> None:
        """Keep the review on an "ai" layer of the shown frame, or hide the bar."""
        doc = self._doc
        if doc is None:
            self._set_review(None)
        elif not self._still_valid(doc):
            ai = [layer for layer in doc.frames[doc.current_frame].layers if layer.kind == "ai"]
            self._set_review(None if not ai else Review(doc, doc.current_frame, ai[-1],
                                                        self._mask_of(ai[-1])))

    def _still_valid(self, doc: Document) -> bool:
        review = self.review
        if review is None or review.document is not doc or review.frame != doc.current_frame:
            return False
        try:
            review.layer_index()
        except LookupError:
            return False
        return True

    def _mask_of(self, layer: Layer) -> np.ndarray | None:
        return next((m for lay, m in self._masks if lay is layer), None)

    def _set_review(self, review: Review | None) -> None:
        if review is None:
            self.clear()
        elif self.review is None or self.review.layer is not review.layer:
            self.start(review)

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
        self._masks = [(lay, m) for lay, m in self._masks if lay is not review.layer]
        self.review = None
        self._refresh()  # another result in this frame comes up next
        self.finished.emit(outcome)
        return True

    def clear(self) -> None:
        self.review = None
        self.before_after.blockSignals(True)
        self.before_after.setChecked(False)
        self.before_after.setText("Show original")
        self.before_after.blockSignals(False)
        self.setVisible(False)
