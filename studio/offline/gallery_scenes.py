"""The gallery's scenes: one function per tool, each asking the engine and drawing a row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image

from studio.offline.algorithms.skeleton import BONES
from studio.offline.algorithms.tile_map import compose_map, paint_corners
from studio.offline.gallery_client import EngineClient, image_field, pixels
from studio.offline.gallery_sheet import Cell, draw_skeleton, image_row, row_image, stack, upscaled

SIZE = {"width": 64, "height": 64}
COMPASS = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
           "south-west")
SPRITES = ("blue knight", "green wizard", "girl in a pink dress", "red slime monster",
           "orange cat", "golden sword", "oak tree", "health potion", "blue gem", "gold coin",
           "magic staff", "battle axe")


def create(engine: EngineClient, description: str, seed: int = 7, tool: str = "pixflux",
           **extra: Any) -> np.ndarray:
    body = {"description": description, "image_size": SIZE, "seed": seed, **extra}
    return pixels(engine.post(f"/create-image-{tool}", body)["image"])


def pixflux_scene(engine: EngineClient) -> Image.Image:
    clear = [Cell(create(engine, d, no_background=True), d) for d in SPRITES]
    opaque = [Cell(create(engine, d, seed=11), d) for d in SPRITES[:6]]
    facing = [Cell(create(engine, "blue knight", direction=d, no_background=True), d)
              for d in ("south", "east", "north", "south-west")]
    return stack([row_image("create-image-pixflux (no background)", clear[:6], 128),
                  row_image("", clear[6:], 128),
                  row_image("create-image-pixflux (default: with background) and directions",
                            opaque + facing, 96)])


def bitforge_scene(engine: EngineClient) -> Image.Image:
    style = create(engine, "purple wizard", no_background=True)
    plain = create(engine, "knight", tool="bitforge", no_background=True)
    styled = create(engine, "knight", tool="bitforge", no_background=True,
                    style_image=image_field(style), style_strength=60)
    pose = engine.post("/estimate-skeleton", {"image": image_field(plain)})["keypoints"]
    raised = [_raise_arms(p) for p in pose]
    posed = create(engine, "knight", tool="bitforge", no_background=True,
                   skeleton_keypoints=raised)
    cells = [Cell(plain, "knight"), Cell(style, "style image"), Cell(styled, "styled"),
             Cell(posed, "arms-up pose")]
    return row_image("create-image-bitforge", cells, 128)


def _raise_arms(point: dict[str, Any]) -> dict[str, Any]:
    lift = {"RIGHT ELBOW": (-4, -10), "RIGHT ARM": (-4, -22), "LEFT ELBOW": (4, -10),
            "LEFT ARM": (4, -22)}.get(point["label"], (0, 0))
    return {**point, "x": point["x"] + lift[0], "y": point["y"] + lift[1]}


def inpaint_scene(engine: EngineClient) -> Image.Image:
    cells = []
    for description, seed in (("blue knight", 3), ("red slime monster", 5)):
        image = create(engine, description, seed=seed)
        mask = np.zeros((64, 64, 4), dtype=np.uint8)
        mask[..., 3] = 255
        mask[14:30, 20:44, :3] = 255
        filled = pixels(engine.post("/inpaint", {
            "description": description, "image_size": SIZE, "seed": seed,
            "inpainting_image": image_field(image), "mask_image": image_field(mask)})["image"])
        cells += [Cell(image, description), Cell(mask, "mask (white)"), Cell(filled, "filled")]
    return row_image("inpaint", cells, 128)


def rotate_row(engine: EngineClient, source: np.ndarray, facing: str, title: str) -> Image.Image:
    cells, notes = [], 0
    for direction in COMPASS:
        if direction == facing:
            cells.append(Cell(source, f"{direction} (given)"))
            continue
        response = engine.http.post("/rotate", json={
            "image_size": SIZE, "from_image": image_field(source), "from_direction": facing,
            "to_direction": direction})
        if response.status_code != 200:
            cells.append(Cell(np.zeros_like(source), f"{direction}: refused"))
            continue
        body = response.json()
        approximate = bool(body.get("note"))
        notes += approximate
        cells.append(Cell(pixels(body["image"]), direction + (" ~" if approximate else "")))
    note = f"~ = approximation ({notes} of 7)" if notes else "all re-drawn exactly"
    return row_image(title, cells, 128, note)


def rotate_scene(engine: EngineClient) -> Image.Image:
    own = create(engine, "blue knight", direction="east", no_background=True)
    foreign = _hand_drawn_figure()
    return stack([rotate_row(engine, own, "east", "rotate: the engine's own knight (east)"),
                  rotate_row(engine, foreign, "east", "rotate: any other sprite (east)")])


def _hand_drawn_figure(front: bool = False) -> np.ndarray:
    """A small figure the engine did not draw (so it can only approximate or warp it): seen
    from the side facing right, or from the front."""
    img = np.zeros((64, 64, 4), dtype=np.uint8)
    if front:
        img[8:20, 26:38] = (240, 200, 160, 255)  # head
        img[8:12, 26:38] = (90, 50, 20, 255)  # hair
        img[14, 29] = img[14, 34] = (20, 20, 30, 255)  # eyes
        img[20:40, 24:40] = (180, 40, 40, 255)  # tunic
        img[21:38, 19:24] = img[21:38, 40:45] = (150, 30, 30, 255)  # arms
        img[40:56, 26:31] = img[40:56, 33:38] = (60, 60, 90, 255)  # legs
        img[56:59, 25:31] = img[56:59, 33:39] = (40, 30, 20, 255)  # boots
        return img
    img[8:22, 26:40] = (240, 200, 160, 255)  # head
    img[8:13, 24:38] = (90, 50, 20, 255)  # hair
    img[14:17, 36:38] = (20, 20, 30, 255)  # eye, facing right
    img[22:42, 25:39] = (180, 40, 40, 255)  # tunic
    img[24:38, 36:42] = (150, 30, 30, 255)  # arm
    img[42:58, 27:32] = (60, 60, 90, 255)  # legs
    img[42:58, 33:38] = (50, 50, 80, 255)
    img[57:60, 27:41] = (40, 30, 20, 255)  # boots
    return img


def skeleton_scene(engine: EngineClient) -> Image.Image:
    images = []
    for description, seed, extra in (("blue knight", 11, {}), ("green wizard", 4, {}),
                                     ("girl in a pink dress", 9, {"direction": "east"}),
                                     ("orange cat", 2, {}),
                                     ("blue knight", 11, {"no_background": True})):
        sprite = create(engine, description, seed=seed, **extra)
        keypoints = engine.post("/estimate-skeleton", {"image": image_field(sprite)})["keypoints"]
        label = description + (" (clear)" if extra.get("no_background") else "")
        images.append((draw_skeleton(sprite, keypoints, BONES, 3), label))
    return image_row("estimate-skeleton (joints: red = right, blue = left)", images)


def animate_skeleton_scene(engine: EngineClient) -> Image.Image:
    hand_drawn = _hand_drawn_figure(front=True)
    hand_drawn[hand_drawn[..., 3] == 0] = (196, 214, 178, 255)
    sprites = [("blue knight (re-drawn per pose)", create(engine, "blue knight", seed=11)),
               ("green wizard (re-drawn per pose)", create(engine, "green wizard", seed=4)),
               ("a sprite the engine did not draw (warped)", hand_drawn)]
    rows = []
    for title, sprite in sprites:
        pose = engine.post("/estimate-skeleton", {"image": image_field(sprite)})["keypoints"]
        frames = [pose] + [[_wave(p, t) for p in pose] for t in (0.5, 1.0, 0.5)]
        body = engine.post("/animate-with-skeleton", {
            "image_size": SIZE, "reference_image": image_field(sprite),
            "skeleton_keypoints": frames})
        cells = [Cell(pixels(i), f"frame {n}") for n, i in enumerate(body["images"])]
        rows.append(row_image(f"animate-with-skeleton: {title}", cells, 128))
    return stack(rows)


def _wave(point: dict[str, Any], t: float) -> dict[str, Any]:
    moves = {"LEFT ELBOW": (6, -8), "LEFT ARM": (10, -20), "RIGHT KNEE": (-3, -2),
             "RIGHT LEG": (-6, -3)}
    dx, dy = moves.get(point["label"], (0, 0))
    return {**point, "x": point["x"] + dx * t, "y": point["y"] + dy * t}


def animate_text_scene(engine: EngineClient) -> Image.Image:
    sprite = create(engine, "blue knight", seed=11)
    cells = []
    for action in ("walk", "wave"):
        body = engine.post("/animate-with-text", {
            "image_size": SIZE, "description": "knight", "action": action,
            "reference_image": image_field(sprite)})
        cells += [Cell(pixels(i), f"{action} {n}") for n, i in enumerate(body["images"])]
    return row_image("animate-with-text", cells, 128)


def tileset_scene(engine: EngineClient) -> Image.Image:
    rows = []
    for lower, upper, size in (("ocean water", "sand", 16), ("grass", "dirt path", 32)):
        tiles = tileset_tiles(engine, lower, upper, size)
        sheet = [(upscaled(tiles[i], 4 if size == 16 else 2), f"{i}") for i in range(16)]
        world = compose_map(tiles, paint_corners(16, seed=4))
        rows.append(image_row(f"tilesets: {lower} / {upper}, {size} px tiles, a painted "
                              "16x16 map and the 16 tiles",
                              [(upscaled(world, max(1, 512 // world.shape[0])), "16x16 map")]))
        rows.append(image_row("", sheet[:8]))
        rows.append(image_row("", sheet[8:]))
    return stack(rows)


def tileset_tiles(engine: EngineClient, lower: str, upper: str, size: int
                  ) -> dict[int, np.ndarray]:
    """The 16 tiles of a new tileset, keyed by corner index (NW*8 + NE*4 + SW*2 + SE)."""
    job = engine.post("/tilesets", {"lower_description": lower, "upper_description": upper,
                                    "tile_size": {"width": size, "height": size}, "seed": 9,
                                    "transition_size": 0.25})
    engine.wait_job(job["background_job_id"])
    body = engine.get(f"/tilesets/{job['tileset_id']}")
    weights = {"NW": 8, "NE": 4, "SW": 2, "SE": 1}
    return {sum(w for c, w in weights.items() if t["corners"][c] == "upper"): pixels(t["image"])
            for t in body["tileset"]["tiles"]}


def isometric_scene(engine: EngineClient) -> Image.Image:
    cells = []
    for description in ("grass block", "stone wall", "water", "sand"):
        for shape in ("block", "thick tile", "thin tile"):
            job = engine.post("/create-isometric-tile", {
                "description": description, "image_size": {"width": 32, "height": 32},
                "isometric_tile_shape": shape, "seed": 5})
            engine.wait_job(job["background_job_id"])
            tile = engine.get(f"/isometric-tiles/{job['tile_id']}")
            cells.append(Cell(pixels(tile["image"]), f"{description[:6]} {shape[:5]}"))
    return row_image("create-isometric-tile", cells, 96)


def character_scene(engine: EngineClient) -> Image.Image:
    rows = []
    for description in ("green wizard", "knight in silver armor"):
        job = engine.post("/create-character-with-8-directions", {
            "description": description, "image_size": SIZE, "seed": 3})
        engine.wait_job(job["background_job_id"])
        character = engine.get(f"/characters/{job['character_id']}")
        urls = character["rotation_urls"]
        cells = [Cell(engine.download(urls[d]), d) for d in COMPASS]
        rows.append(row_image(f"create-character-with-8-directions: {description}", cells, 128))
    animation = engine.post("/characters/animations", {
        "character_id": job["character_id"], "template_animation_id": "walking-4-frames",
        "directions": ["south", "east"]})
    for job_id in animation["background_job_ids"]:
        engine.wait_job(job_id)
    character = engine.get(f"/characters/{job['character_id']}")
    cells = []
    for direction in character["animations"][-1]["directions"]:
        cells += [Cell(engine.download(url), f"{direction['direction']} {n}")
                  for n, url in enumerate(direction["frames"])]
    rows.append(row_image("characters/animations: walking, south and east", cells, 128))
    return stack(rows)


SCENES: dict[str, Callable[[EngineClient], Image.Image]] = {
    "pixflux": pixflux_scene,
    "bitforge": bitforge_scene,
    "inpaint": inpaint_scene,
    "rotate": rotate_scene,
    "estimate_skeleton": skeleton_scene,
    "animate_skeleton": animate_skeleton_scene,
    "animate_text": animate_text_scene,
    "tileset": tileset_scene,
    "isometric": isometric_scene,
    "character": character_scene,
}
