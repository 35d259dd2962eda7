"""Brush and map controls for the terrain preview (terrain, size, paint/fill, noise, grid, size)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from studio.ui.tileset.form_helpers import double_spin, int_spin
from studio.ui.tileset.map_view import TileMapView


class PreviewControls(QWidget):
    """Edits a :class:`TileMapView`'s brush and map settings."""

    def __init__(self, view: TileMapView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.terrain = QComboBox(objectName="tileset.brush_terrain")
        self.brush_size = int_spin("tileset.brush_size", 1, 9, view.brush_size)
        self.mode = QComboBox(objectName="tileset.brush_mode")
        self.mode.addItem("Paint", "paint")
        self.mode.addItem("Fill", "fill")
        self.density = double_spin("tileset.noise_density", 0.05, 0.95, 0.4, 0.05)
        self.noise = QPushButton("Noise fill", objectName="tileset.noise")
        self.clear = QPushButton("Clear", objectName="tileset.clear")
        self.grid = QCheckBox("Grid", objectName="tileset.grid", checked=view.show_grid)
        self.map_width = int_spin("tileset.map_width", 1, 256, view.model.width)
        self.map_height = int_spin("tileset.map_height", 1, 256, view.model.height)
        self.zoom_label = QLabel(objectName="tileset.zoom")
        self._layout()
        self.refresh_terrains()
        self._show_zoom(view.zoom)
        self.terrain.currentIndexChanged.connect(self._terrain_changed)
        self.brush_size.valueChanged.connect(lambda v: setattr(view, "brush_size", v))
        self.mode.currentIndexChanged.connect(
            lambda _i: setattr(view, "brush_mode", self.mode.currentData()))
        self.noise.clicked.connect(lambda: view.noise_fill(self.density.value()))
        self.clear.clicked.connect(lambda: view.clear_map(0))
        self.grid.toggled.connect(view.set_show_grid)
        self.map_width.editingFinished.connect(self._resize_map)
        self.map_height.editingFinished.connect(self._resize_map)
        view.zoomChanged.connect(self._show_zoom)

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Brush"), 0, 0)
        grid.addWidget(self.terrain, 0, 1)
        grid.addWidget(self.mode, 0, 2)
        grid.addWidget(QLabel("Size"), 0, 3)
        grid.addWidget(self.brush_size, 0, 4)
        grid.addWidget(self.grid, 0, 5)
        grid.addWidget(self.noise, 1, 0)
        grid.addWidget(self.density, 1, 1)
        grid.addWidget(self.clear, 1, 2)
        grid.addWidget(QLabel("Map"), 1, 3)
        grid.addWidget(self.map_width, 1, 4)
        grid.addWidget(self.map_height, 1, 5)
        grid.addWidget(self.zoom_label, 1, 6)
        hint = QLabel("Left: paint · Right: lowest terrain · Middle/Space drag: pan · "
                      "Wheel: zoom · F: fit · G: grid")
        hint.setObjectName("tileset.preview_hint")
        hint.setWordWrap(True)
        grid.addWidget(hint, 2, 0, 1, 8)
        grid.setColumnStretch(7, 1)

    def refresh_terrains(self) -> None:
        """Re-list the view's terrains (after tilesets were added or replaced)."""
        self.terrain.blockSignals(True)
        self.terrain.clear()
        for index, name in enumerate(self.view.model.terrains):
            self.terrain.addItem(name, index)
        self.terrain.setCurrentIndex(self.view.brush_terrain)
        self.terrain.blockSignals(False)

    def _terrain_changed(self, _index: int) -> None:
        data = self.terrain.currentData()
        if data is not None:
            self.view.brush_terrain = int(data)

    def _resize_map(self) -> None:
        if (self.map_width.value(), self.map_height.value()) != (
                self.view.model.width, self.view.model.height):
            self.view.resize_map(self.map_width.value(), self.map_height.value())

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom:g}x")
