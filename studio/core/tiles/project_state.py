"""The tileset preview as saved in a project: its tilesets, the layer order and the painted map.

Stored under ``Document.extras["tileset_preview"]`` (``record.PROJECT_KEY``), versioned; reading
validates everything before the panel replaces what it shows, so a damaged file changes nothing.
Also lists the tileset jobs in the results library, for reopening."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from studio.core.jobs.library import ResultsLibrary
from studio.core.tiles.record import GeneratedTileset

PROJECT_VERSION = 1
TILESET_TOOLS = ("create_tileset", "tilesets")  # library tool names of POST /tilesets results
MAX_MAP_SIDE = 256


@dataclass
class SavedPreview:
    """A validated saved preview: every tileset, the ones layered on the map, and the map."""

    tilesets: list[GeneratedTileset]
    layers: list[GeneratedTileset]
    width: int
    height: int
    vertices: np.ndarray  # (height + 1, width + 1) terrain index per map corner


def shares_terrain(below: GeneratedTileset, above: GeneratedTileset) -> bool:
    """True when ``above`` starts on the terrain ``below`` ends with (by base id or name)."""
    if above.tile_size != below.tile_size:
        return False
    if above.lower_base_tile_id and above.lower_base_tile_id == below.upper_base_tile_id:
        return True
    return above.lower.strip().casefold() == below.upper.strip().casefold()


def preview_state(tilesets: Sequence[GeneratedTileset], layers: Sequence[GeneratedTileset],
                  width: int, height: int, terrains: Sequence[str],
                  vertices: np.ndarray) -> dict[str, Any]:
    """The JSON-able state (tiles embedded as PNG) that :func:`read_preview_state` reads back."""
    position = {id(record): n for n, record in enumerate(tilesets)}
    return {
        "version": PROJECT_VERSION,
        "tilesets": [record.to_json(embed_pixels=True) for record in tilesets],
        "layers": [position[id(record)] for record in layers],
        "map": {"width": width, "height": height, "terrains": list(terrains),
                "vertices": np.asarray(vertices).astype(int).tolist()},
    }


def read_preview_state(data: Any, load: Callable[[int], Image.Image] | None) -> SavedPreview:
    """Validate and rebuild a saved preview; ``ValueError`` names what is wrong."""
    try:
        if int(data["version"]) > PROJECT_VERSION:
            raise ValueError(f"saved by a newer version ({data['version']})")
        records = [GeneratedTileset.from_json(m, load) for m in data["tilesets"]]
        layers = [records[int(i)] for i in data["layers"]]
        width, height = int(data["map"]["width"]), int(data["map"]["height"])
        vertices = np.asarray(data["map"]["vertices"], dtype=np.int64)
    except (KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"missing or bad field: {exc}") from exc
    if not layers:
        raise ValueError("no tileset is shown in the saved preview")
    for below, above in zip(layers, layers[1:], strict=False):
        if not shares_terrain(below, above):
            raise ValueError(f"{above.label} does not continue {below.label}")
    if not (1 <= width <= MAX_MAP_SIDE and 1 <= height <= MAX_MAP_SIDE) or \
            vertices.shape != (height + 1, width + 1):
        raise ValueError(f"the map is not {width}x{height} tiles")
    if vertices.size and not (vertices.min() >= 0 and vertices.max() <= len(layers)):
        raise ValueError("the map uses a terrain no saved tileset joins")
    return SavedPreview(records, layers, width, height, vertices.astype(np.uint8))


def library_tileset_jobs(library: ResultsLibrary, limit: int = 400) -> list[tuple[str, str]]:
    """(job id, "lower / upper") of the tileset jobs in the library, newest first."""
    jobs: dict[str, str] = {}
    results = [r for tool in TILESET_TOOLS for r in library.search(tool=tool, limit=limit)]
    results.sort(key=lambda r: (r.created, r.id), reverse=True)
    for result in results:
        if result.job_id not in jobs and result.label.startswith("corners "):
            params = result.params or {}
            jobs[result.job_id] = (f"{params.get('lower_description', '?')} / "
                                   f"{params.get('upper_description', '?')}")
    return list(jobs.items())
