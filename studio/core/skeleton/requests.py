"""Request building for estimate-skeleton and animate-with-skeleton (Qt-free, unit-tested).

The skeleton endpoints take images of 16..256 pixels per side (in practice 16/32/64/128/256
squares). :class:`SizePlan` maps a document of any size onto such an image (integer
nearest-neighbour downscale when a side is over 256, centred transparent padding) and maps poses
and results back.

Per-frame image lists (``init_images``, ``inpainting_images``, ``mask_images``) carry one entry
per pose frame with ``None`` (JSON null) where a frame has no image, as the official example
does. A frozen frame is sent as its own image in ``inpainting_images`` with a mask that keeps
every pixel: masks are black (keep) and white (regenerate), so the freeze mask is all black.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from studio.api.requests import AnimateWithSkeletonRequest, EstimateSkeletonRequest
from studio.core.skeleton.pose import Pose, PoseError

MIN_SIDE, MAX_SIDE = 16, 256
SQUARE_SIDES = (16, 32, 64, 128, 256)
KEEP, REGENERATE = 0, 255
# A frozen frame's mask. The docs say white = regenerate, black = keep, and the offline engine
# keeps black pixels, so "freeze" is all black; flip this if the live service shows otherwise.
FREEZE_MASK_VALUE = KEEP


class SkeletonFlowError(ValueError):
    """The skeleton request cannot be built from what is on the canvas."""


def pose_of(value: Any) -> Pose | None:
    """The Pose stored in ``Frame.pose`` (a Pose, its JSON list, or None)."""
    if value is None or isinstance(value, Pose):
        return value
    try:
        return Pose.from_dict(value)
    except PoseError:
        return None


@dataclass(frozen=True)
class SizePlan:
    """How a ``src_w`` x ``src_h`` image is sent: every ``scale``-th pixel, then padded by
    (``pad_x``, ``pad_y``) into ``out_w`` x ``out_h``."""

    src_w: int
    src_h: int
    scale: int
    pad_x: int
    pad_y: int
    out_w: int
    out_h: int

    @property
    def inner_w(self) -> int:
        return math.ceil(self.src_w / self.scale)

    @property
    def inner_h(self) -> int:
        return math.ceil(self.src_h / self.scale)

    @property
    def is_identity(self) -> bool:
        return self.scale == 1 and (self.out_w, self.out_h) == (self.src_w, self.src_h)

    def message(self) -> str:
        """What happens to the image, for the panel (empty when it is sent as it is)."""
        if self.is_identity:
            return ""
        parts = []
        if self.scale > 1:
            parts.append(f"scaled down {self.scale}x")
        if (self.out_w, self.out_h) != (self.inner_w, self.inner_h):
            parts.append("padded with transparency")
        return (f"The skeleton endpoints take {MIN_SIDE}..{MAX_SIDE} pixels per side (best as "
                f"a 16/32/64/128/256 square), so the {self.src_w}x{self.src_h} image is "
                f"{' and '.join(parts)} to {self.out_w}x{self.out_h}; results are mapped back "
                "to the document size.")

    def to_request_image(self, rgba: np.ndarray) -> np.ndarray:
        if rgba.shape[:2] != (self.src_h, self.src_w):
            raise SkeletonFlowError(f"image is {rgba.shape[1]}x{rgba.shape[0]}, expected "
                                    f"{self.src_w}x{self.src_h}")
        small = rgba[::self.scale, ::self.scale]
        out = np.zeros((self.out_h, self.out_w) + rgba.shape[2:], dtype=rgba.dtype)
        out[self.pad_y:self.pad_y + small.shape[0], self.pad_x:self.pad_x + small.shape[1]] = small
        return out

    def from_result(self, rgba: np.ndarray) -> np.ndarray:
        """A returned frame at the document size (crop the padding, scale back up)."""
        if rgba.shape[:2] != (self.out_h, self.out_w):
            rgba = _fit(rgba, self.out_w, self.out_h)
        inner = rgba[self.pad_y:self.pad_y + self.inner_h, self.pad_x:self.pad_x + self.inner_w]
        if self.scale > 1:
            inner = np.repeat(np.repeat(inner, self.scale, axis=0), self.scale, axis=1)
        return np.ascontiguousarray(inner[:self.src_h, :self.src_w])

    def pose_to_request(self, pose: Pose) -> Pose:
        """Document-normalised pose -> pose normalised to the sent image."""
        px = pose.xy * np.array([self.src_w, self.src_h]) / self.scale
        px += np.array([self.pad_x, self.pad_y])
        return pose.with_points(px / np.array([self.out_w, self.out_h]))

    def pose_from_request(self, pose: Pose) -> Pose:
        px = pose.xy * np.array([self.out_w, self.out_h]) - np.array([self.pad_x, self.pad_y])
        return pose.with_points(px * self.scale / np.array([self.src_w, self.src_h]))


def plan_size(width: int, height: int, square: bool = True) -> SizePlan:
    """How to send a ``width`` x ``height`` image. The schema allows any 16..256 side, but the
    service is known to work on 16/32/64/128/256 squares, so by default the image is centred on
    the smallest such square that holds it (``square=False``: only pad sides under 16)."""
    if width < 1 or height < 1:
        raise SkeletonFlowError(f"image size must be positive, got {width}x{height}")
    scale = max(1, math.ceil(max(width, height) / MAX_SIDE))
    inner_w, inner_h = math.ceil(width / scale), math.ceil(height / scale)
    if square:
        side = next(s for s in SQUARE_SIDES if s >= max(inner_w, inner_h))
        out_w = out_h = side
    else:
        out_w, out_h = max(MIN_SIDE, inner_w), max(MIN_SIDE, inner_h)
    return SizePlan(width, height, scale, (out_w - inner_w) // 2, (out_h - inner_h) // 2,
                    out_w, out_h)


def _fit(rgba: np.ndarray, width: int, height: int) -> np.ndarray:
    out = np.zeros((height, width) + rgba.shape[2:], dtype=rgba.dtype)
    h, w = min(height, rgba.shape[0]), min(width, rgba.shape[1])
    out[:h, :w] = rgba[:h, :w]
    return out


def to_pil(rgba: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(rgba, dtype=np.uint8), "RGBA")


def mask_image(values: np.ndarray) -> Image.Image:
    """A black (keep) and white (regenerate) RGB image from a 0/255 mask."""
    bw = np.where(values > 0, 255, 0).astype(np.uint8)
    return Image.fromarray(np.repeat(bw[..., None], 3, axis=2), "RGB")


# -- estimate ---------------------------------------------------------------------------------
def estimate_request(rgba: np.ndarray) -> tuple[EstimateSkeletonRequest, SizePlan]:
    if not rgba[..., 3].any():
        raise SkeletonFlowError("the frame is empty: draw or place a character first")
    plan = plan_size(rgba.shape[1], rgba.shape[0])
    return EstimateSkeletonRequest(image=to_pil(plan.to_request_image(rgba))), plan


def pose_from_estimate(keypoints: Sequence[Any], plan: SizePlan) -> Pose:
    """The estimated pose in document coordinates (keypoints may be models or dicts)."""
    points = [p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in keypoints]
    try:
        pose = Pose.from_api(points, plan.out_w, plan.out_h)
    except PoseError as exc:
        raise SkeletonFlowError(f"the estimate is not a full skeleton: {exc}") from exc
    return plan.pose_from_request(pose)


# -- animate ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnimateOptions:
    guidance_scale: float = 4.0
    view: str | None = None
    direction: str | None = None
    isometric: bool = False
    oblique_projection: bool = False
    init_image_strength: int = 300
    seed: int | None = None


def _per_frame(count: int, entries: Mapping[int, Any], what: str) -> list[Any] | None:
    for index in entries:
        if not 0 <= index < count:
            raise SkeletonFlowError(f"{what} for frame {index + 1}, but there are {count} frames")
    if not entries:
        return None
    return [entries.get(i) for i in range(count)]


def build_animate_request(
    reference: np.ndarray,
    poses: Sequence[Pose | None],
    options: AnimateOptions = AnimateOptions(),
    *,
    frozen: Mapping[int, np.ndarray] | None = None,
    inpaint: Mapping[int, tuple[np.ndarray, np.ndarray]] | None = None,
    init_images: Mapping[int, np.ndarray] | None = None,
    color_image: np.ndarray | None = None,
) -> tuple[AnimateWithSkeletonRequest, SizePlan]:
    """The animate-with-skeleton request for ``poses`` (one per frame, document-normalised).

    ``frozen`` maps frame -> image kept exactly; ``inpaint`` maps frame -> (image, 0/255 mask)
    to regenerate part of a frame; ``init_images`` maps frame -> starting image.
    """
    if not poses:
        raise SkeletonFlowError("no pose frames: estimate a skeleton or add poses first")
    missing = [str(i + 1) for i, p in enumerate(poses) if p is None]
    if missing:
        raise SkeletonFlowError(f"frame(s) {', '.join(missing)} have no pose")
    plan = plan_size(reference.shape[1], reference.shape[0])
    frozen, inpaint, init_images = dict(frozen or {}), dict(inpaint or {}), dict(init_images or {})
    clash = sorted(set(frozen) & set(inpaint))
    if clash:
        raise SkeletonFlowError(f"frame {clash[0] + 1} is both frozen and inpainted")
    count = len(poses)
    images: dict[int, Image.Image] = {}
    masks: dict[int, Image.Image] = {}
    keep = np.full((plan.out_h, plan.out_w), FREEZE_MASK_VALUE, np.uint8)
    for index, pixels in frozen.items():
        images[index] = to_pil(plan.to_request_image(pixels))
        masks[index] = mask_image(keep)
    for index, (pixels, mask) in inpaint.items():
        images[index] = to_pil(plan.to_request_image(pixels))
        masks[index] = mask_image(plan.to_request_image(mask))
    keypoints = [plan.pose_to_request(p).to_api(plan.out_w, plan.out_h)  # type: ignore[union-attr]
                 for p in poses]
    fields: dict[str, Any] = {
        "image_size": {"width": plan.out_w, "height": plan.out_h},
        "guidance_scale": options.guidance_scale,
        "view": options.view,
        "direction": options.direction,
        "isometric": options.isometric,
        "oblique_projection": options.oblique_projection,
        "init_images": _per_frame(count, {i: to_pil(plan.to_request_image(px))
                                          for i, px in init_images.items()}, "an init image"),
        "init_image_strength": options.init_image_strength,
        "skeleton_keypoints": keypoints,
        "reference_image": to_pil(plan.to_request_image(reference)),
        "inpainting_images": _per_frame(count, images, "an inpainting image"),
        "mask_images": _per_frame(count, masks, "a mask"),
        "color_image": None if color_image is None else to_pil(color_image),
        "seed": options.seed,
    }
    try:
        return AnimateWithSkeletonRequest(**fields), plan
    except ValueError as exc:
        raise SkeletonFlowError(f"invalid animate request: {exc}") from exc
