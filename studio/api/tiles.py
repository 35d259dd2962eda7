"""Tileset and isometric tile responses.

A Wang tileset's tiles are identified by their four corner values (NW, NE, SW, SE, each
``"lower"``/``"upper"``, possibly ``"transition"``), never by list order or ``wang_N`` names.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

from .enums import CornerValue
from .images import PILImage
from .usage import ApiResponse, unwrap

CornerKey = tuple[str, str, str, str]


class Corners(BaseModel):
    """Corner terrain values; accepts ``NW``/``nw`` keys, dumps ``NW`` with ``by_alias=True``."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    nw: CornerValue = Field(serialization_alias="NW", validation_alias=AliasChoices(
        "nw", "NW", "north_west"))
    ne: CornerValue = Field(serialization_alias="NE", validation_alias=AliasChoices(
        "ne", "NE", "north_east"))
    sw: CornerValue = Field(serialization_alias="SW", validation_alias=AliasChoices(
        "sw", "SW", "south_west"))
    se: CornerValue = Field(serialization_alias="SE", validation_alias=AliasChoices(
        "se", "SE", "south_east"))

    @model_validator(mode="before")
    @classmethod
    def _lower_case_values(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v.lower() if isinstance(v, str) else v for k, v in value.items()}
        return value

    @property
    def key(self) -> CornerKey:
        return (self.nw, self.ne, self.sw, self.se)

    # the API's own spelling, for callers following its docs
    NW = property(lambda self: self.nw)
    NE = property(lambda self: self.ne)
    SW = property(lambda self: self.sw)
    SE = property(lambda self: self.se)


class Tile(BaseModel):
    model_config = ConfigDict(extra="allow", arbitrary_types_allowed=True)

    id: str | None = None
    name: str | None = None
    corners: Corners
    image: PILImage
    description: str | None = None
    original_position: Any = None


class Tileset(ApiResponse):
    """GET /tilesets/{id}: ``{"tileset": {"tiles", "tile_size", ...}, "metadata": {...}}``."""

    model_config = ConfigDict(extra="allow", arbitrary_types_allowed=True)

    id: str | None = None
    tiles: list[Tile]
    tile_size: tuple[int, int] | None = None
    total_tiles: int | None = None
    terrain_types: list[Any] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, value: Any) -> Any:
        value = unwrap(value)
        if not isinstance(value, dict):
            return value
        flat = dict(value)
        inner = value.get("tileset")
        if isinstance(inner, dict):
            flat.pop("tileset")
            flat = {**inner, **{k: v for k, v in flat.items() if k not in inner}}
        size = flat.get("tile_size")
        if isinstance(size, dict):
            flat["tile_size"] = (size.get("width"), size.get("height"))
        if flat.get("metadata") is None:
            flat["metadata"] = {}
        if flat.get("terrain_types") is None:
            flat["terrain_types"] = []
        return flat

    @model_validator(mode="after")
    def _unique_corners(self) -> Tileset:
        seen: set[CornerKey] = set()
        for tile in self.tiles:
            if tile.corners.key in seen:
                raise ValueError(f"two tiles share the corners {tile.corners.key}")
            seen.add(tile.corners.key)
        if self.tile_size is not None:
            for tile in self.tiles:
                if tile.image.size != tuple(self.tile_size):
                    raise ValueError(
                        f"tile {tile.name or tile.id} is {tile.image.size}, "
                        f"expected {self.tile_size}"
                    )
        return self

    def by_corners(self) -> dict[CornerKey, Tile]:
        """Tiles keyed by ``(nw, ne, sw, se)``."""
        return {tile.corners.key: tile for tile in self.tiles}

    def tile(self, nw: str, ne: str, sw: str, se: str) -> Tile:
        """The tile with these corners (raises ``KeyError`` if the set lacks it)."""
        return self.by_corners()[(nw, ne, sw, se)]

    def _terrain_id(self, which: str) -> str | None:
        meta = self.metadata
        for key in (f"{which}_base_tile_id", f"{which}_tile_id"):
            if isinstance(meta.get(key), str):
                return meta[key]
        ids = meta.get("terrain_ids")
        if isinstance(ids, dict) and isinstance(ids.get(which), str):
            return ids[which]
        if isinstance(ids, list) and len(ids) >= 2:
            value = ids[0 if which == "lower" else 1]
            return value if isinstance(value, str) else None
        return None

    @property
    def lower_base_tile_id(self) -> str | None:
        """Id to pass as ``lower_base_tile_id`` when chaining tilesets."""
        return self._terrain_id("lower")

    @property
    def upper_base_tile_id(self) -> str | None:
        return self._terrain_id("upper")


class IsometricTile(ApiResponse):
    """GET /isometric-tiles/{id}: ``{"image", "usage"?}``."""

    model_config = ConfigDict(extra="allow", arbitrary_types_allowed=True)

    id: str | None = None
    image: PILImage

    @model_validator(mode="before")
    @classmethod
    def _image_from_nested(cls, value: Any) -> Any:
        value = unwrap(value)
        if isinstance(value, dict) and "image" not in value:
            for key in ("tile", "last_response"):
                nested = value.get(key)
                if isinstance(nested, dict) and "image" in nested:
                    return {**value, "image": nested["image"]}
        return value
