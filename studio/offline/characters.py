"""Characters: rotations drawn by the sprite generator, animations, listing and ZIP export."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from typing import Any

import numpy as np
from fastapi import HTTPException

from studio.api.requests import AnimateCharacterRequest, CharacterRequest

from .algorithms.common import resolve_seed
from .algorithms.motion import motion_frames
from .algorithms.palette import quantize
from .algorithms.proportions import PRESETS, Proportions
from .algorithms.sprites import MIRRORED, SpriteStyle
from .imaging import USAGE, image_object, palette_field, png, unpng
from .jobs import JobStore
from .sprite_memory import SpriteRecipe, draw_remembered, remember

DIRECTIONS_4 = ("south", "west", "east", "north")
DIRECTIONS_8 = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
                "south-west")
ANIMAL_TEMPLATES = {"bear", "cat", "dog", "horse", "lion"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def slug(text: str, fallback: str = "character") -> str:
    """A safe file/folder name: lower-case letters, digits and underscores only."""
    cleaned = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:48]
    return cleaned or fallback


def body_proportions(req: CharacterRequest) -> Proportions:
    """The request's preset or custom proportions (default when absent)."""
    value = req.proportions
    if value is None:
        return Proportions()
    if value.type == "preset":
        return PRESETS.get(value.name, Proportions())
    return Proportions(value.head_size, value.arm_length, value.leg_length,
                       value.shoulder_width, value.hip_width)


def draw_rotations(req: CharacterRequest, directions: tuple[str, ...]) -> dict[str, np.ndarray]:
    """One image per direction; west-facing ones are exact mirrors of their east twins."""
    width, height = req.image_size.as_tuple()
    body = body_proportions(req)
    seed = resolve_seed(req.seed)
    palette = palette_field(req.color_image)
    style = SpriteStyle(req.outline or "single color black outline", req.shading, req.detail, True)
    humanoid = (req.template_id or "mannequin") not in ANIMAL_TEMPLATES
    images: dict[str, np.ndarray] = {}
    recipe = SpriteRecipe(req.description, width, height, seed, style,
                          palette=None if palette is None else palette.tobytes(), coverage=0.6,
                          humanoid=humanoid, proportions=body)
    for direction in directions:
        if direction not in MIRRORED:
            images[direction] = draw_remembered(recipe.facing(direction))
    for direction in directions:
        if direction in MIRRORED:
            twin = MIRRORED[direction]
            source = images.get(twin)
            if source is None:
                source = recipe.facing(twin).draw()
            images[direction] = remember(np.ascontiguousarray(source[:, ::-1]),
                                         recipe.facing(direction))
    return {d: images[d] for d in directions}


def create_character(store: JobStore, req: CharacterRequest, n_directions: int) -> dict[str, Any]:
    directions = DIRECTIONS_8 if n_directions == 8 else DIRECTIONS_4
    # kept as PNG bytes: a few KB each instead of raw pixels, for as long as the server runs
    rotations = {d: png(image) for d, image in draw_rotations(req, directions).items()}
    character_id = str(uuid.uuid4())
    job = store.submit({
        "character_id": character_id,
        "directions": list(directions),
        "images": [image_object(rotations[d]) for d in directions],
    })
    store.put("character", character_id, {
        "id": character_id,
        "name": req.description[:60],
        "prompt": req.description,
        "size": {"width": req.image_size.width, "height": req.image_size.height},
        "directions": n_directions,
        "template_id": req.template_id or "mannequin",
        "view": req.view or "low top-down",
        "job_id": job.id,
        "rotations": rotations,
        "animations": [],
        "order": len(store.all_of("character")),
    })
    return {"background_job_id": job.id, "character_id": character_id, "status": "processing",
            "usage": dict(USAGE)}


def _frame_count(template_animation_id: str) -> int:
    match = re.search(r"(\d+)-frames", template_animation_id)
    return int(match.group(1)) if match else 4


def animate_character(store: JobStore, req: AnimateCharacterRequest) -> dict[str, Any]:
    """One background job per direction, each producing the frames of a procedural cycle."""
    record = _character(store, req.character_id)
    directions = list(req.directions or record["rotations"].keys())
    missing = [d for d in directions if d not in record["rotations"]]
    if missing:
        raise HTTPException(
            status_code=422,
            detail=f"Character {req.character_id} has no {', '.join(missing)} direction(s)",
        )
    action = " ".join(filter(None, [req.action_description,
                                    req.template_animation_id.replace("-", " ")]))
    count = _frame_count(req.template_animation_id)
    palette = palette_field(req.color_image)
    animation: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "display_name": req.animation_name or req.action_description or req.template_animation_id,
        "animation_type": req.template_animation_id,
        "frames": {},
        "job_ids": {},
    }
    for direction in directions:
        frames: list[np.ndarray] = []
        still = unpng(record["rotations"][direction])
        for start in range(0, count, 4):
            frames += motion_frames(still, action, count, start)
        frames = frames[:count]
        if palette is not None:
            frames = [quantize(f, palette) for f in frames]
        encoded = [png(frame) for frame in frames]
        animation["frames"][direction] = encoded
        job = store.submit({"character_id": record["id"], "animation_id": animation["id"],
                            "direction": direction,
                            "images": [image_object(data) for data in encoded]})
        animation["job_ids"][direction] = job.id
    record["animations"].append(animation)
    store.put("character", record["id"], record)  # kept with its new animation
    job_ids = [animation["job_ids"][d] for d in directions]
    return {"background_job_ids": job_ids, "background_job_id": job_ids[0],
            "directions": directions, "character_id": record["id"],
            "animation_id": animation["id"], "status": "processing", "usage": dict(USAGE)}


def _character(store: JobStore, character_id: str) -> dict[str, Any]:
    record = store.find("character", character_id)
    if record is None:
        raise HTTPException(status_code=404, detail="Character not found")
    return record


def _file_url(base_url: str, *parts: str) -> str:
    return base_url.rstrip("/") + "/v2/files/characters/" + "/".join(parts)


def character_body(store: JobStore, record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """The GET /characters/{id} body: URLs only once the rotations are done."""
    done = store.is_ready(record["job_id"])
    cid = record["id"]
    animations = []
    for anim in record["animations"]:
        ready = all(store.is_ready(j) for j in anim["job_ids"].values())
        animations.append({
            "id": anim["id"],
            "display_name": anim["display_name"],
            "animation_type": anim["animation_type"],
            "status": "completed" if ready else "processing",
            "directions": [
                {"direction": d, "frames": [
                    _file_url(base_url, cid, "animations", anim["id"], d, f"{i}.png")
                    for i in range(len(frames))
                ] if ready else []}
                for d, frames in anim["frames"].items()
            ],
        })
    return {
        "id": cid, "name": record["name"], "prompt": record["prompt"], "size": record["size"],
        "directions": record["directions"], "status": "completed" if done else "processing",
        "rotation_urls": {
            d: _file_url(base_url, cid, "rotations", f"{d}.png") for d in record["rotations"]
        } if done else {},
        "animations": animations, "animation_count": len(animations), "skeletons": None,
        "template_id": record["template_id"], "view": record["view"], "tags": ["offline"],
        "group_id": None,
    }


def list_characters(store: JobStore, limit: int, offset: int, base_url: str) -> dict[str, Any]:
    records = sorted(store.all_of("character"), key=lambda r: r["order"], reverse=True)
    page = records[offset : offset + limit]
    return {"characters": [character_body(store, r, base_url) for r in page],
            "total": len(records)}


def get_character(store: JobStore, character_id: str, base_url: str) -> dict[str, Any]:
    return character_body(store, _character(store, character_id), base_url)


def file_png(store: JobStore, character_id: str, parts: list[str]) -> bytes:
    """PNG bytes behind a rotation or animation frame URL."""
    record = _character(store, character_id)
    if parts[:1] == ["rotations"] and len(parts) == 2 and store.is_ready(record["job_id"]):
        image = record["rotations"].get(parts[1].removesuffix(".png"))
        if image is not None:
            return image
    if parts[:1] == ["animations"] and len(parts) == 4:
        for anim in record["animations"]:
            frames = anim["frames"].get(parts[2]) if anim["id"] == parts[1] else None
            index = parts[3].removesuffix(".png")
            ready = frames and store.is_ready(anim["job_ids"][parts[2]])
            if ready and index.isdigit() and int(index) < len(frames):
                return frames[int(index)]
    raise HTTPException(status_code=404, detail="File not found")


def export_zip(store: JobStore, character_id: str) -> tuple[bytes, str]:
    """(zip bytes, file name); 423 while the character or any animation is still generating."""
    record = _character(store, character_id)
    if not store.is_ready(record["job_id"]):
        raise HTTPException(status_code=423, detail="Character is still being generated")
    pending = [a for a in record["animations"]
               if not all(store.is_ready(j) for j in a["job_ids"].values())]
    if pending:
        raise HTTPException(
            status_code=423,
            detail=f"Character has {len(pending)} animation(s) still being generated",
        )
    name = slug(record["name"])
    meta: dict[str, Any] = {
        "character": {k: record[k] for k in ("id", "name", "prompt", "size", "directions",
                                             "template_id", "view")},
        "frames": {"rotations": {}, "animations": {}},
        "generator": "pixel-studio offline engine",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(path: str, data: bytes) -> None:
            archive.writestr(zipfile.ZipInfo(path, _ZIP_TIME), data)

        for direction, image in record["rotations"].items():
            path = f"{name}/rotations/{direction}.png"
            add(path, image)
            meta["frames"]["rotations"][direction] = path
        used: set[str] = set()
        for anim in record["animations"]:
            label = slug(anim["display_name"], "animation")
            while label in used:
                label += "_2"
            used.add(label)
            meta["frames"]["animations"][label] = {}
            for direction, frames in anim["frames"].items():
                paths = [f"{name}/animations/{label}/{direction}/frame_{i:03d}.png"
                         for i in range(len(frames))]
                for path, frame in zip(paths, frames, strict=True):
                    add(path, frame)
                meta["frames"]["animations"][label][direction] = paths
        add("metadata.json", json.dumps(meta, indent=2).encode())
    return buffer.getvalue(), f"{name}.zip"
