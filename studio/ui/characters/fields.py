"""Small field widgets shared by the create and animate forms.

Optional API fields use a "(service default)" entry so an unset field is left out of the request
and the service applies its own default (for animations: the character's original style).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.ui.color.palette_option import PaletteOption

DEFAULT_LABEL = "(service default)"
MAX_COLOR_IMAGE_PIXELS = 1024 * 1024
COLOR_IMAGE_FORMATS = ["PNG", "GIF", "WEBP", "JPEG", "BMP"]


def optional_combo(values: Iterable[str], object_name: str, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(object_name)
    combo.addItem(DEFAULT_LABEL, None)
    for value in values:
        combo.addItem(value, value)
    return combo


def combo_value(combo: QComboBox) -> str | None:
    data = combo.currentData()
    return None if data is None else str(data)


def guidance_spin(object_name: str, parent: QWidget) -> QDoubleSpinBox:
    """Text guidance 1..20; the lowest entry ("auto") leaves it to the service."""
    spin = QDoubleSpinBox(parent)
    spin.setObjectName(object_name)
    spin.setRange(0.0, 20.0)
    spin.setSingleStep(0.5)
    spin.setDecimals(1)
    spin.setSpecialValueText("auto")
    spin.setValue(0.0)
    spin.setToolTip("How closely to follow the text (1-20); 'auto' uses the service default")
    return spin


def guidance_value(spin: QDoubleSpinBox) -> float | None:
    return None if spin.value() == spin.minimum() else float(spin.value())


def seed_spin(object_name: str, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(object_name)
    spin.setRange(0, 2**31 - 1)
    spin.setSpecialValueText("random")
    spin.setToolTip("Seed for reproducible results; 'random' (0) lets the service choose")
    return spin


def seed_value(spin: QSpinBox) -> int | None:
    return spin.value() or None


class ErrorLabel(QLabel):
    """A red line under a field that says what is wrong with it; hidden when empty."""

    def __init__(self, object_name: str, parent: QWidget) -> None:
        super().__init__("", parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c0392b;")
        self.setVisible(False)

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def load_color_image(path: str | Path) -> Image.Image:
    """Open a palette image safely (size-capped, bomb warnings as errors) as RGBA."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=COLOR_IMAGE_FORMATS) as img:
                if img.width * img.height > MAX_COLOR_IMAGE_PIXELS:
                    raise ValueError(
                        f"{img.width}x{img.height} is too large for a colour image "
                        f"(at most {MAX_COLOR_IMAGE_PIXELS} pixels)")
                img.load()
                return img.convert("RGBA")
    except ValueError:
        raise
    except Exception as exc:  # Pillow raises many types on bad files
        raise ValueError(f"cannot read {Path(path).name}: {exc}") from None


class ColorImagePicker(QWidget):
    """Choose / clear the palette image (``color_image``); shows its size and colour count."""

    changed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._image: Image.Image | None = None
        self._live = None  # a source of RGBA arrays followed at every read (the palette)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.choose = QPushButton("Choose…", self)
        self.choose.setObjectName(f"{object_name}.choose")
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName(f"{object_name}.clear")
        self.summary = QLabel("none", self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.choose)
        row.addWidget(self.clear_button)
        row.addWidget(self.summary, 1)
        self.choose.clicked.connect(self._ask)
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setEnabled(False)

    def _ask(self) -> None:
        dialog = QFileDialog(self, "Colour palette image")
        dialog.setNameFilter("Images (*.png *.gif *.webp *.jpg *.jpeg *.bmp)")
        dialog.fileSelected.connect(self.load)
        dialog.open()

    def load(self, path: str | Path) -> None:
        try:
            self.set_image(load_color_image(path))
        except ValueError as exc:
            self.summary.setText(f"not loaded: {exc}")
            self.summary.setStyleSheet("color: #c0392b;")

    @property
    def image(self) -> Image.Image | None:
        if self._live is not None:
            try:
                pixels = self._live()
            except ValueError:  # e.g. the document has no palette
                return None
            return None if pixels is None else Image.fromarray(pixels, "RGBA")
        return self._image

    def follow(self, source, origin: str = "") -> None:
        """Take the image from ``source`` (RGBA arrays) at every read; None stops."""
        self._live = None
        self.choose.setEnabled(source is None)
        self.set_image(None)
        if source is not None:
            self._live = source
            self.summary.setText(f"the {origin} (follows its changes)")
            self.clear_button.setEnabled(False)
            self.changed.emit()

    def unfollow(self) -> None:
        self.follow(None)

    def set_image(self, image: Image.Image | None) -> None:
        self._image = image
        self.summary.setStyleSheet("")
        if image is None:
            self.summary.setText("none")
        else:
            colours = image.getcolors(maxcolors=4096)
            count = f"{len(colours)} colours" if colours else "over 4096 colours"
            self.summary.setText(f"{image.width}x{image.height}, {count}")
        self.clear_button.setEnabled(image is not None)
        self.changed.emit()

    def clear(self) -> None:
        self.set_image(None)


def colour_image_rows(form: QFormLayout, prefix: str, parent: QWidget
                      ) -> tuple[ColorImagePicker, QCheckBox]:
    """See below; also adds the shared "Use the document palette" option (``<prefix>
    use_palette``), enabled once the panel gets a palette source (``set_palette_source``)."""
    picker, force = _colour_image_rows(form, prefix, parent)
    option = PaletteOption("", picker, None, force, parent)
    option.setObjectName(f"{prefix}use_palette")
    form.addRow("", option)
    picker.palette_option = option  # type: ignore[attr-defined]
    return picker, force


def _colour_image_rows(form: QFormLayout, prefix: str, parent: QWidget
                       ) -> tuple[ColorImagePicker, QCheckBox]:
    """Add the "Colour image" picker and its "Force these colours" box to ``form``.

    The box is enabled only while there is an image, and unticked when the image is cleared.
    Object names: ``<prefix>color_image`` and ``<prefix>force_colors``.
    """
    picker = ColorImagePicker(f"{prefix}color_image", parent)
    form.addRow("Colour image", picker)
    force = QCheckBox("Force these colours", parent)
    force.setObjectName(f"{prefix}force_colors")
    force.setEnabled(False)

    def sync() -> None:
        has_image = picker.image is not None
        force.setEnabled(has_image)
        if not has_image:
            force.setChecked(False)

    picker.changed.connect(sync)
    form.addRow("", force)
    return picker, force


def start_cancel_row(text: str, start_name: str, cancel_name: str, parent: QWidget
                     ) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """The start button (``text``) and a disabled "Stop waiting" button side by side.

    The caller connects them; stopping only stops waiting here, the service still finishes.
    """
    start = QPushButton(text, parent)
    start.setObjectName(start_name)
    cancel = QPushButton("Stop waiting", parent)
    cancel.setObjectName(cancel_name)
    cancel.setToolTip("Stops waiting here; the service still finishes (and bills)")
    cancel.setEnabled(False)
    row = QHBoxLayout()
    row.addWidget(start, 1)
    row.addWidget(cancel)
    return row, start, cancel


def add_row(form: QFormLayout, label: str, widget: QWidget, error: ErrorLabel | None = None
            ) -> None:
    form.addRow(label, widget)
    if error is not None:
        form.addRow("", error)
