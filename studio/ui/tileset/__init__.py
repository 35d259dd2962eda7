"""Tileset and isometric tile panels: creation forms, terrain-painting preview, tile sheet,
isometric grid preview and exports."""

from studio.ui.tileset.isometric_panel import IsometricPanel
from studio.ui.tileset.map_view import TileMapView
from studio.ui.tileset.sheet_view import TileSheetView
from studio.ui.tileset.tileset_panel import TilesetPanel

__all__ = ["IsometricPanel", "TileMapView", "TileSheetView", "TilesetPanel"]
