"""A generated tileset as the preview and exporters use it: tiles keyed by Wang corner index.

Plain Python (no Qt). Tiles are keyed by their corners (``8*NW + 4*NE + 2*SW + SE``), never by the
order or ``wang_N`` names the service sent. The job queue stores each tile in the library with the
label ``"corners NW=.. NE=.. SW=.. SE=.."``, which links library results to tiles (pixel matching
is only the fallback for results stored without a label) and lets a tileset be rebuilt from the
library alone. For the project file a tileset is saved with its tiles as PNG (self-contained).
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from studio.core.tiles.corners import WangError, corners_to_api, index_from_corners

# Document.extras entry where the tileset panel keeps its tilesets and preview map (the project
# file carries it; the command line exports from it).
PROJECT_KEY = "tileset_preview"


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

    def link_labels(self, records: Iterable[Any]) -> list[Any]:
        """Link library results (``.id``, ``.label``) to tiles by their corner labels.

        Returns the records without a usable corner label (to match by pixels instead).
        """
        unlabelled = []
        for record in records:
            index = corner_index_of_label(getattr(record, "label", ""))
            if index is None:
                unlabelled.append(record)
            elif index in self.tiles and index not in self.result_ids:
                self.result_ids[index] = int(record.id)
        return unlabelled

    def match_library(self, records: Iterable[tuple[int, np.ndarray]]) -> dict[int, int]:
        """Fallback for unlabelled results: link by identical pixels (Wang index -> result id)."""
        for result_id, pixels in records:
            for index, tile in self.tiles.items():
                if index not in self.result_ids and tile.shape == pixels.shape and \
                        np.array_equal(tile, pixels):
                    self.result_ids[index] = result_id
                    break
        return dict(self.result_ids)

    @classmethod
    def from_library(cls, library: Any, job_id: str) -> GeneratedTileset:
        """Rebuild a tileset from the results one tileset job stored (keyed by corner labels)."""
        records = library.results_for_job(job_id)
        if not records:
            raise ValueError(f"the library holds no results for job {job_id}")
        params = records[0].params or {}
        record = cls(str(params.get("lower_description") or "lower"),
                     str(params.get("upper_description") or "upper"), 0)
        try:
            record.tileset_id = library.journal_entry(job_id).resource_id
        except Exception:  # noqa: BLE001 - the journal row is optional here
            record.tileset_id = None
        for result in records:
            index = corner_index_of_label(result.label)
            if index is None or index in record.tiles:
                if result.label:
                    record.skipped.append(result.label)
                continue
            pixels = _rgba(library.load_image(result.id))
            if record.tile_size == 0:
                record.tile_size = pixels.shape[1]
            if pixels.shape != (record.tile_size, record.tile_size, 4):
                raise ValueError(f"library result {result.id} is not a "
                                 f"{record.tile_size}px tile")
            record.tiles[index] = pixels
            record.result_ids[index] = int(result.id)
        if not record.tiles:
            raise ValueError(f"job {job_id} stored no tiles labelled with lower/upper corners")
        return record


    def to_json(self, embed_pixels: bool = False) -> dict[str, Any]:
        """A manifest linking each corner pattern to its library result.

        With ``embed_pixels`` every tile is included as a base64 PNG (for the project file, so
        it reopens without the library); otherwise only tiles with a library result are listed.
        """
        indices = sorted(self.tiles) if embed_pixels else sorted(self.result_ids)
        tiles = []
        for i in indices:
            tile: dict[str, Any] = {"corners": corners_to_api(i)}
            if i in self.result_ids:
                tile["result_id"] = self.result_ids[i]
            if embed_pixels:
                tile["png"] = _png_b64(self.tiles[i])
            tiles.append(tile)
        return {
            "type": "wang-tileset", "version": 1, "lower": self.lower, "upper": self.upper,
            "tile_size": self.tile_size, "tileset_id": self.tileset_id,
            "lower_base_tile_id": self.lower_base_tile_id,
            "upper_base_tile_id": self.upper_base_tile_id,
            "tiles": tiles,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any],
                  load_image: Callable[[int], Any] | None) -> GeneratedTileset:
        """Rebuild from :meth:`to_json` output: embedded PNGs, else each tile's library result."""
        try:
            record = cls(str(data["lower"]), str(data["upper"]), int(data["tile_size"]),
                         tileset_id=data.get("tileset_id"),
                         lower_base_tile_id=data.get("lower_base_tile_id"),
                         upper_base_tile_id=data.get("upper_base_tile_id"))
            for tile in data["tiles"]:
                index = index_from_corners(tile["corners"])
                result_id = tile.get("result_id")
                if tile.get("png"):
                    pixels = _rgba(_png_from_b64(tile["png"]))
                elif load_image is None:
                    raise ValueError("no results library is connected to load the tiles")
                else:
                    pixels = _rgba(load_image(int(result_id)))
                if pixels.shape != (record.tile_size, record.tile_size, 4):
                    raise ValueError(f"tile {corners_label(index)} is not a "
                                     f"{record.tile_size}px tile")
                record.tiles[index] = pixels
                if result_id is not None:
                    record.result_ids[index] = int(result_id)
        except (KeyError, TypeError, WangError, binascii.Error, OSError) as exc:
            raise ValueError(f"tileset manifest is missing or has a bad field: {exc}") from exc
        return record


def corners_label(index: int) -> str:
    """The library label of a tile: ``"corners NW=lower NE=upper SW=lower SE=upper"``."""
    return "corners " + " ".join(f"{k}={v}" for k, v in corners_to_api(index).items())


def corner_index_of_label(label: str | None) -> int | None:
    """Wang index from a library label ``"corners NW=.. NE=.. SW=.. SE=.."``; None when the
    label is not a lower/upper corner label (e.g. a transition corner or no label)."""
    if not label or not label.startswith("corners "):
        return None
    try:
        corners = dict(part.split("=", 1) for part in label[len("corners "):].split())
        return index_from_corners(corners)
    except (ValueError, WangError):
        return None


def _png_b64(pixels: np.ndarray) -> str:
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "RGBA").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _png_from_b64(text: str) -> Image.Image:
    data = base64.b64decode(text, validate=True)
    if len(data) > 4_000_000:
        raise ValueError("an embedded tile image is too large")
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > 256 * 256:
            raise ValueError("an embedded tile image is too large")
        return image.convert("RGBA")


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
