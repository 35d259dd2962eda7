"""A reference to pose against: another frame of the document or an image file, drawn over the
sprite at an opacity while the joints are edited (never part of the document or a request)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from studio.core.document.document import Document
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.image_files import open_image_file
from studio.ui.qt_images import rgba_to_qimage
from studio.ui.skeleton.overlay import SkeletonOverlay


class ReferenceControls(QWidget):
    message = Signal(str)

    def __init__(self, canvas, overlay: SkeletonOverlay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas, self.overlay = canvas, overlay
        self.document: Document | None = None
        self.frame = QSpinBox(objectName="pose.reference_frame", minimum=0, maximum=9999)
        self.frame.setSpecialValueText("none")
        self.frame.setToolTip("Show another frame over this one to pose against")
        self.image_button = QPushButton("Image…", objectName="pose.reference_image")
        self.image_button.setToolTip("Show an image over the sprite to pose against")
        self.opacity = QSlider(Qt.Orientation.Horizontal, objectName="pose.reference_opacity")
        self.opacity.setRange(5, 100)
        self.opacity.setValue(int(overlay.reference_opacity * 100))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Reference"), self.frame, self.image_button, self.opacity):
            layout.addWidget(widget)
        self.frame.valueChanged.connect(self.show_frame)
        self.opacity.valueChanged.connect(self._opacity)
        self.image_button.clicked.connect(self.ask_image)

    def set_document(self, doc: Document | None) -> None:
        self.document = doc
        self.frame.setValue(0)
        self._set(None)

    def show_frame(self, number: int) -> None:
        """Frame ``number`` (1-based) as the reference; 0 clears it."""
        doc = self.document
        if doc is None or not 1 <= number <= len(doc.frames):
            self._set(None)
            return
        self._set(rgba_to_qimage(doc.composite(number - 1)))

    def show_image(self, path: Path | str) -> bool:
        try:
            image = open_image_file(path)
        except (FileFormatError, OSError) as exc:
            self.message.emit(f"Could not use that image as a reference: {exc}")
            return False
        self.frame.blockSignals(True)
        self.frame.setValue(0)
        self.frame.blockSignals(False)
        self._set(rgba_to_qimage(image.composite(0)))
        self.message.emit(f"Reference: {Path(path).name}, stretched over the sprite.")
        return True

    def ask_image(self) -> QFileDialog:
        dialog = QFileDialog(self, "Reference image", "", "Images (*.png *.gif *.webp)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.show_image)
        dialog.open()
        return dialog

    def _opacity(self, value: int) -> None:
        self.overlay.reference_opacity = value / 100
        self.canvas.update()

    def _set(self, image) -> None:
        self.overlay.reference = image
        self.canvas.update()
