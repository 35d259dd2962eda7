"""The synchronous image endpoints: pixflux, bitforge, inpaint and rotate."""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.api.requests import BitforgeRequest, InpaintRequest, PixfluxRequest, RotateRequest

from .algorithms.common import resolve_seed
from .algorithms.humanoid import body_box
from .algorithms.inpaint import inpaint
from .algorithms.palette import palette_of, quantize
from .algorithms.pixelate import pixelate
from .algorithms.skeleton import default_pose
from .algorithms.sprites import SpriteStyle, generate_sprite
from .algorithms.warp import pose_from_keypoints
from .imaging import USAGE, decode_field, decode_mask, encode, palette_field
from .posing import joint_offsets
from .rotation import rotate_pixels
from .sprite_memory import SpriteRecipe, draw_remembered

DEFAULT_OUTLINE = "single color black outline"


def _image_response(rgba: np.ndarray) -> dict[str, Any]:
    return {"image": encode(rgba), "usage": dict(USAGE)}


def _style(req: PixfluxRequest | BitforgeRequest) -> SpriteStyle:
    return SpriteStyle(
        outline=req.outline or DEFAULT_OUTLINE,
        shading=req.shading,
        detail=req.detail,
        no_background=req.no_background,
    )


def _create(req: PixfluxRequest | BitforgeRequest, palette: np.ndarray | None) -> np.ndarray:
    """Pixelate the init image, or draw a procedural sprite, at ``image_size``."""
    width, height = req.image_size.as_tuple()
    init = decode_field(req.init_image, "init_image")
    if init is not None:
        return pixelate(init, width, height, palette=palette, detail=req.detail,
                        outline=req.outline, no_background=req.no_background)
    coverage = req.coverage_percentage / 100 if req.coverage_percentage else None
    return draw_remembered(SpriteRecipe(
        req.description, width, height, resolve_seed(req.seed), _style(req),
        direction=req.direction, palette=None if palette is None else palette.tobytes(),
        coverage=coverage))


def create_image_pixflux(req: PixfluxRequest) -> dict[str, Any]:
    return _image_response(_create(req, palette_field(req.color_image)))


def create_image_bitforge(req: BitforgeRequest) -> dict[str, Any]:
    """Like pixflux, plus: ``style_image`` colours, inpainting and a single skeleton pose."""
    size = req.image_size.as_tuple()
    palette = palette_field(req.color_image)
    style = decode_field(req.style_image, "style_image")
    if palette is None and style is not None and req.style_strength > 0:
        palette = palette_of(style, 16)
    if req.inpainting_image is not None and req.mask_image is not None:
        image = decode_field(req.inpainting_image, "inpainting_image", size)
        mask = decode_mask(req.mask_image, "mask_image", size)
        return _image_response(inpaint(image, mask, resolve_seed(req.seed), palette))
    if req.skeleton_keypoints and req.init_image is None:
        return _image_response(_posed_sprite(req, palette))
    return _image_response(_create(req, palette))


def _posed_sprite(req: BitforgeRequest, palette: np.ndarray | None) -> np.ndarray:
    """A person drawn with its joints where the request's skeleton puts them."""
    width, height = req.image_size.as_tuple()
    standard = default_pose(body_box(width, height))
    target = [point.model_dump() for point in req.skeleton_keypoints or []]
    pose, _ = pose_from_keypoints(target, width, height)
    recipe = SpriteRecipe(req.description, width, height, resolve_seed(req.seed), _style(req),
                          palette=None if palette is None else palette.tobytes(), humanoid=True)
    return recipe.draw(joint_offsets=joint_offsets(standard, pose))


def inpaint_image(req: InpaintRequest) -> dict[str, Any]:
    """Fill the white part of the mask from its surroundings; the rest is returned untouched."""
    size = req.image_size.as_tuple()
    image = decode_field(req.inpainting_image, "inpainting_image", size)
    mask = decode_mask(req.mask_image, "mask_image", size)
    palette = palette_field(req.color_image)
    seed = resolve_seed(req.seed)
    if mask.all():
        # nothing to borrow from: draw a fresh sprite in the image's (or color_image's) colours
        colours = palette if palette is not None else palette_of(image, 16)
        style = SpriteStyle(req.outline or DEFAULT_OUTLINE, req.shading, req.detail,
                            req.no_background)
        sprite = generate_sprite(req.description, size[0], size[1], seed, style,
                                 direction=req.direction, palette=colours if len(colours) else None)
        if len(colours):  # outline and shading colours too: only the image's (or given) palette
            sprite = quantize(sprite, colours)
        return _image_response(sprite)
    return _image_response(inpaint(image, mask, seed, palette))


def rotate_image(req: RotateRequest) -> dict[str, Any]:
    """The engine's own sprites are re-drawn facing the asked way; any other image gets the
    best local approximation, and the answer's ``note`` says so."""
    size = req.image_size.as_tuple()
    image = decode_field(req.from_image, "from_image", size)
    result, note = rotate_pixels(image, req)
    palette = palette_field(req.color_image)
    if palette is not None:
        result = quantize(result, palette)
    body = _image_response(result)
    if note:
        body["note"] = note
    return body
