"""The Tileset dock: create a 16-tile corner Wang set, preview it on a painted map, export it.

Collaborators are injected so the composition root wires them: ``queue`` (``JobQueue``; its
``client`` fetches the finished tileset), or ``submit`` (``async (request) -> Tileset``) when no
queue exists; ``library`` (``ResultsLibrary``, to link stored tiles to their corners);
``canvas_image`` (``() -> PIL image | RGBA array | None``) for reference images; and
``open_on_canvas(pixels, title, apply_back)`` to touch a tile up on the canvas, where the caller
later calls ``apply_back(new_pixels)`` to bring the edit back into the sheet and the preview;
``document`` (``() -> Document | None``, default: the main window's current document) is where
"Save to project" keeps the tilesets and the painted preview map (``Document.extras`` key
``"tileset_preview"``, so a saved ``.pxstudio`` keeps the tileset map).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.api.pricing import estimate
from studio.core.tiles.project_state import (
    shares_terrain,
)
from studio.core.tiles.record import GeneratedTileset, from_api_tileset
from studio.ui.panels.cost_label import CostLabel
from studio.ui.tileset.generation_runner import GenerationRunner, SubmitFn
from studio.ui.tileset.map_view import TileMapView
from studio.ui.tileset.panel_split import form_over_preview
from studio.ui.tileset.preview_controls import PreviewControls
from studio.ui.tileset.qimage_convert import qimage_to_rgba
from studio.ui.tileset.sheet_view import TileSheetView
from studio.ui.tileset.tileset_export_bar import TilesetExportBar
from studio.ui.tileset.tileset_form import TilesetForm
from studio.ui.tileset.tileset_reopen import TilesetReopening

OpenOnCanvas = Callable[[np.ndarray, str, Callable[[np.ndarray], None]], None]


class TilesetPanel(TilesetReopening, QWidget):
    """Dock contents (objectName ``panel.tileset``)."""

    tilesetReady = Signal(object)  # GeneratedTileset

    def __init__(self, queue: Any = None, library: Any = None, *, client: Any = None,
                 submit: SubmitFn | None = None, canvas_image: Callable[[], Any] | None = None,
                 open_on_canvas: OpenOnCanvas | None = None,
                 document: Callable[[], Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel.tileset.contents")
        self.library = library
        self.document_source = document
        self.open_on_canvas = open_on_canvas
        self.tilesets: list[GeneratedTileset] = []
        self.layers: list[GeneratedTileset] = []
        self._sheet_record: GeneratedTileset | None = None
        self.runner = GenerationRunner(queue, client, submit, self)
        self.form = TilesetForm(canvas_image)
        self.generate = QPushButton("Generate tileset", objectName="tileset.generate")
        self.cancel = QPushButton("Cancel", objectName="tileset.cancel", enabled=False)
        self.cost = CostLabel("tileset")
        self.progress = QProgressBar(objectName="tileset.progress", maximum=1000)
        self.status = QLabel(objectName="tileset.status", wordWrap=True)
        self.history = QListWidget(objectName="tileset.history")
        self.history.setMaximumHeight(90)
        self.show_button = QPushButton("Show", objectName="tileset.show")
        self.layer_button = QPushButton("Layer on top", objectName="tileset.layer")
        self.chain_button = QPushButton("Chain from", objectName="tileset.chain")
        self.library_button = QPushButton("Open from library", objectName="tileset.from_library")
        self.library_button.setToolTip("Reopen a tileset generated earlier: its tiles are "
                                       "stored in the results library, keyed by their corners")
        self.library_menu = QMenu(self.library_button)
        self.library_button.setMenu(self.library_menu)
        self.save_project_button = QPushButton("Save to project",
                                               objectName="tileset.save_project")
        self.save_project_button.setToolTip(
            "Keep these tilesets and the painted preview map in the current document; saving "
            "it as a .pxstudio project keeps them in the file")
        self.open_project_button = QPushButton("Open from project",
                                               objectName="tileset.open_project")
        self.open_project_button.setToolTip("Reopen the tilesets and preview map saved in the "
                                            "current document")
        self.preview = TileMapView(16, 24, 16)
        self.controls = PreviewControls(self.preview)
        self.sheet = TileSheetView(16)
        self.exports = TilesetExportBar(self, self)
        self._build_layout()
        self._connect()

    # ----- layout --------------------------------------------------------------------------
    def _build_layout(self) -> None:
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(self.form)
        top_layout.addWidget(QLabel("Generated tilesets"))
        top_layout.addWidget(self.history)
        row = QHBoxLayout()
        for button in (self.show_button, self.layer_button, self.chain_button):
            row.addWidget(button)
        top_layout.addLayout(row)
        row = QHBoxLayout()
        for button in (self.library_button, self.save_project_button, self.open_project_button):
            row.addWidget(button)
        top_layout.addLayout(row)
        top_layout.addWidget(self.sheet)
        top_layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate, 1)
        buttons.addWidget(self.cancel)
        # Generate, progress and status stay in view however far the form is scrolled.
        form_over_preview(self, top, [buttons, self.cost, self.progress, self.status],
                          [(self.controls, 0), (self.preview, 1), (self.exports, 0)],
                          stretch=(1, 1))  # the form and the 16-tile sheet need room too

    def update_cost(self) -> None:
        size = self.form.tile_size.currentData() or 16
        self.cost.show_cost(estimate("create_tileset", size, size))

    def _connect(self) -> None:
        self.generate.clicked.connect(self.start_generation)
        self.form.tile_size.currentIndexChanged.connect(lambda _i: self.update_cost())
        self.update_cost()
        self.cancel.clicked.connect(self.runner.cancel)
        self.runner.progress.connect(lambda v: self.progress.setValue(round(1000 * v)))
        self.runner.status.connect(self.status.setText)
        self.runner.finished.connect(self._generation_finished)
        self.runner.failed.connect(self._generation_failed)
        self.show_button.clicked.connect(lambda: self._with_selected(self.show_tileset))
        self.layer_button.clicked.connect(lambda: self._with_selected(self.layer_tileset))
        self.chain_button.clicked.connect(lambda: self._with_selected(self.chain_from))
        self.library_menu.aboutToShow.connect(self.fill_library_menu)
        self.save_project_button.clicked.connect(lambda: self.save_to_project())
        self.open_project_button.clicked.connect(lambda: self.open_from_project())
        self.sheet.tileClicked.connect(self._open_tile)
        self.sheet.tileUpdated.connect(self._tile_updated)

    def set_palette_source(self, source: Callable[[], Any] | None) -> None:
        """Enable "Use the document palette" (the colour image follows the palette)."""
        self.form.use_palette.set_source(source)

    def set_canvas_source(self, canvas_image: Callable[[], Any] | None) -> None:
        """Where "Canvas" buttons take reference images from (``() -> image | None``)."""
        for field in self.form.images.values():
            field.set_canvas_source(canvas_image)

    # ----- generation ----------------------------------------------------------------------
    def start_generation(self) -> bool:
        """Validate the form and start the job; False (message shown) when nothing was sent."""
        request, message = self.form.build_request()
        if request is None:
            self.status.setText(message)
            return False
        if self.runner.busy:
            self.status.setText("a tileset is already being generated")
            return False
        lower, upper = request.lower_description, request.upper_description
        chained = request.lower_base_tile_id

        async def fetch(client: Any, outcome: Any) -> GeneratedTileset:
            return await self._fetch_tileset(client, outcome, lower, upper, chained)

        self.generate.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setValue(0)
        self.runner.start(request, fetch)
        return True

    async def _fetch_tileset(self, client: Any, outcome: Any, lower: str, upper: str,
                             chained: str | None) -> GeneratedTileset:
        """The finished tileset keyed by corners, linked to the queue's library results."""
        tileset, result_ids = outcome, []
        if hasattr(outcome, "result_ids") and hasattr(outcome, "resource_id"):  # a queue Job
            if not outcome.resource_id:
                raise ValueError("the service returned no tileset id")
            tileset, result_ids = await client.get_tileset(outcome.resource_id), outcome.result_ids
        elif not (hasattr(tileset, "tiles") or isinstance(tileset, dict) and "tiles" in tileset):
            tileset_id = getattr(outcome, "tileset_id", None) or (
                outcome.get("tileset_id") if isinstance(outcome, dict) else None)
            if not tileset_id or client is None:
                raise ValueError("the response carried neither tiles nor a tileset id")
            tileset = await client.wait_for_tileset(tileset_id)
        record = from_api_tileset(tileset, lower, upper)
        if chained and not record.lower_base_tile_id:
            record.lower_base_tile_id = chained
        if self.library is not None and result_ids:
            # The queue stored each tile labelled with its corners: link by label; pixels are
            # compared only for results stored without a label (older libraries).
            unlabelled = record.link_labels(self.library.get(rid) for rid in result_ids)
            record.match_library(
                (r.id, np.asarray(self.library.load_image(r.id).convert("RGBA"), dtype=np.uint8))
                for r in unlabelled)
        return record

    def _generation_finished(self, record: GeneratedTileset) -> None:
        self.generate.setEnabled(True)
        self.cancel.setEnabled(False)
        self.add_tileset(record)
        missing = record.missing
        note = f"; missing {len(missing)} corner tiles (hatched in red)" if missing else ""
        self.status.setText(f"{record.label}: {len(record.tiles)} tiles{note}")
        self.tilesetReady.emit(record)

    def _generation_failed(self, message: str) -> None:
        self.generate.setEnabled(True)
        self.cancel.setEnabled(False)
        cancelled = message.startswith("cancelled")
        self.status.setText(message.capitalize() if cancelled else f"Generation failed: {message}")

    # ----- tilesets in the preview ---------------------------------------------------------
    def _remember(self, record: GeneratedTileset) -> None:
        self.tilesets.append(record)
        item = QListWidgetItem(f"{record.label} ({record.tile_size}px)")
        item.setData(Qt.ItemDataRole.UserRole, len(self.tilesets) - 1)
        self.history.addItem(item)
        self.history.setCurrentItem(item)

    def add_tileset(self, record: GeneratedTileset) -> None:
        """Remember a tileset; layer it if it continues the preview's top terrain, else show it."""
        self._remember(record)
        if self.layers and shares_terrain(self.layers[-1], record):
            self.layer_tileset(record)
        else:
            self.show_tileset(record)

    def manifests(self) -> list[dict[str, Any]]:
        """Corner -> library result manifests of the generated tilesets (to save them)."""
        return [record.to_json() for record in self.tilesets if record.result_ids]

    def restore_tileset(self, manifest: dict[str, Any]) -> GeneratedTileset:
        """Reload a tileset saved with :meth:`manifests` from the library."""
        if self.library is None:
            raise ValueError("no results library is connected")
        record = GeneratedTileset.from_json(manifest, self.library.load_image)
        self.add_tileset(record)
        return record

    def show_tileset(self, record: GeneratedTileset) -> None:
        """Preview this tileset alone (the painted corners are kept)."""
        self.preview.set_terrains([record.lower, record.upper], record.tile_size)
        self.preview.set_tileset(0, record.tiles)
        self.preview.fit_to_view()
        self.layers = [record]
        self._show_sheet(record)
        self.controls.refresh_terrains()

    def layer_tileset(self, record: GeneratedTileset) -> bool:
        """Stack ``record`` over the preview when it starts on the top terrain (e.g. sand/grass)."""
        if not self.layers or not shares_terrain(self.layers[-1], record):
            self.status.setText(f"{record.label} does not start on the preview's top terrain "
                                f"({self.layers[-1].upper if self.layers else 'none'})")
            return False
        terrain = self.preview.add_terrain(record.upper)
        self.preview.set_tileset(len(self.layers), record.tiles, terrain - 1, terrain)
        self.layers.append(record)
        self._show_sheet(record)
        self.controls.refresh_terrains()
        return True

    def chain_from(self, record: GeneratedTileset) -> None:
        """Prefill the form so the next tileset starts on ``record``'s upper terrain."""
        self.form.lower.setText(record.upper)
        self.form.upper.clear()
        self.form.set_chain(record.upper_base_tile_id, None)
        self.status.setText(f"Chaining from {record.label}: describe the new upper terrain")

    def _with_selected(self, action: Callable[[GeneratedTileset], Any]) -> None:
        item = self.history.currentItem()
        if item is None:
            self.status.setText("select a generated tileset first")
            return
        action(self.tilesets[item.data(Qt.ItemDataRole.UserRole)])

    @property
    def sheet_record(self) -> GeneratedTileset | None:
        return self._sheet_record

    def _show_sheet(self, record: GeneratedTileset) -> None:
        self._sheet_record = record
        self.sheet.set_tiles(record.tiles, record.tile_size)

    def preview_indices_for(self, record: GeneratedTileset) -> np.ndarray | None:
        """Wanted corner index of every preview cell as ``record``'s layer sees it (for TMX)."""
        for position, layer in enumerate(self.layers):
            if layer is record:
                return self.preview.model.layers[position].corners.indices.copy()
        return None

    # ----- touch-ups -----------------------------------------------------------------------
    def _open_tile(self, index: int, image: QImage) -> None:
        if self.open_on_canvas is None or self.sheet_record is None:
            return
        corners = self.sheet_record.corners(index)
        title = f"{self.sheet_record.label} " + " ".join(f"{k}={v}" for k, v in corners.items())
        self.open_on_canvas(qimage_to_rgba(image), title,
                            lambda pixels, i=index: self.sheet.update_tile(i, pixels))

    def _tile_updated(self, index: int, image: QImage) -> None:
        record = self.sheet_record
        if record is None:
            return
        pixels = qimage_to_rgba(image)
        record.tiles[index] = pixels
        for position, layer in enumerate(self.layers):
            if layer is record:
                self.preview.update_tile(position, index, pixels)
