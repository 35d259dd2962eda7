"""Corner Wang tiles: the 16-tile corner model and the tile lookup with fallback.

Model (``/work/shared/editors.md`` section 3(d)): each tile has corners NW, NE, SW, SE, each
``lower`` (0) or ``upper`` (1); its index is ``8*NW + 4*NE + 2*SW + SE``. Tiles are keyed by
their corners, never by list order or name.

Missing combinations fall back to the best partial match: +10 per matching corner bit, -2 per
mismatch, ties broken by the lowest tile index (deterministic).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

LOWER, UPPER = 0, 1
CORNER_NAMES = ("NW", "NE", "SW", "SE")
CORNER_WEIGHTS = {"NW": 8, "NE": 4, "SW": 2, "SE": 1}
MATCH_SCORE, MISMATCH_SCORE = 10, -2


class WangError(ValueError):
    """Bad corner values, map sizes or serialised data."""


def tile_index(nw: int, ne: int, sw: int, se: int) -> int:
    """Index of the tile with these corner bits (0 = lower, 1 = upper)."""
    for v in (nw, ne, sw, se):
        if v not in (0, 1):
            raise WangError(f"corner values are 0 (lower) or 1 (upper), got {v!r}")
    return 8 * nw + 4 * ne + 2 * sw + se


def corners_of(index: int) -> tuple[int, int, int, int]:
    """(NW, NE, SW, SE) bits of a tile index 0..15."""
    if not 0 <= index <= 15:
        raise WangError(f"tile index must be 0..15, got {index}")
    return ((index >> 3) & 1, (index >> 2) & 1, (index >> 1) & 1, index & 1)


def corner_value(value: str | int) -> int:
    """'lower'/'upper' (any case) or 0/1 -> 0/1."""
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("lower", "upper"):
            return UPPER if v == "upper" else LOWER
    elif value in (0, 1) and not isinstance(value, bool):
        return int(value)
    raise WangError(f"corner value must be 'lower' or 'upper', got {value!r}")


def index_from_corners(corners: Mapping[str, str | int]) -> int:
    """Tile index from an API-style ``{"NW": "lower", "NE": "upper", ...}`` mapping."""
    upper = {k.upper(): v for k, v in corners.items()}
    missing = [c for c in CORNER_NAMES if c not in upper]
    if missing:
        raise WangError(f"tile corners lack {', '.join(missing)}")
    return sum(CORNER_WEIGHTS[c] * corner_value(upper[c]) for c in CORNER_NAMES)


def corners_to_api(index: int) -> dict[str, str]:
    """``{"NW": "lower"|"upper", ...}`` for a tile index."""
    return {
        name: ("upper" if bit else "lower")
        for name, bit in zip(CORNER_NAMES, corners_of(index), strict=True)
    }


def tile_corner_index(tile) -> int:
    """Corner index of an API tile: a mapping with ``corners`` or an object whose ``corners``
    has ``nw``/``ne``/``sw``/``se`` attributes (studio.api.tiles.Corners)."""
    corners = tile.get("corners") if isinstance(tile, Mapping) else getattr(tile, "corners", None)
    if corners is None:
        raise WangError(f"tile {_tile_key(tile)!r} has no corners")
    if not isinstance(corners, Mapping):
        corners = {name: getattr(corners, name.lower(), None) for name in CORNER_NAMES}
        corners = {k: v for k, v in corners.items() if v is not None}
    return index_from_corners(corners)


def _tile_key(tile) -> Hashable:
    if isinstance(tile, Mapping):
        return tile.get("id", tile.get("name"))
    return getattr(tile, "id", None) or getattr(tile, "name", None)


def match_score(wanted: int, candidate: int) -> int:
    """+10 per matching corner bit, -2 per mismatching one."""
    same = 4 - bin((wanted ^ candidate) & 15).count("1")
    return MATCH_SCORE * same + MISMATCH_SCORE * (4 - same)


@dataclass
class TileSetTerrain:
    """The tiles of one lower/upper terrain pair, keyed by corner index (variants allowed)."""

    lower: str = "lower"
    upper: str = "upper"
    variants: dict[int, list[tuple[Hashable, float]]] = field(default_factory=dict)

    def add_tile(self, corners: Mapping[str, str | int] | int, key: Hashable, probability=1.0):
        """Register tile ``key`` for the given corners (mapping or index)."""
        index = corners if isinstance(corners, int) else index_from_corners(corners)
        corners_of(index)  # validates the range
        if probability <= 0:
            raise WangError(f"tile probability must be > 0, got {probability}")
        self.variants.setdefault(index, []).append((key, float(probability)))
        self._table = None

    @classmethod
    def from_api_tiles(cls, tiles: Iterable, lower="lower", upper="upper"):
        """Build from API tiles (dicts ``{"id", "corners": {...}}`` or the api.tiles.Tile models);
        their order and names are ignored."""
        ts = cls(lower, upper)
        for tile in tiles:
            ts.add_tile(tile_corner_index(tile), _tile_key(tile))
        return ts

    @property
    def complete(self) -> bool:
        return all(i in self.variants for i in range(16))

    def missing(self) -> list[int]:
        return [i for i in range(16) if i not in self.variants]

    def fallback_table(self) -> tuple[tuple[int, ...], tuple[bool, ...]]:
        """For every wanted index: the index actually used, and whether it is a fallback.

        Ties are broken deterministically by the lowest candidate index.
        """
        cached = getattr(self, "_table", None)
        if cached is not None:
            return cached
        if not self.variants:
            raise WangError("the tileset has no tiles")
        available = sorted(self.variants)
        used, fallback = [], []
        for wanted in range(16):
            if wanted in self.variants:
                used.append(wanted)
                fallback.append(False)
            else:
                best = max(available, key=lambda c, w=wanted: (match_score(w, c), -c))
                used.append(best)
                fallback.append(True)
        self._table = (tuple(used), tuple(fallback))
        return self._table

    def key_for(self, index: int, x: int = 0, y: int = 0) -> tuple[Hashable, bool]:
        """Tile key for a wanted index at cell (x, y) and whether it is a fallback.

        Among variants the choice is weighted by probability and seeded by the cell, so the same
        map always shows the same tiles.
        """
        used, fallback = self.fallback_table()
        options = self.variants[used[index]]
        if len(options) == 1:
            return options[0][0], fallback[index]
        rng = random.Random((x * 73856093) ^ (y * 19349663) ^ index)
        keys = [k for k, _ in options]
        return rng.choices(keys, weights=[p for _, p in options])[0], fallback[index]

    def to_json(self) -> dict:
        return {
            "lower": self.lower,
            "upper": self.upper,
            "tiles": [
                {"corners": corners_to_api(i), "key": k, "probability": p}
                for i in sorted(self.variants)
                for k, p in self.variants[i]
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping) -> TileSetTerrain:
        try:
            ts = cls(str(data["lower"]), str(data["upper"]))
            for t in data["tiles"]:
                ts.add_tile(t["corners"], t["key"], float(t.get("probability", 1.0)))
        except (KeyError, TypeError) as exc:
            raise WangError(f"tileset JSON is missing or has a bad field: {exc}") from exc
        return ts


@dataclass(frozen=True)
class ResolvedMap:
    """Per-cell tile keys (``keys[y][x]``) and which cells used a fallback tile."""

    keys: list[list[Hashable]]
    fallback: np.ndarray  # bool (H, W)

    def fallback_cells(self) -> list[tuple[int, int]]:
        ys, xs = np.nonzero(self.fallback)
        return [(int(x), int(y)) for x, y in zip(xs, ys, strict=True)]

