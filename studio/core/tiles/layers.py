"""Several corner tilesets layered over one map when they share terrains.

Terrains form an ordered chain, e.g. ``ocean, sand, grass``, and layer ``i`` is the 16-tile set for
the pair ``(terrains[i], terrains[i+1])`` (ocean/sand, then sand/grass). The vertex grid stores a
terrain id per vertex. Layer ``i`` sees a vertex as upper when its id is ``> i``, so sand and grass
are both "upper" for ocean/sand, and the grass layer is drawn on top.

Layer 0 is drawn on every cell; a higher layer only where its tile index is not 0 (some corner is
above its lower terrain). A cell whose corners skip a terrain (ocean next to grass) cannot be drawn
exactly with pair tilesets: it is reported in ``conflicts`` (the UI highlights it, like fallbacks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.core.tiles.corners import VERTEX_TILES, ResolvedMap, resolve_indices
from studio.core.tiles.wang import TileSetTerrain, WangError


@dataclass(frozen=True)
class LayeredResolution:
    layers: list[ResolvedMap]  # one per tileset, keys for every cell
    visible: np.ndarray  # bool (L, H, W): draw layer i's key on that cell
    conflicts: np.ndarray  # bool (H, W): corners skip a terrain, drawn approximately

    def needs_highlight(self) -> np.ndarray:
        """Cells to highlight: fallbacks on a visible layer, or terrain conflicts."""
        fb = np.stack([r.fallback for r in self.layers]) & self.visible
        return fb.any(axis=0) | self.conflicts


class LayeredTerrainMap:
    """A W x H map whose vertices hold terrain ids, resolved through a chain of tilesets."""

    def __init__(self, width: int, height: int, tilesets: Sequence[TileSetTerrain], fill=0):
        if not tilesets:
            raise WangError("a layered map needs at least one tileset")
        terrains = [tilesets[0].lower, tilesets[0].upper]
        for n, ts in enumerate(tilesets[1:], start=2):
            if ts.lower != terrains[-1]:
                raise WangError(
                    f"tileset {n} ({ts.lower}/{ts.upper}) must start with terrain "
                    f"{terrains[-1]!r}, the upper terrain of the tileset before it"
                )
            terrains.append(ts.upper)
        if len(set(terrains)) != len(terrains):
            raise WangError(f"terrains repeat in the chain {terrains}")
        if not (1 <= width <= 4096 and 1 <= height <= 4096):
            raise WangError(f"map size must be 1..4096 tiles per side, got {width}x{height}")
        self.tilesets = list(tilesets)
        self.terrains = terrains
        self.width, self.height = int(width), int(height)
        self.vertices = np.full((height + 1, width + 1), self._terrain_id(fill), dtype=np.uint8)
        self._recompute()

    def _terrain_id(self, terrain: int | str) -> int:
        if isinstance(terrain, str):
            if terrain not in self.terrains:
                raise WangError(f"unknown terrain {terrain!r}; known: {', '.join(self.terrains)}")
            return self.terrains.index(terrain)
        if not 0 <= int(terrain) < len(self.terrains):
            raise WangError(f"terrain id must be 0..{len(self.terrains) - 1}, got {terrain}")
        return int(terrain)

    def _recompute(self) -> None:
        v = self.vertices
        layers = []
        for i in range(len(self.tilesets)):
            b = (v > i).astype(np.uint8)
            layers.append(8 * b[:-1, :-1] + 4 * b[:-1, 1:] + 2 * b[1:, :-1] + b[1:, 1:])
        self.indices = np.stack(layers).astype(np.uint8)  # (L, H, W)

    def layer_indices(self, layer: int) -> np.ndarray:
        return self.indices[layer]

    def set_corner(self, vx: int, vy: int, terrain: int | str) -> list[tuple[int, int]]:
        """Paint one vertex with a terrain; returns the (up to 4) tiles sharing it."""
        if not (0 <= vx <= self.width and 0 <= vy <= self.height):
            raise WangError(f"vertex ({vx}, {vy}) is outside the {self.width}x{self.height} map")
        new = self._terrain_id(terrain)
        old = int(self.vertices[vy, vx])
        if old == new:
            return []
        self.vertices[vy, vx] = new
        lo, hi = min(old, new), max(old, new)
        tiles = [(vx + dx, vy + dy, bit) for dx, dy, bit in VERTEX_TILES
                 if 0 <= vx + dx < self.width and 0 <= vy + dy < self.height]
        for layer in range(lo, hi):  # the layers whose upper/lower view of this vertex flipped
            grid = self.indices[layer]
            for tx, ty, bit in tiles:
                grid[ty, tx] ^= bit
        return [(tx, ty) for tx, ty, _ in tiles]

    def resolve(self) -> LayeredResolution:
        resolved = [resolve_indices(self.indices[i], ts) for i, ts in enumerate(self.tilesets)]
        visible = self.indices != 0
        visible[0] = True
        v = self.vertices
        corners = np.stack([v[:-1, :-1], v[:-1, 1:], v[1:, :-1], v[1:, 1:]])
        conflicts = (corners.max(axis=0).astype(int) - corners.min(axis=0)) > 1
        return LayeredResolution(resolved, visible, conflicts)

    def to_json(self) -> dict:
        return {
            "type": "layered-terrain-map",
            "version": 1,
            "width": self.width,
            "height": self.height,
            "terrains": list(self.terrains),
            "tilesets": [ts.to_json() for ts in self.tilesets],
            "vertices": self.vertices.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict) -> LayeredTerrainMap:
        try:
            tilesets = [TileSetTerrain.from_json(t) for t in data["tilesets"]]
            tmap = cls(int(data["width"]), int(data["height"]), tilesets)
            grid = np.asarray(data["vertices"], dtype=np.int64)
        except (KeyError, TypeError, ValueError) as exc:
            raise WangError(f"layered map JSON is missing or has a bad field: {exc}") from exc
        if grid.shape != tmap.vertices.shape:
            raise WangError(f"layered map vertices must be {tmap.vertices.shape}, got {grid.shape}")
        if grid.min() < 0 or grid.max() >= len(tmap.terrains):
            raise WangError(f"terrain ids must be 0..{len(tmap.terrains) - 1}")
        tmap.vertices[...] = grid
        tmap._recompute()
        return tmap
