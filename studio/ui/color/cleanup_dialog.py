"""Preview-then-apply dialog of one clean-up operation, locally (free) or through PixelLab
(paid, via the JobQueue); applying is one undo step."""

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
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.cleanup import Grid, detect_grid, resample, unzoom
from studio.core.cleanup.document_ops import (
    apply_filter,
    layer_images,
    replace_layer_images,
    resample_document,
    scope_frames,
    unzoom_document,
)
from studio.core.document.document import Document
from studio.ui.color.cleanup_ops import OPS, Color, OpOptions
from studio.ui.color.preview import BeforeAfterPreview
from studio.ui.color.service_jobs import ServiceAccess, ServiceRun, build_request
from studio.ui.latest_result import LatestResult

PREVIEW_DELAY_MS = 120
SPRITE_WIDE = {"unzoom", "resize"}
"""Operations that change the sprite's size, so they work on every frame and layer."""


@dataclass(frozen=True)
class LocalPreview:
    before: np.ndarray
    after: np.ndarray
    grid: Grid | None = None  # unzoom: the pixel grid found


class CleanupDialog(QDialog):
    """``applied`` carries a sentence for the status bar."""

    applied = Signal(str)

    def __init__(self, doc: Document, layer: int, op: str, color: Callable[[], Color],
                 service: ServiceAccess | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cleanup.dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.op, self.doc, self.layer, self.service = OPS[op], doc, layer, service
        self.setWindowTitle(self.op.title)
        self.grid: Grid | None = None
        self.service_images: list[np.ndarray] | None = None
        self.run: ServiceRun | None = None
        self._revision = 0
        self._previews = LatestResult(self)
        self._previews.ready.connect(self._show_local)
        self._previews.failed.connect(self._local_failed)
        form = QFormLayout()
        self.options = OpOptions(op, form, color, (doc.width, doc.height))
        self._build(form)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        for signal in [*self.options.changed_signals(), self.all_frames.toggled,
                       self.backend.currentIndexChanged]:
            signal.connect(self._options_changed)
        self.update_preview()

    def _build(self, form: QFormLayout) -> None:
        self.all_frames = QCheckBox("All frames", objectName="cleanup.all_frames")
        wide = self.op.name in SPRITE_WIDE
        self.all_frames.setChecked(len(self.doc.frames) > 1 or wide)
        self.all_frames.setEnabled(not wide)  # the sprite has one size
        form.addRow("Scope", self.all_frames)
        self.backend = QComboBox(objectName="cleanup.backend")
        self.backend.addItem("Local (free)", "local")
        if self.op.service is not None:
            self.backend.addItem("PixelLab (paid)", "service")
            if self.service is None:
                self.backend.model().item(1).setEnabled(False)
                self.backend.setToolTip("PixelLab is not connected yet")
            form.addRow("Done by", self.backend)
        self.send_button = QPushButton("Send to PixelLab", objectName="cleanup.send")
        self.send_button.clicked.connect(self.send_to_service)
        self.send_button.setVisible(False)
        self.status = QLabel(objectName="cleanup.status", wordWrap=True)
        self.preview = BeforeAfterPreview("cleanup.preview")
        self.apply_button = QPushButton("Apply", objectName="cleanup.apply", default=True)
        self.apply_button.clicked.connect(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.op.hint, wordWrap=True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.send_button)
        layout.addWidget(self.preview)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    # -- preview -------------------------------------------------------------------------
    def uses_service(self) -> bool:
        return self.backend.currentData() == "service"

    def frames(self) -> list[int]:
        return scope_frames(self.doc, self.all_frames.isChecked())

    def _options_changed(self, *_: object) -> None:
        self._revision += 1  # the preview of older options is dropped when it arrives
        self._previews.forget()
        self.service_images = None
        self.send_button.setVisible(self.uses_service())
        self.apply_button.setEnabled(not self.uses_service())  # until PixelLab has answered
        self._timer.start()

    def _current(self) -> np.ndarray:
        return layer_images(self.doc, [self.doc.current_frame], self.layer)[0]

    def update_preview(self) -> None:
        before = self._current()
        if self.uses_service():
            after = self._service_image_of_current()
            self.apply_button.setEnabled(after is not None)
            if after is None:
                self.status.setText("Send to PixelLab to see its result before applying "
                                    "(paid, one request per frame).")
            self.preview.show_pair(before, after)
            return
        if self.op.name == "unzoom":
            self.apply_button.setEnabled(self.grid is not None and self.grid.upscaled)
        # worked out in a worker thread: grid detection on a big sprite takes tens of ms
        self._previews.request((self._revision, self.doc.current_frame),
                               self._local_work(before))

    def _local_work(self, before: np.ndarray) -> Callable[[], LocalPreview]:
        """The local operation on ``before`` as a function for a worker thread (everything
        it reads from the document and the widgets is taken here, on the GUI thread)."""
        if self.op.name == "unzoom":
            sprite, tolerance = self.doc.composite(self.doc.current_frame), \
                self.options.tolerance.value()

            def unzoomed() -> LocalPreview:
                grid = detect_grid(sprite)
                return LocalPreview(before, unzoom(before, grid, tolerance), grid)
            return unzoomed
        if self.op.name == "resize":
            size = (self.options.width.value(), self.options.height.value())
            return lambda: LocalPreview(before, resample(before, *size))
        local_filter = self.options.local_filter()
        return lambda: LocalPreview(before, local_filter(before))

    def _show_local(self, key: tuple, preview: LocalPreview) -> None:
        if key[0] != self._revision or self.uses_service():
            return  # other options, or PixelLab does it now: this answer is not wanted
        self.preview.show_pair(preview.before, preview.after)
        self.apply_button.setEnabled(True)
        if self.op.name == "unzoom":
            self.grid = preview.grid
            self.status.setText(self._grid_text())
            self.apply_button.setEnabled(self.grid is not None and self.grid.upscaled)
        elif self.op.name == "resize":
            size = (self.options.width.value(), self.options.height.value())
            self.status.setText(f"The sprite becomes {size[0]} x {size[1]}.")
        else:
            self.status.setText("")

    def _local_failed(self, _exc: BaseException) -> None:
        self.status.setText("The preview could not be made with these options. Try other "
                            "options; the log has the details.")

    def _grid_text(self) -> str:
        assert self.grid is not None
        if not self.grid.upscaled:
            return "No pixel grid found: this sprite does not look upscaled."
        width = len(self.grid.x.centre_pixels(self.doc.width))
        height = len(self.grid.y.centre_pixels(self.doc.height))
        return (f"Grid found: {self.grid.x.scale:.2f} x {self.grid.y.scale:.2f} pixels per cell; "
                f"the sprite becomes {width} x {height}.")

    # -- PixelLab --------------------------------------------------------------------------
    def _service_image_of_current(self) -> np.ndarray | None:
        if self.service_images is None:
            return None
        frames = self._service_frames()
        return self.service_images[frames.index(self.doc.current_frame)]

    def _service_frames(self) -> list[int]:
        wide = self.op.name in SPRITE_WIDE
        return list(range(len(self.doc.frames))) if wide else self.frames()

    def send_to_service(self) -> None:
        if self.service is None:
            return
        output, description = None, ""
        if self.op.name == "resize":
            output = (self.options.width.value(), self.options.height.value())
            description = self.options.description.text()
        if self.op.name == "unzoom":
            grid = detect_grid(self.doc.composite(self.doc.current_frame))
            output = (len(grid.x.centre_pixels(self.doc.width)),
                      len(grid.y.centre_pixels(self.doc.height)))
        try:
            requests = [build_request(self.op.name, image, output, description) for image in
                        layer_images(self.doc, self._service_frames(), self.layer)]
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        self.send_button.setEnabled(False)
        self.status.setText(f"Sent {len(requests)} request(s) to PixelLab…")
        self.run = ServiceRun(self.service, requests, self)
        self.run.finished.connect(self._service_done)
        self.run.failed.connect(self._service_failed)

    def _service_done(self, images: list[np.ndarray]) -> None:
        self.service_images = images
        self.send_button.setEnabled(True)
        self.status.setText("PixelLab's result is shown; Apply keeps it.")
        self.update_preview()

    def _service_failed(self, message: str) -> None:
        self.send_button.setEnabled(True)
        self.status.setText(message)

    # -- applying --------------------------------------------------------------------------
    def apply(self) -> None:
        label = self.op.label
        if self.uses_service():
            if self.service_images is None:
                return
            self._apply_images(self.service_images)
            text = f"{label} by PixelLab applied."
        elif self.op.name == "resize":
            width, height = resample_document(self.doc, self.options.width.value(),
                                              self.options.height.value())
            text = f"Resized to {width} x {height}."
        elif self.op.name == "unzoom":
            if self.grid is None:  # Apply before the preview's answer: detect it now
                self.grid = detect_grid(self.doc.composite(self.doc.current_frame))
            if not self.grid.upscaled:
                return
            width, height = unzoom_document(self.doc, self.grid, self.options.tolerance.value())
            text = f"Unzoomed to {width} x {height}."
        else:
            changed = apply_filter(self.doc, self.layer, self.all_frames.isChecked(),
                                   self.options.local_filter(), label)
            text = f"{label}: {changed} frame(s) changed." if changed else \
                f"{label}: nothing to change."
        self.applied.emit(text)
        self.accept()

    def _apply_images(self, images: list[np.ndarray]) -> None:
        frames = self._service_frames()
        height, width = images[0].shape[:2]
        self.doc.history.begin(self.op.label)
        try:
            if (width, height) != (self.doc.width, self.doc.height):
                self.doc.resize_canvas(width, height)
            fitted = [_fit(img, width, height) for img in images]
            replace_layer_images(self.doc, frames, self.layer, fitted, self.op.label)
        finally:
            self.doc.history.end()


def _fit(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """``image`` cropped or padded (transparent) to ``width`` x ``height``."""
    out = np.zeros((height, width, 4), np.uint8)
    h, w = min(height, image.shape[0]), min(width, image.shape[1])
    out[:h, :w] = image[:h, :w]
    return out
