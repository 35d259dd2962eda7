"""Wang tilesets and isometric tiles (background jobs; the GETs answer 423 until ready)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import HTTPException

from studio.api.requests import IsometricTileRequest, TilesetRequest

from .algorithms.common import resolve_seed
from .algorithms.isometric import isometric_tile
from .algorithms.pixelate import pixelate
from .algorithms.wang import wang_tileset
from .imaging import USAGE, decode_field, encode, palette_field
from .jobs import JobStore


def _base_tile(store: JobStore, tile_id: str | None, field: str) -> Any:
    """The image of a base tile from an earlier tileset, used as that terrain's reference."""
    if not tile_id:
        return None
    tile = store.find("tile", tile_id)
    if tile is None:
        raise HTTPException(
            status_code=422,
            detail=[{"loc": ["body", field], "msg": f"Unknown base tile id {tile_id!r}",
                     "type": "value_error"}],
        )
    return tile


def create_tileset(store: JobStore, req: TilesetRequest) -> dict[str, Any]:
    width, height = req.tile_size.as_tuple()
    lower_ref = decode_field(req.lower_reference_image, "lower_reference_image")
    upper_ref = decode_field(req.upper_reference_image, "upper_reference_image")
    if lower_ref is None:
        lower_ref = _base_tile(store, req.lower_base_tile_id, "lower_base_tile_id")
    if upper_ref is None:
        upper_ref = _base_tile(store, req.upper_base_tile_id, "upper_base_tile_id")
    tiles = wang_tileset(
        req.lower_description, req.upper_description, width, height, resolve_seed(req.seed),
        transition_size=req.transition_size, transition_description=req.transition_description,
        lower_reference=lower_ref, upper_reference=upper_ref,
        transition_reference=decode_field(req.transition_reference_image,
                                          "transition_reference_image"),
        palette=palette_field(req.color_image),
    )
    tileset_id = str(uuid.uuid4())
    body_tiles = []
    for tile in tiles:
        tile_id = str(uuid.uuid4())
        store.put("tile", tile_id, tile.image)
        body_tiles.append({
            "id": tile_id,
            "name": f"wang_{tile.index}",
            "image": encode(tile.image),
            "corners": tile.corners,
            "description": f"{req.lower_description} / {req.upper_description}",
        })
    lower_id = req.lower_base_tile_id or body_tiles[0]["id"]
    upper_id = req.upper_base_tile_id or body_tiles[15]["id"]
    job = store.submit({"tileset_id": tileset_id})
    store.put("tileset", tileset_id, {
        "job_id": job.id,
        "body": {
            "id": tileset_id,
            "tileset": {
                "tiles": body_tiles,
                "tile_size": {"width": width, "height": height},
                "total_tiles": len(body_tiles),
                "terrain_types": ["lower", "upper"],
            },
            "metadata": {
                "terrain_ids": {"lower": lower_id, "upper": upper_id},
                "lower_base_tile_id": lower_id,
                "upper_base_tile_id": upper_id,
                "lower_description": req.lower_description,
                "upper_description": req.upper_description,
                "transition_size": req.transition_size,
            },
            "usage": dict(USAGE),
        },
    })
    return {"background_job_id": job.id, "tileset_id": tileset_id, "status": "processing",
            "usage": dict(USAGE)}


def _ready_body(store: JobStore, kind: str, resource_id: str, label: str) -> dict[str, Any]:
    record = store.find(kind, resource_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"{label} not found")
    if not store.is_ready(record["job_id"]):
        raise HTTPException(status_code=423, detail=f"{label} is still being generated")
    return record["body"]


def get_tileset(store: JobStore, tileset_id: str) -> dict[str, Any]:
    return _ready_body(store, "tileset", tileset_id, "Tileset")


def create_isometric(store: JobStore, req: IsometricTileRequest) -> dict[str, Any]:
    width, height = req.image_size.as_tuple()
    palette = palette_field(req.color_image)
    init = decode_field(req.init_image, "init_image")
    if init is not None:
        image = pixelate(init, width, height, palette=palette, detail=req.detail,
                         outline=req.outline, no_background=True)
    else:
        image = isometric_tile(req.description, width, height, resolve_seed(req.seed),
                               shape=req.isometric_tile_shape, outline=req.outline,
                               palette=palette)
    tile_id = str(uuid.uuid4())
    job = store.submit({"tile_id": tile_id, "image": encode(image)})
    store.put("isometric", tile_id, {
        "job_id": job.id,
        "body": {"id": tile_id, "image": encode(image), "usage": dict(USAGE)},
    })
    return {"background_job_id": job.id, "tile_id": tile_id, "status": "processing",
            "usage": dict(USAGE)}


def get_isometric(store: JobStore, tile_id: str) -> dict[str, Any]:
    return _ready_body(store, "isometric", tile_id, "Tile")
