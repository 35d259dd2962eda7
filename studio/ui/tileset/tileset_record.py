"""A generated tileset as the preview and exporters use it: tiles keyed by Wang corner index.

Plain Python (no Qt). Tiles are keyed by their corners (``8*NW + 4*NE + 2*SW + SE``), never by the
order or ``wang_N`` names the service sent; library result ids are matched by pixel content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from studio.core.wang import WangError, corners_to_api, index_from_corners


@dataclass
class GeneratedTileset:
    """One lower/upper Wang tileset."""

    lower: str
    upper: str
    tile_size: int
    tiles: dict[int, np.ndarray] = field(default_factory=dict)
    tileset_id: str | None = None
    lower_base_tile_id: str | None = None
    upper_base_tile_id: str | None = None
    result_ids: dict[int, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.lower} / {self.upper}"

    @property
    def missing(self) -> list[int]:
        return [i for i in range(16) if i not in self.tiles]

    def corners(self, index: int) -> dict[str, str]:
        return corners_to_api(index)

    def match_library(self, records: Iterable[tuple[int, np.ndarray]]) -> dict[int, int]:
        """Link library results to tiles by identical pixels; returns Wang index -> result id."""
        for result_id, pixels in records:
            for index, tile in self.tiles.items():
                if index not in self.result_ids and tile.shape == pixels.shape and \
                        np.array_equal(tile, pixels):
                    self.result_ids[index] = result_id
                    break
        return dict(self.result_ids)


    def to_json(self) -> dict[str, Any]:
        """A manifest linking each corner pattern to its library result (no pixels)."""
        return {
            "type": "wang-tileset", "version": 1, "lower": self.lower, "upper": self.upper,
            "tile_size": self.tile_size, "tileset_id": self.tileset_id,
            "lower_base_tile_id": self.lower_base_tile_id,
            "upper_base_tile_id": self.upper_base_tile_id,
            "tiles": [{"corners": corners_to_api(i), "result_id": self.result_ids[i]}
                      for i in sorted(self.result_ids)],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any],
                  load_image: Callable[[int], Any]) -> GeneratedTileset:
        """Rebuild from :meth:`to_json` output, loading each tile by its library result id."""
        try:
            record = cls(str(data["lower"]), str(data["upper"]), int(data["tile_size"]),
                         tileset_id=data.get("tileset_id"),
                         lower_base_tile_id=data.get("lower_base_tile_id"),
                         upper_base_tile_id=data.get("upper_base_tile_id"))
            for tile in data["tiles"]:
                index = index_from_corners(tile["corners"])
                result_id = int(tile["result_id"])
                pixels = _rgba(load_image(result_id))
                if pixels.shape != (record.tile_size, record.tile_size, 4):
                    raise ValueError(f"library result {result_id} is not a "
                                     f"{record.tile_size}px tile")
                record.tiles[index] = pixels
                record.result_ids[index] = result_id
        except (KeyError, TypeError, WangError) as exc:
            raise ValueError(f"tileset manifest is missing or has a bad field: {exc}") from exc
        return record


def _rgba(image: Any) -> np.ndarray:
    if hasattr(image, "convert"):
        return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()
    return np.asarray(image, dtype=np.uint8)


def from_api_tileset(tileset: Any, lower: str, upper: str) -> GeneratedTileset:
    """Build from a ``studio.api`` ``Tileset`` (or its dict form) keyed by each tile's corners.

    Tiles whose corners include ``transition`` (a third terrain) do not fit the 16-tile corner
    model; they are listed in ``skipped`` instead of failing the whole set.
    """
    get = tileset.get if isinstance(tileset, Mapping) else (
        lambda k, d=None: getattr(tileset, k, d))
    tiles = get("tiles", None) or []
    record = GeneratedTileset(lower=lower, upper=upper, tile_size=0,
                              tileset_id=get("id", None))
    record.lower_base_tile_id = get("lower_base_tile_id", None)
    record.upper_base_tile_id = get("upper_base_tile_id", None)
    for tile in tiles:
        corners = tile["corners"] if isinstance(tile, Mapping) else tile.corners
        if not isinstance(corners, Mapping):
            corners = {"NW": corners.nw, "NE": corners.ne, "SW": corners.sw, "SE": corners.se}
        name = (tile.get("name") if isinstance(tile, Mapping) else tile.name) or "?"
        try:
            index = index_from_corners(corners)
        except WangError:
            record.skipped.append(name)
            continue
        image = tile["image"] if isinstance(tile, Mapping) else tile.image
        pixels = _rgba(image)
        if record.tile_size == 0:
            record.tile_size = pixels.shape[1]
        if pixels.shape != (record.tile_size, record.tile_size, 4):
            raise ValueError(f"tile {name} is {pixels.shape[1]}x{pixels.shape[0]}, expected "
                             f"{record.tile_size}x{record.tile_size}")
        record.tiles[index] = pixels
    if not record.tiles:
        raise ValueError("the tileset has no lower/upper corner tiles")
    return record
