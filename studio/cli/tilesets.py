"""``export --tiled DIR`` / ``--godot DIR``: the tilesets a project saved from the Tileset panel.

Each saved tileset becomes a PNG sheet + TSX (plus a TMX of the saved preview map) for Tiled, or
a PNG sheet + ``.tres`` for Godot 4, exactly as the panel's export buttons write them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from studio.cli.exit_codes import CommandError
from studio.core.document.document import Document
from studio.core.exporters import tileset as exports
from studio.core.tiles.corners import indices_from_vertices
from studio.core.tiles.record import PROJECT_KEY, GeneratedTileset


def saved_tilesets(doc: Document) -> list[tuple[GeneratedTileset, np.ndarray | None]]:
    """Every saved tileset with the corner indices of its layer in the saved map (None when the
    tileset is not shown in the map)."""
    data = doc.extras.get(PROJECT_KEY)
    if not data:
        raise CommandError("this file holds no tileset: in the studio, generate one in the "
                           "Tileset panel, use Save to project, then save as .pxstudio")
    try:
        records = [GeneratedTileset.from_json(m, None) for m in data["tilesets"]]
        layers = [int(i) for i in data.get("layers", [])]
        vertices = np.asarray(data["map"]["vertices"], dtype=np.int64)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise CommandError(f"the saved tileset data cannot be read ({exc})") from None
    return [(record, _layer_indices(vertices, layers, i)) for i, record in enumerate(records)]


def _layer_indices(vertices: np.ndarray, layers: list[int], record_index: int
                   ) -> np.ndarray | None:
    """A layer at position p joins terrains p and p + 1: its vertex is upper when >= p + 1."""
    if record_index not in layers or vertices.ndim != 2 or min(vertices.shape) < 2:
        return None
    position = layers.index(record_index)
    return indices_from_vertices((vertices >= position + 1).astype(np.uint8))


def export_tilesets(doc: Document, tiled_dir: str | None, godot_dir: str | None) -> list[Path]:
    written: list[Path] = []
    for record, indices in saved_tilesets(doc):
        if tiled_dir:
            folder = _folder(tiled_dir)
            written += exports.export_tiled(record, folder, indices)
        if godot_dir:
            written += exports.export_godot(record, _folder(godot_dir))
    return written


def _folder(path: Any) -> Path:
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
