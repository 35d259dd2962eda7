"""Create panel, Pro model (generate-image-v2): up to 4 reference images, each with a usage
note, and the style image with what to copy from it. One call returns a grid of candidates
(64, 16, 4 or 1 by size) to pick from, like the variants of the other models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from studio.ui.panels.generation_images import rgba_to_pil
from studio.ui.panels.image_slot import ImageSlot, ImageSource

PRO = "pro (style and references)"
MAX_REFERENCES = 4
STYLE_OPTIONS = ("color_palette", "outline", "detail", "shading")
PRO_UNUSED = ("negative_description", "text_guidance_scale", "outline", "shading", "detail",
              "view", "direction", "isometric", "oblique_projection", "coverage_on",
              "coverage_percentage", "init_image", "init_image_strength", "style_strength",
              "color_image")
"""Form fields generate-image-v2 does not take (disabled while Pro is chosen)."""


class ReferencesBox(QWidget):
    """Up to four reference images (canvas, layer, library or file), each with a usage note."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, sources: dict[str, ImageSource], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("create.references")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.slots: list[ImageSlot] = []
        self.notes: list[QLineEdit] = []
        for index in range(MAX_REFERENCES):
            slot = ImageSlot(f"reference_{index + 1}", sources)
            note = QLineEdit(objectName=f"create.reference_{index + 1}.usage")
            note.setPlaceholderText("what it is for, e.g. the armour's shape")
            note.setMaxLength(500)
            grid.addWidget(slot, index * 2, 0)
            grid.addWidget(note, index * 2 + 1, 0)
            slot.changed.connect(self.changed)
            slot.message.connect(self.message)
            self.slots.append(slot)
            self.notes.append(note)

    def references(self) -> list[dict[str, Any]]:
        """The filled slots as generate-image-v2 references (image, optional usage note)."""
        out = []
        for slot, note in zip(self.slots, self.notes, strict=True):
            if slot.pixels is None:
                continue
            item: dict[str, Any] = {"image": rgba_to_pil(slot.pixels)}
            if note.text().strip():
                item["usage_description"] = note.text().strip()
            out.append(item)
        return out


class StyleOptionsRow(QWidget):
    """What to copy from the style image: palette, outline, detail, shading."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("create.style_options")
        grid = QGridLayout(self)  # two rows of two: four boxes in a row overflow a narrow dock
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, name in enumerate(STYLE_OPTIONS):
            box = QCheckBox(name.replace("color_", ""), objectName=f"create.style_{name}")
            box.setChecked(True)
            grid.addWidget(box, index // 2, index % 2)
            self.boxes[name] = box

    def options(self) -> dict[str, bool]:
        return {name: box.isChecked() for name, box in self.boxes.items()}


def pro_fields(description: str, size: tuple[int, int], no_background: bool,
               references: ReferencesBox, style: ImageSlot,
               options: StyleOptionsRow) -> dict[str, Any]:
    """generate-image-v2 keyword arguments from the form's widgets."""
    fields: dict[str, Any] = {"description": description,
                              "image_size": {"width": size[0], "height": size[1]},
                              "no_background": no_background}
    refs = references.references()
    if refs:
        fields["reference_images"] = refs
    if style.pixels is not None:
        fields["style_image"] = rgba_to_pil(style.pixels)
        fields["style_options"] = options.options()
    return fields
