"""The newer routes offline: the same bodies and answers as the live service, procedural results.

Each handler returns the finished job's ``last_response`` (``images`` in order); the routes in
:mod:`studio.offline.newer_routes` wrap it in a background job, except pixen (synchronous).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.api.requests_v3 import (
    AnimateWithTextV3Request,
    EditAnimationV2Request,
    EditImageRequest,
    Generate8RotationsV3Request,
    GenerateImageV2Request,
    GenerateWithStyleV2Request,
    InpaintV3Request,
    InterpolationV2Request,
    PixenRequest,
)

from .algorithms.common import resolve_seed
from .algorithms.inpaint import inpaint
from .algorithms.keyframes import ROTATION_NOTES, cycle_frames, eight_rotations, inbetweens
from .algorithms.palette import palette_of, quantize
from .algorithms.pixelate import pixelate, resample
from .algorithms.restyle import recolour_by_text, recolour_frames, transfer_style
from .algorithms.sprites import SpriteStyle, generate_sprite
from .imaging import USAGE, decode_field, decode_mask, encode

INTERPOLATION_FRAMES = 6
"""interpolation-v2 has no frame count ("typically 4-8"): the offline engine returns 6."""


def candidate_count(longest_side: int) -> int:
    """Candidates per Pro generation by the output's longest side (the documented buckets)."""
    for limit, count in ((42, 64), (85, 16), (170, 4)):
        if longest_side <= limit:
            return count
    return 1


def _images(frames: list[np.ndarray], **extra: Any) -> dict[str, Any]:
    return {"images": [encode(frame) for frame in frames], **extra}


def animate_with_text_v3(req: AnimateWithTextV3Request) -> dict[str, Any]:
    """``frame_count + 1`` images: the first frame echoed, then the frames; with a last frame
    the in-betweens end on it exactly, otherwise the action's motion cycle is used."""
    first = decode_field(req.first_frame, "first_frame")
    size = (first.shape[1], first.shape[0])
    if req.last_frame is not None:
        last = decode_field(req.last_frame, "last_frame", size)
        frames = inbetweens(first, last, req.frame_count)
    else:
        frames = cycle_frames(first, req.action, req.frame_count)
    return _images([first, *frames], seed=resolve_seed(req.seed))


def generate_8_rotations_v3(req: Generate8RotationsV3Request) -> dict[str, Any]:
    """Eight images labelled by direction, saying which are approximations."""
    views = eight_rotations(decode_field(req.first_frame, "first_frame"))
    images = [{**encode(image), "direction": direction} for direction, image in views.items()]
    approximations = [d for d, note in ROTATION_NOTES.items() if "approximation" in note]
    return {"images": images, "directions": list(views), "approximations": approximations,
            "notes": dict(ROTATION_NOTES)}


def inpaint_v3(req: InpaintV3Request) -> dict[str, Any]:
    """The existing inpainting: white is filled from its surroundings, black kept exactly."""
    size = req.inpainting_image.dimensions
    image = decode_field(req.inpainting_image.image, "inpainting_image.image", size)
    mask = decode_mask(req.mask_image.image, "mask_image.image", size)
    seed = resolve_seed(req.seed)
    if mask.all():  # nothing to borrow from: a fresh sprite in the image's colours
        colours = palette_of(image, 16)
        sprite = generate_sprite(req.description, size[0], size[1], seed,
                                 palette=colours if len(colours) else None)
        return _images([quantize(sprite, colours) if len(colours) else sprite])
    return _images([inpaint(image, mask, seed)])


def _style_source(req: GenerateImageV2Request) -> np.ndarray | None:
    return decode_field(req.style_image.image, "style_image.image") if req.style_image else None


def generate_image_v2(req: GenerateImageV2Request) -> dict[str, Any]:
    """Candidates (64/16/4/1 by size): the reference images pixelated in turn, else sprites;
    then the style image's palette and outline as ``style_options`` ask."""
    width, height = req.image_size.as_tuple()
    seed = resolve_seed(req.seed)
    style = _style_source(req)
    options = req.style_options
    references = [decode_field(r.image, f"reference_images.{i}.image")
                  for i, r in enumerate(req.reference_images or [])]
    background = req.no_background is not False
    frames = []
    for index in range(candidate_count(max(width, height))):
        if references:
            base = pixelate(references[index % len(references)], width, height,
                            no_background=background)
        else:
            base = generate_sprite(req.description, width, height, seed + index,
                                   SpriteStyle(no_background=background))
        if style is not None:
            base = transfer_style(base, style, palette=options is None or options.color_palette,
                                  outline=options is None or options.outline)
        frames.append(base)
    return _images(frames)


def generate_with_style_v2(req: GenerateWithStyleV2Request) -> dict[str, Any]:
    """Square candidates at the output side, in the first style image's palette and outline."""
    side = req.output_side
    seed = resolve_seed(req.seed)
    style = decode_field(req.style_images[0].image, "style_images.0.image")
    text = f"{req.description} {req.style_description or ''}"
    frames = [transfer_style(generate_sprite(text, side, side, seed + i,
                                             SpriteStyle(no_background=req.no_background
                                                         is not False)), style)
              for i in range(candidate_count(side))]
    return _images(frames, quantized_images=[encode(f) for f in frames])


def edit_image(req: EditImageRequest) -> dict[str, Any]:
    """Recolouring where the text names colours, at the target ``width`` x ``height``."""
    image = decode_field(req.image, "image", req.image_size.as_tuple())
    edited, note = recolour_by_text(image, req.description)
    if (req.width, req.height) != req.image_size.as_tuple():
        edited = resample(edited, req.width, req.height)
    return _images([edited], note=note)


def edit_animation_v2(req: EditAnimationV2Request) -> dict[str, Any]:
    size = req.image_size.as_tuple()
    frames = [resample(decode_field(f.image, f"frames.{i}.image"), *size)
              for i, f in enumerate(req.frames)]
    edited, note = recolour_frames(frames, req.description)
    return _images(edited, note=note)


def interpolation_v2(req: InterpolationV2Request) -> dict[str, Any]:
    """Start, in-betweens and end (6 frames) at ``image_size``."""
    size = req.image_size.as_tuple()
    start = resample(decode_field(req.start_image.image, "start_image.image"), *size)
    end = resample(decode_field(req.end_image.image, "end_image.image"), *size)
    frames = [start, *inbetweens(start, end, INTERPOLATION_FRAMES - 1)]
    return _images(frames)


def create_image_pixen(req: PixenRequest) -> dict[str, Any]:
    """Synchronous: one procedural sprite, ``{"image", "usage"}``."""
    width, height = req.image_size.as_tuple()
    style = SpriteStyle(outline=req.outline or "single color black outline",
                        detail=req.detail, no_background=req.no_background)
    sprite = generate_sprite(req.description, width, height, resolve_seed(req.seed), style,
                             direction=req.direction)
    return {"image": encode(sprite), "usage": dict(USAGE)}
