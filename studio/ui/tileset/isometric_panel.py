"""The isometric tile dock: every field of POST /create-isometric-tile as a background job, and
an isometric grid where the result can be stamped and stacked to judge it in a map.

Collaborators are injected like the tileset panel's: ``queue`` (its ``client`` fetches the tile
when the job stored no image), ``library`` (the stored result image), or ``submit`` when no queue
exists, and ``canvas_image`` for the init and colour images.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from studio.api.enums import DETAILS, ISOMETRIC_TILE_SHAPES, OUTLINES, SHADINGS
from studio.api.pricing import estimate
from studio.api.requests import IsometricTileRequest
from studio.ui.color.palette_option import PaletteOption
from studio.ui.panels.cost_label import CostLabel
from studio.ui.tileset.form_helpers import (
    choice_combo,
    clear_validation_errors,
    double_spin,
    int_spin,
    seed_spin,
    seed_value,
    show_validation_errors,
)
from studio.ui.tileset.generation_runner import GenerationRunner, SubmitFn
from studio.ui.tileset.image_field import ImageField
from studio.ui.tileset.iso_grid_view import IsoGridView
from studio.ui.tileset.panel_split import form_over_preview


def _pixels(image: Any) -> np.ndarray:
    if hasattr(image, "to_pil"):
        image = image.to_pil()
    if hasattr(image, "convert"):
        return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()
    return np.asarray(image, dtype=np.uint8)


class IsometricPanel(QWidget):
    """Dock contents (objectName ``panel.isometric``)."""

    tileReady = Signal(object)  # (H, W, 4) uint8 pixels

    def __init__(self, queue: Any = None, library: Any = None, *, client: Any = None,
                 submit: SubmitFn | None = None, canvas_image: Callable[[], Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel.isometric.contents")
        self.library = library
        self.runner = GenerationRunner(queue, client, submit, self)
        self.description = QLineEdit(objectName="isometric.description",
                                     placeholderText="e.g. grass block with flowers")
        self.width_spin = int_spin("isometric.width", 16, 64, 32)
        self.height_spin = int_spin("isometric.height", 16, 64, 32)
        self.guidance = double_spin("isometric.text_guidance_scale", 1.0, 20.0, 8.0, 0.5, 1)
        self.outline = choice_combo("isometric.outline", OUTLINES)
        self.shading = choice_combo("isometric.shading", SHADINGS)
        self.detail = choice_combo("isometric.detail", DETAILS)
        self.init_image = ImageField("isometric.init_image", canvas_image)
        self.init_strength = int_spin("isometric.init_image_strength", 1, 999, 300)
        self.use_tile_size = QCheckBox("set", objectName="isometric.use_tile_size")
        self.tile_size = int_spin("isometric.isometric_tile_size", 8, 64, 32)
        self.tile_shape = choice_combo("isometric.isometric_tile_shape", ISOMETRIC_TILE_SHAPES,
                                       with_default=False)
        self.tile_shape.setCurrentIndex(ISOMETRIC_TILE_SHAPES.index("block"))
        self.color_image = ImageField("isometric.color_image", canvas_image)
        self.use_palette = PaletteOption("isometric", self.color_image, None)
        self.seed = seed_spin("isometric.seed")
        self.generate = QPushButton("Generate tile", objectName="isometric.generate")
        self.cost = CostLabel("isometric")
        self.progress = QProgressBar(objectName="isometric.progress", maximum=1000)
        self.status = QLabel(objectName="isometric.status", wordWrap=True)
        self.grid = IsoGridView()
        self.clear_grid = QPushButton("Clear grid", objectName="isometric.clear")
        self.tile_choice = QComboBox(objectName="isometric.tiles")
        self._build_layout()
        self.generate.clicked.connect(self.start_generation)
        for spin in (self.width_spin, self.height_spin):
            spin.valueChanged.connect(lambda _v: self.update_cost())
        self.update_cost()
        self.init_image.changed.connect(self._match_init_size)
        self.clear_grid.clicked.connect(self.grid.clear)
        self.tile_choice.currentIndexChanged.connect(self._choose_tile)
        self.runner.progress.connect(lambda v: self.progress.setValue(round(1000 * v)))
        self.runner.status.connect(self.status.setText)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)

    def update_cost(self) -> None:
        self.cost.show_cost(estimate("create_isometric_tile", self.width_spin.value(),
                                     self.height_spin.value()))

    def _build_layout(self) -> None:
        form = QFormLayout()
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("x"))
        size_row.addWidget(self.height_spin)
        tile_size_row = QHBoxLayout()
        tile_size_row.addWidget(self.use_tile_size)
        tile_size_row.addWidget(self.tile_size)
        for label, item in (
                ("Description", self.description), ("Image size", size_row),
                ("Text guidance", self.guidance), ("Outline", self.outline),
                ("Shading", self.shading), ("Detail", self.detail),
                ("Init image", self.init_image), ("Init strength", self.init_strength),
                ("Tile size", tile_size_row), ("Tile shape", self.tile_shape),
                ("Colour image", self.color_image), ("", self.use_palette),
                ("Seed", self.seed)):
            form.addRow(label, item)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("Stamp"))
        tools.addWidget(self.tile_choice, 1)
        tools.addWidget(self.clear_grid)
        # The form scrolls with Generate pinned below it; the map preview gets the lower pane,
        # so it is in view without scrolling the dock.
        fields = QWidget()
        fields.setLayout(form)
        hint = QLabel("Click: stamp · Shift+click: stack · Right-click: remove · Wheel: zoom")
        hint.setWordWrap(True)
        form_over_preview(self, fields, [self.generate, self.cost, self.progress, self.status],
                          [(tools, 0), (hint, 0), (self.grid, 1)], stretch=(1, 1))

    @property
    def field_widgets(self) -> dict[str, QWidget]:
        return {"description": self.description, "image_size": self.width_spin,
                "text_guidance_scale": self.guidance, "outline": self.outline,
                "shading": self.shading, "detail": self.detail, "init_image": self.init_image,
                "init_image_strength": self.init_strength, "isometric_tile_size": self.tile_size,
                "isometric_tile_shape": self.tile_shape, "color_image": self.color_image,
                "seed": self.seed}

    def values(self) -> dict[str, Any]:
        return {
            "description": self.description.text().strip(),
            "image_size": {"width": self.width_spin.value(), "height": self.height_spin.value()},
            "text_guidance_scale": self.guidance.value(),
            "outline": self.outline.currentData(), "shading": self.shading.currentData(),
            "detail": self.detail.currentData(), "init_image": self.init_image.image,
            "init_image_strength": self.init_strength.value(),
            "isometric_tile_size": self.tile_size.value() if self.use_tile_size.isChecked()
            else None,
            "isometric_tile_shape": self.tile_shape.currentData(),
            "color_image": self.color_image.image, "seed": seed_value(self.seed),
        }

    def build_request(self) -> tuple[IsometricTileRequest | None, str]:
        clear_validation_errors(self.field_widgets)
        try:
            return IsometricTileRequest(**self.values()), ""
        except ValidationError as exc:
            return None, show_validation_errors(exc, self.field_widgets)

    def set_palette_source(self, source: Callable[[], Any] | None) -> None:
        """Enable "Use the document palette" (the colour image follows the palette)."""
        self.use_palette.set_source(source)

    def set_canvas_source(self, canvas_image: Callable[[], Any] | None) -> None:
        """Where "Canvas" buttons take the init and colour images from."""
        self.init_image.set_canvas_source(canvas_image)
        self.color_image.set_canvas_source(canvas_image)

    def _match_init_size(self) -> None:
        """The service wants the init image at ``image_size``: follow the image when it fits."""
        image = self.init_image.image
        if image is not None and 16 <= image.width <= 64 and 16 <= image.height <= 64:
            self.width_spin.setValue(image.width)
            self.height_spin.setValue(image.height)

    # ----- generation ----------------------------------------------------------------------
    def start_generation(self) -> bool:
        request, message = self.build_request()
        if request is None:
            self.status.setText(message)
            return False
        if self.runner.busy:
            self.status.setText("a tile is already being generated")
            return False
        self.generate.setEnabled(False)
        self.progress.setValue(0)
        self.runner.start(request, self._fetch_tile)
        return True

    async def _fetch_tile(self, client: Any, outcome: Any) -> np.ndarray:
        """The tile's pixels: from the library (queue), the response, or a free GET."""
        if hasattr(outcome, "result_ids") and hasattr(outcome, "resource_id"):  # a queue Job
            if outcome.result_ids and self.library is not None:
                return _pixels(self.library.load_image(outcome.result_ids[0]))
            if not outcome.resource_id:
                raise ValueError("the service returned no tile id")
            return _pixels((await client.get_isometric_tile(outcome.resource_id)).image)
        if getattr(outcome, "image", None) is not None:
            return _pixels(outcome.image)
        tile_id = getattr(outcome, "tile_id", None)
        if tile_id and client is not None:
            return _pixels((await client.wait_for_isometric_tile(tile_id)).image)
        raise ValueError("the response carried no isometric tile")

    def _finished(self, pixels: np.ndarray) -> None:
        self.generate.setEnabled(True)
        self.add_tile(pixels, self.description.text().strip() or "tile")
        self.status.setText(f"tile ready ({pixels.shape[1]}x{pixels.shape[0]}): click the grid "
                            "to stamp it")
        self.tileReady.emit(pixels)

    def _failed(self, message: str) -> None:
        self.generate.setEnabled(True)
        cancelled = message.startswith("cancelled")
        self.status.setText(message.capitalize() if cancelled else f"Generation failed: {message}")

    def add_tile(self, pixels: np.ndarray, name: str) -> int:
        """Add a tile to the grid's stamp palette and select it."""
        tile_id = self.grid.add_tile(pixels)
        self.tile_choice.addItem(f"{tile_id + 1}: {name}", tile_id)
        self.tile_choice.setCurrentIndex(self.tile_choice.count() - 1)
        return tile_id

    def _choose_tile(self, _index: int) -> None:
        data = self.tile_choice.currentData()
        if data is not None:
            self.grid.current = int(data)
            self.grid.update()
