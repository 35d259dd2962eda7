"""The synchronous animation endpoints: skeleton warp, text cycles and skeleton estimation."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import HTTPException

from studio.api.requests import (
    AnimateWithSkeletonRequest,
    AnimateWithTextRequest,
    EstimateSkeletonRequest,
)

from .algorithms.motion import motion_frames
from .algorithms.palette import quantize
from .algorithms.skeleton import estimate_skeleton
from .algorithms.warp import animate_skeleton
from .imaging import USAGE, decode_field, decode_mask, encode, palette_field
from .posing import posed_frames


def _frames_response(frames: list[np.ndarray], palette: np.ndarray | None) -> dict[str, Any]:
    if palette is not None:
        frames = [quantize(frame, palette) for frame in frames]
    return {"images": [encode(frame) for frame in frames], "usage": dict(USAGE)}


def animate_with_skeleton(req: AnimateWithSkeletonRequest) -> dict[str, Any]:
    """One frame per keypoint frame; the first frame's pose is the reference's pose.

    The engine's own people are re-drawn in each pose; any other image is warped bone by bone
    (only the figure moves, the background stays).

    Where a frame has an ``inpainting_images`` entry, only the white part of its mask is
    replaced by the warp (so a black mask freezes that frame to the given image).
    """
    size = req.image_size.as_tuple()
    reference = decode_field(req.reference_image, "reference_image", size)
    if not req.skeleton_keypoints:
        raise HTTPException(
            status_code=422,
            detail="The offline engine needs skeleton_keypoints: one list of keypoints per frame.",
        )
    keypoints = [[p.model_dump() | {"z_index": p.z_index} for p in frame]
                 for frame in req.skeleton_keypoints]
    frames = posed_frames(reference, keypoints) or animate_skeleton(reference, keypoints)
    frames = _keep_given_frames(frames, req.inpainting_images, req.mask_images, size)
    return _frames_response(frames, palette_field(req.color_image))


def _keep_given_frames(frames: list[np.ndarray], given: list | None, masks: list | None,
                       size: tuple[int, int]) -> list[np.ndarray]:
    """Where a frame comes with an existing image, keep it except under its mask's white part.

    A frame with an image but no mask is kept as given (that is how clients freeze frames).
    """
    out = list(frames)
    for index, frame in enumerate(frames):
        base = given[index] if given and index < len(given) else None
        if base is None:
            continue
        mask = masks[index] if masks and index < len(masks) else None
        kept = decode_field(base, f"inpainting_images.{index}", size)
        white = decode_mask(mask, f"mask_images.{index}", size)
        out[index] = kept if white is None else np.where(white[..., None], frame, kept)
    return out


def animate_with_text(req: AnimateWithTextRequest) -> dict[str, Any]:
    """Always 4 frames of the bob/sway/step cycle that the action words pick.

    ``inpainting_images`` (existing frames) and ``mask_images`` work as for the skeleton warp.
    """
    size = req.image_size.as_tuple()
    reference = decode_field(req.reference_image, "reference_image", size)
    frames = motion_frames(reference, req.action, req.n_frames or 4, req.start_frame_index or 0)
    frames = _keep_given_frames(frames, req.inpainting_images, req.mask_images, size)
    return _frames_response(frames, palette_field(req.color_image))


def estimate(req: EstimateSkeletonRequest) -> dict[str, Any]:
    """18 keypoints in pixel coordinates of the image, on its opaque silhouette."""
    image = decode_field(req.image, "image")
    return {"keypoints": estimate_skeleton(image), "usage": dict(USAGE)}
