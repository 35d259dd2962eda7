"""Terrain painting on a corner grid ("dual grid") with automatic tile choice.

A ``CornerMap`` of W x H tiles stores one terrain bit per vertex in a ``(H+1, W+1)`` uint8 grid
(``vertices[vy, vx]``, 0 = lower, 1 = upper). Tile ``(x, y)`` has the corners NW = vertex
``(x, y)``, NE = ``(x+1, y)``, SW = ``(x, y+1)``, SE = ``(x+1, y+1)``, so its index is
``8*NW + 4*NE + 2*SW + SE`` (editors.md 3(d)); ``indices[y, x]`` caches it.

Painting one vertex changes exactly the tiles sharing it (4 inside the map, fewer on the border):
it is the NW corner of tile (vx, vy), NE of (vx-1, vy), SW of (vx, vy-1) and SE of (vx-1, vy-1),
so each tile flips a single bit. Single edits use plain int arithmetic on the arrays (no
vectorised recompute), which keeps an edit in the low microseconds; bulk edits recompute with numpy.
The maths, lookup and fallback live in ``wang_tiles`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from studio.core.tiles.wang import (  # noqa: F401  (public names of the Wang model)
    CORNER_NAMES,
    LOWER,
    UPPER,
    ResolvedMap,
    TileSetTerrain,
    WangError,
    corner_value,
    corners_of,
    corners_to_api,
    index_from_corners,
    match_score,
    tile_index,
)

TileCoord = tuple[int, int]
# (tile dx, tile dy, bit) for the tiles sharing a vertex, relative to the vertex
VERTEX_TILES = ((0, 0, 8), (-1, 0, 4), (0, -1, 2), (-1, -1, 1))


def indices_from_vertices(vertices: np.ndarray) -> np.ndarray:
    """Tile indices (H, W) for a binary vertex grid (H+1, W+1)."""
    v = vertices.astype(np.uint8)
    return (8 * v[:-1, :-1] + 4 * v[:-1, 1:] + 2 * v[1:, :-1] + v[1:, 1:]).astype(np.uint8)


class CornerMap:
    """A W x H tile map painted on its (W+1) x (H+1) vertex grid of lower/upper bits."""

    def __init__(self, width: int, height: int, fill: int = LOWER) -> None:
        if not (1 <= width <= 4096 and 1 <= height <= 4096):
            raise WangError(f"map size must be 1..4096 tiles per side, got {width}x{height}")
        fill = corner_value(fill)
        self.width, self.height = int(width), int(height)
        self.vertices = np.full((height + 1, width + 1), fill, dtype=np.uint8)
        self.indices = indices_from_vertices(self.vertices)

    # ---- single edits -------------------------------------------------------------------

    def corner(self, vx: int, vy: int) -> int:
        return int(self.vertices[vy, vx])

    def set_corner(self, vx: int, vy: int, value: int) -> list[TileCoord]:
        """Paint one vertex; returns the tiles whose index changed (the tiles sharing it)."""
        if not (0 <= vx <= self.width and 0 <= vy <= self.height):
            raise WangError(f"vertex ({vx}, {vy}) is outside the {self.width}x{self.height} map")
        if value != 0 and value != 1:
            raise WangError(f"corner values are 0 (lower) or 1 (upper), got {value!r}")
        verts = self.vertices
        if verts[vy, vx] == value:
            return []
        verts[vy, vx] = value
        idx = self.indices
        w, h = self.width, self.height
        changed = []
        for dx, dy, bit in VERTEX_TILES:
            tx, ty = vx + dx, vy + dy
            if 0 <= tx < w and 0 <= ty < h:
                idx[ty, tx] ^= bit
                changed.append((tx, ty))
        return changed

    # ---- bulk edits ---------------------------------------------------------------------

    def _apply(self, new_vertices: np.ndarray) -> list[TileCoord]:
        new_indices = indices_from_vertices(new_vertices)
        ys, xs = np.nonzero(new_indices != self.indices)
        self.vertices[...] = new_vertices
        self.indices = new_indices
        return [(int(x), int(y)) for x, y in zip(xs, ys, strict=True)]

    def paint(self, vx: int, vy: int, value: int, size: int = 1, shape: str = "square"):
        """Paint a brush of ``size`` vertices centred on vertex (vx, vy).

        The footprint follows ``mask_ops.dab_footprint`` (the same rule as the mask brush).
        Returns the changed tiles.
        """
        from studio.core.painting.mask import (
            dab_footprint,  # local: keeps wang free of PIL at import
        )

        value = corner_value(value)
        if size == 1:
            if 0 <= vx <= self.width and 0 <= vy <= self.height:
                return self.set_corner(vx, vy, value)
            return []
        fp = dab_footprint(size, shape)
        left, top = vx - size // 2, vy - size // 2
        new = self.vertices.copy()
        vh, vw = new.shape
        x0, y0 = max(0, left), max(0, top)
        x1, y1 = min(vw, left + size), min(vh, top + size)
        if x1 <= x0 or y1 <= y0:
            return []
        sub = fp[y0 - top : y1 - top, x0 - left : x1 - left]
        new[y0:y1, x0:x1][sub] = value
        return self._apply(new)

    def fill(self, vx: int, vy: int, value: int) -> list[TileCoord]:
        """Flood-fill the 4-connected vertices equal to vertex (vx, vy) with ``value``."""
        from studio.core.painting.mask import flood_fill

        value = corner_value(value)
        if not (0 <= vx <= self.width and 0 <= vy <= self.height):
            return []
        new = self.vertices.copy()
        flood_fill(new, vx, vy, value, connectivity=4)
        return self._apply(new)

    def fill_all(self, value: int) -> list[TileCoord]:
        return self._apply(np.full_like(self.vertices, corner_value(value)))

    def noise_fill(self, density: float = 0.5, seed: int | None = None) -> list[TileCoord]:
        """Set every vertex to upper with probability ``density`` (seeded, reproducible)."""
        if not 0.0 <= density <= 1.0:
            raise WangError(f"noise density must be 0..1, got {density}")
        rng = np.random.default_rng(seed)
        return self._apply((rng.random(self.vertices.shape) < density).astype(np.uint8))

    def resize(self, width: int, height: int, fill: int = LOWER) -> None:
        """Change the map size keeping the top-left vertices."""
        other = CornerMap(width, height, fill)
        h = min(height, self.height) + 1
        w = min(width, self.width) + 1
        other.vertices[:h, :w] = self.vertices[:h, :w]
        self.width, self.height = other.width, other.height
        self.vertices = other.vertices
        self.indices = indices_from_vertices(self.vertices)

    # ---- resolving tiles ----------------------------------------------------------------

    def resolve_cell(self, x: int, y: int, tileset: TileSetTerrain) -> tuple[Hashable, bool]:
        """(tile key, used a fallback) for tile (x, y)."""
        return tileset.key_for(int(self.indices[y, x]), x, y)

    def resolve(self, tileset: TileSetTerrain) -> ResolvedMap:
        """Tile keys for every cell, plus the cells that had to use a fallback tile."""
        return resolve_indices(self.indices, tileset)

    # ---- serialisation ------------------------------------------------------------------

    def to_json(self) -> dict:
        rows = ["".join("1" if v else "0" for v in row) for row in self.vertices.tolist()]
        return {"type": "corner-map", "version": 1, "width": self.width,
                "height": self.height, "vertices": rows}

    @classmethod
    def from_json(cls, data: dict) -> CornerMap:
        try:
            width, height, rows = int(data["width"]), int(data["height"]), data["vertices"]
        except (KeyError, TypeError, ValueError) as exc:
            raise WangError(f"corner map JSON is missing or has a bad field: {exc}") from exc
        cmap = cls(width, height)
        if len(rows) != height + 1 or any(len(r) != width + 1 for r in rows):
            raise WangError(
                f"corner map JSON needs {height + 1} rows of {width + 1} vertices"
            )
        if any(set(r) - {"0", "1"} for r in rows):
            raise WangError("corner map vertices must be '0' or '1'")
        grid = np.array([[c == "1" for c in r] for r in rows], dtype=np.uint8)
        cmap._apply(grid)
        return cmap


def resolve_indices(indices: np.ndarray, tileset: TileSetTerrain) -> ResolvedMap:
    """Resolve an (H, W) index grid against a tileset (see ``CornerMap.resolve``)."""
    used, fallback = tileset.fallback_table()
    fallback_grid = np.asarray(fallback, dtype=bool)[indices]
    if all(len(v) == 1 for v in tileset.variants.values()):
        table = np.empty(16, dtype=object)
        for i in range(16):
            table[i] = tileset.variants[used[i]][0][0]
        keys = table[indices].tolist()
    else:
        h, w = indices.shape
        keys = [[tileset.key_for(int(indices[y, x]), x, y)[0] for x in range(w)]
                for y in range(h)]
    return ResolvedMap(keys, fallback_grid)
