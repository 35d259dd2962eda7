"""The preview's map model: terrain per vertex (the corner grid) and the chosen tile per cell.

Qt-free on purpose so it can be tested and benchmarked without a screen. Terrains are ordered
bottom to top (e.g. ocean < sand < grass); each layered tileset joins two neighbouring terrains.
A tile's Wang index is ``8*NW + 4*NE + 2*SW + SE`` with upper = 1 (editors.md section 3d).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.core.tiles.corners import CornerMap, TileSetTerrain, indices_from_vertices


def resolve_table(available: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
    """For each of the 16 indices, the tile index to draw and whether it is a fallback.

    Uses the core Wang lookup (best partial match, deterministic ties). Returns
    (resolved int16[16], -1 when the set is empty; fallback bool[16]).
    """
    terrain = TileSetTerrain()
    for index in sorted({int(i) for i in available}):
        terrain.add_tile(index, index)
    if not terrain.variants:
        return np.full(16, -1, dtype=np.int16), np.ones(16, dtype=bool)
    used, fallback = terrain.fallback_table()
    return np.asarray(used, dtype=np.int16), np.asarray(fallback, dtype=bool)


@dataclass
class MapLayer:
    """One tileset in the preview: the terrains it joins, its corner map and tile lookup."""

    lower: int
    upper: int
    corners: CornerMap
    resolved: np.ndarray
    fallback: np.ndarray


class TerrainMap:
    """Terrain id per vertex ((height+1) x (width+1)) plus one core ``CornerMap`` per tileset.

    A layer joining terrains ``lower -> upper`` sees a vertex as upper when its terrain id is
    ``>= upper``, so ocean/sand and sand/grass layers stack over the shared sand.
    """

    def __init__(self, width: int = 24, height: int = 16,
                 terrains: Sequence[str] = ("lower", "upper")):
        if width < 1 or height < 1:
            raise ValueError(f"map size must be at least 1x1 tiles, got {width}x{height}")
        if len(terrains) < 2:
            raise ValueError("a terrain map needs at least two terrains")
        self.terrains: list[str] = list(terrains)
        self.vertices = np.zeros((height + 1, width + 1), dtype=np.uint8)
        self.layers: list[MapLayer] = []

    @property
    def width(self) -> int:
        return self.vertices.shape[1] - 1

    @property
    def height(self) -> int:
        return self.vertices.shape[0] - 1

    @property
    def indices(self) -> list[np.ndarray]:
        """Per layer, the wanted Wang index of every cell (height, width)."""
        return [layer.corners.indices for layer in self.layers]

    # ----- layers --------------------------------------------------------------------------
    def set_layer(self, position: int, lower: int, upper: int, available: Iterable[int]) -> None:
        """Add or replace the tileset layer at ``position`` (joining terrain lower -> upper)."""
        if not (0 <= lower < upper < len(self.terrains)):
            raise ValueError(f"layer terrains must satisfy 0 <= lower < upper < "
                             f"{len(self.terrains)}, got {lower}, {upper}")
        if position > len(self.layers):
            raise ValueError(f"layer {position} would leave a gap after {len(self.layers)} layers")
        resolved, fallback = resolve_table(available)
        corners = CornerMap(self.width, self.height)
        layer = MapLayer(lower, upper, corners, resolved, fallback)
        self._sync(layer)
        if position < len(self.layers):
            self.layers[position] = layer
        else:
            self.layers.append(layer)

    def tile_at(self, layer: int, x: int, y: int) -> tuple[int, bool]:
        """(tile index actually drawn, True when it is a fallback) for cell (x, y)."""
        info = self.layers[layer]
        wanted = info.corners.indices[y, x]
        return int(info.resolved[wanted]), bool(info.fallback[wanted])

    def fallback_mask(self, layer: int) -> np.ndarray:
        """Bool (height, width): cells of ``layer`` drawn with a partial match."""
        info = self.layers[layer]
        return info.fallback[info.corners.indices]

    # ----- editing -------------------------------------------------------------------------
    def set_vertex(self, vx: int, vy: int, terrain: int) -> list[tuple[int, int]]:
        """Set one corner's terrain; returns the (up to four) cells whose tiles changed."""
        if not (0 <= vx <= self.width and 0 <= vy <= self.height):
            return []
        if self.vertices[vy, vx] == terrain:
            return []
        self.vertices[vy, vx] = terrain
        changed: list[tuple[int, int]] = []
        for layer in self.layers:
            for cell in layer.corners.set_corner(vx, vy, int(terrain >= layer.upper)):
                if cell not in changed:
                    changed.append(cell)
        if not self.layers:
            changed = [(x, y) for x, y in ((vx - 1, vy - 1), (vx, vy - 1), (vx - 1, vy), (vx, vy))
                       if 0 <= x < self.width and 0 <= y < self.height]
        return changed

    def paint(self, vx: int, vy: int, terrain: int, size: int = 1) -> set[tuple[int, int]]:
        """Square brush of ``size`` corners centred on (vx, vy); returns the changed cells."""
        start = -((size - 1) // 2)
        changed: set[tuple[int, int]] = set()
        for dy in range(start, start + size):
            for dx in range(start, start + size):
                changed.update(self.set_vertex(vx + dx, vy + dy, terrain))
        return changed

    def fill(self, vx: int, vy: int, terrain: int) -> bool:
        """Flood-fill the connected corners sharing (vx, vy)'s terrain. True if anything changed."""
        if not (0 <= vx <= self.width and 0 <= vy <= self.height):
            return False
        target = int(self.vertices[vy, vx])
        if target == terrain:
            return False
        v = self.vertices
        queue = deque([(vx, vy)])
        v[vy, vx] = terrain
        while queue:
            x, y = queue.popleft()
            for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if 0 <= nx < v.shape[1] and 0 <= ny < v.shape[0] and v[ny, nx] == target:
                    v[ny, nx] = terrain
                    queue.append((nx, ny))
        self.recompute_all()
        return True

    def noise_fill(self, terrain: int, density: float = 0.5, seed: int | None = None) -> None:
        """Scatter ``terrain`` over a random ``density`` share of the corners (seeded).

        Only corners whose 3x3 neighbourhood holds neighbouring terrains change (grass goes on
        sand away from the ocean), so noise never makes cells that skip a terrain; with two
        terrains every corner qualifies.
        """
        if not 0.0 <= density <= 1.0:
            raise ValueError(f"noise density must be within 0..1, got {density}")
        rng = np.random.default_rng(seed)
        padded = np.pad(self.vertices.astype(np.int16), 1, mode="edge")
        h, w = self.vertices.shape
        windows = [padded[dy : dy + h, dx : dx + w] for dy in range(3) for dx in range(3)]
        low, high = np.minimum.reduce(windows), np.maximum.reduce(windows)
        allowed = (low >= terrain - 1) & (high <= terrain + 1)
        self.vertices[(rng.random(self.vertices.shape) < density) & allowed] = terrain
        self.recompute_all()

    def clear(self, terrain: int = 0) -> None:
        self.vertices[:] = terrain
        self.recompute_all()

    def resize(self, width: int, height: int) -> None:
        """Change the map size in tiles, keeping the top-left corners that still fit."""
        if width < 1 or height < 1:
            raise ValueError(f"map size must be at least 1x1 tiles, got {width}x{height}")
        grown = np.zeros((height + 1, width + 1), dtype=np.uint8)
        h = min(height, self.height) + 1
        w = min(width, self.width) + 1
        grown[:h, :w] = self.vertices[:h, :w]
        self.vertices = grown
        for layer in self.layers:
            layer.corners = CornerMap(width, height)
        self.recompute_all()

    def recompute_all(self) -> None:
        for layer in self.layers:
            self._sync(layer)

    def _sync(self, layer: MapLayer) -> None:
        bits = (self.vertices >= layer.upper).astype(np.uint8)
        layer.corners.vertices[...] = bits
        layer.corners.indices = indices_from_vertices(bits)
