"""Reduce colours: N colours or the document palette, one frame or all frames with one shared
palette, quantiser, dithering and alpha snap, with a live preview; applying is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.cleanup.document_ops import layer_images, replace_layer_images, scope_frames
from studio.core.color import (
    DITHER_LABELS,
    METHOD_LABELS,
    ReduceOptions,
    ReduceResult,
    count_colors,
    reduce_frames,
)
from studio.core.document.document import Document
from studio.ui.color.preview import BeforeAfterPreview
from studio.ui.latest_result import LatestResult

PREVIEW_DELAY_MS = 120


@dataclass(frozen=True)
class ReducePreview:
    before: list[np.ndarray]
    result: ReduceResult
    colors_before: int
    colors_after: int


def _combo(name: str, labels: dict[str, str]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for key, label in labels.items():
        box.addItem(label, key)
    return box


class ReduceColorsDialog(QDialog):
    """Opened by ``colors.reduce``; ``applied`` carries the colour count after applying."""

    applied = Signal(int)

    def __init__(self, doc: Document, layer: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reduce.dialog")
        self.setWindowTitle("Reduce colours")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.doc, self.layer = doc, layer
        self._previews = LatestResult(self)
        self._previews.ready.connect(self._show)
        self._previews.failed.connect(self._failed)
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        for signal in (self.count.valueChanged, self.method.currentIndexChanged,
                       self.dither.currentIndexChanged, self.all_frames.toggled,
                       self.use_palette.toggled, self.alpha_snap.toggled,
                       self.alpha_threshold.valueChanged):
            signal.connect(self.schedule_preview)
        self.update_preview()

    def _build(self) -> None:
        self.count = QSpinBox(objectName="reduce.count", minimum=2, maximum=256, value=16)
        self.count.setToolTip("Number of colours to keep (2-256)")
        self.use_palette = QCheckBox("Map to the document palette instead",
                                     objectName="reduce.use_palette")
        has_palette = bool(self.doc.palette)
        self.use_palette.setEnabled(has_palette)
        if not has_palette:
            self.use_palette.setToolTip("The document has no palette yet")
        self.use_palette.toggled.connect(lambda on: self.count.setEnabled(not on))
        self.method = _combo("reduce.method", METHOD_LABELS)
        self.dither = _combo("reduce.dither", DITHER_LABELS)
        self.all_frames = QCheckBox("All frames, one shared palette",
                                    objectName="reduce.all_frames")
        self.all_frames.setChecked(len(self.doc.frames) > 1)
        self.alpha_snap = QCheckBox("Snap alpha to 0 / 255 at", objectName="reduce.alpha_snap",
                                    checked=True)
        self.alpha_threshold = QSpinBox(objectName="reduce.alpha_threshold", minimum=1,
                                        maximum=255, value=128)
        self.alpha_snap.toggled.connect(self.alpha_threshold.setEnabled)
        self.keep_palette = QCheckBox("Keep the new colours as the document palette",
                                      objectName="reduce.keep_palette", checked=True)
        self.summary = QLabel(objectName="reduce.summary")
        self.preview = BeforeAfterPreview("reduce.preview")
        alpha = QHBoxLayout()
        alpha.addWidget(self.alpha_snap)
        alpha.addWidget(self.alpha_threshold)
        alpha.addStretch(1)
        form = QFormLayout()
        form.addRow("Colours", self.count)
        form.addRow("", self.use_palette)
        form.addRow("Method", self.method)
        form.addRow("Dithering", self.dither)
        form.addRow("Scope", self.all_frames)
        form.addRow("Alpha", alpha)
        form.addRow("", self.keep_palette)
        self.apply_button = QPushButton("Apply", objectName="reduce.apply", default=True)
        self.apply_button.clicked.connect(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    # -- options and preview -------------------------------------------------------------
    def options(self) -> ReduceOptions:
        palette = tuple(tuple(c) for c in self.doc.palette) if self.use_palette.isChecked() \
            else None
        return ReduceOptions(
            count=self.count.value(), method=self.method.currentData(),
            dither=self.dither.currentData(), palette=palette,  # type: ignore[arg-type]
            alpha_threshold=self.alpha_threshold.value() if self.alpha_snap.isChecked() else None)

    def frames(self) -> list[int]:
        return scope_frames(self.doc, self.all_frames.isChecked())

    def schedule_preview(self, *_: object) -> None:
        self._previews.forget()  # an answer for the old options is not shown
        self._timer.start()

    def _key(self) -> tuple:
        return (self.options(), tuple(self.frames()), self.layer)

    def _work(self) -> Callable[[], ReducePreview]:
        """The reduction of the current options, as a function for a worker thread (the
        layer images are copied here, on the thread that owns the document)."""
        images, options = layer_images(self.doc, self.frames(), self.layer), self.options()

        def compute() -> ReducePreview:
            result = reduce_frames(images, options)
            return ReducePreview(images, result, count_colors(images),
                                 count_colors(result.frames))
        return compute

    def result(self) -> ReduceResult:  # type: ignore[override]
        """The reduction for the current options (computed once per set of options)."""
        return self._previews.now(self._key(), self._work()).result

    def update_preview(self) -> None:
        """Reduce in a worker thread (64 frames take ~0.2 s); the preview follows."""
        if not self._previews.busy:
            self.summary.setText("Working out the colours…")
        self._previews.request(self._key(), self._work())

    def _show(self, key: object, preview: ReducePreview) -> None:
        if key != self._key():
            return  # options changed after it was asked for
        frames = self.frames()
        shown = frames.index(self.doc.current_frame) if self.doc.current_frame in frames else 0
        self.preview.show_pair(preview.before[shown], preview.result.frames[shown])
        scope = "all frames" if len(frames) > 1 else "this frame"
        self.summary.setText(f"{preview.colors_before} colours in {scope} → "
                             f"{preview.colors_after} colours")

    def _failed(self, _exc: BaseException) -> None:
        self.summary.setText("The preview could not be made with these options. Try other "
                             "options; the log has the details.")

    # -- applying --------------------------------------------------------------------------
    def apply(self) -> None:
        """Replace the layer in every frame of the scope (and the palette): one undo step."""
        result = self.result()
        self.doc.history.begin("Reduce colours")
        try:
            replace_layer_images(self.doc, self.frames(), self.layer, result.frames,
                                 "Reduce colours")
            if self.keep_palette.isChecked() and len(result.palette):
                self.doc.set_palette([tuple(int(v) for v in c) for c in result.palette])
        finally:
            self.doc.history.end()
        self.applied.emit(count_colors(result.frames))
        self.accept()

