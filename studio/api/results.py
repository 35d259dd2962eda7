"""Answers of the newer routes: job or not is read from the body (these routes answer 200 or
202 either way), results come as ``images[]`` or ``image``, PNG base64 or raw RGBA.

Also the per-route reading of a finished job: animate-with-text-v3 returns ``frame_count + 1``
images (image 0 echoes the first frame), and the 8 rotations are labelled by direction.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from .enums import DIRECTIONS_8
from .images import PILImage, decode_image
from .usage import ApiResponse, unwrap

JOB_KEYS = ("background_job_id", "background_job_ids", "submissions", "job_id")

ROTATION_ORDER_V3: tuple[str, ...] = DIRECTIONS_8
"""Documented for the v3 character route (S, SE, E, NE, N, NW, W, SW); assumed for
generate-8-rotations-v3 unless the answer labels its images."""
ROTATION_ORDER_V2: tuple[str, ...] = (
    "south", "south-west", "west", "north-west", "north", "north-east", "east", "south-east")
"""generate-8-rotations-v2 (Pro): S, SW, W, NW, N, NE, E, SE."""

_SHORT = {"s": "south", "se": "south-east", "e": "east", "ne": "north-east", "n": "north",
          "nw": "north-west", "w": "west", "sw": "south-west"}


def is_job_body(body: Any) -> bool:
    """True when an answer starts a background job (whatever its HTTP status)."""
    body = unwrap(body)
    return isinstance(body, dict) and any(body.get(key) for key in JOB_KEYS)


class ImagesResponse(ApiResponse):
    """A finished result: ``images`` in order (a single ``image`` becomes a list of one)."""

    images: list[PILImage] = Field(min_length=1)
    quantized_images: list[PILImage] = Field(default_factory=list)
    seed: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _single_image(cls, value: Any) -> Any:
        value = unwrap(value)
        if not isinstance(value, dict):
            return value
        value = dict(value)
        if not value.get("images") and value.get("image") is not None:
            value["images"] = [value["image"]]
        if not value.get("quantized_images") and value.get("quantized_image") is not None:
            value["quantized_images"] = [value["quantized_image"]]
        value.pop("image", None)
        value.pop("quantized_image", None)
        return value


def normalise_direction(value: Any) -> str | None:
    """``"south-east"``, ``"SE"``, ``"south_east"`` -> ``"south-east"``; None if not a direction."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace("_", "-").replace(" ", "-")
    text = _SHORT.get(text, text)
    return text if text in DIRECTIONS_8 else None


def rotation_labels(payload: dict[str, Any], count: int,
                    order: tuple[str, ...] = ROTATION_ORDER_V3) -> list[str]:
    """A direction per returned image: from the answer's own labels (a per-image
    ``direction`` or a ``directions`` list) when present, else the documented order."""
    items = payload.get("images") or []
    labels = [normalise_direction(item.get("direction")) if isinstance(item, dict) else None
              for item in items]
    if len(labels) == count and all(labels):
        return [str(label) for label in labels]
    listed = [normalise_direction(d) for d in payload.get("directions") or []]
    if len(listed) == count and all(listed):
        return [str(label) for label in listed]
    return list(order[:count]) + [f"image {i}" for i in range(len(order), count)]


def labelled_result(endpoint: str, payload: Any) -> list[tuple[str, Any]]:
    """``(label, RGBA image)`` for every image of a finished job of the newer routes.

    Rotations are labelled by direction; animate-with-text-v3 frames ``"frame 0"`` (the echo of
    the first frame) to ``"frame N"``; everything else by position. Empty for other routes.
    """
    if payload is None or endpoint not in LABELLED_ENDPOINTS:
        return []
    if not isinstance(payload, dict):  # an ImagesResponse (already decoded)
        payload = {"images": list(getattr(payload, "images", None) or [])}
    found = payload.get("images") or ([payload["image"]] if payload.get("image") else [])
    images = [decode_image(item) for item in found]
    if endpoint == "generate_8_rotations_v3":
        labels = rotation_labels(payload, len(images))
    elif endpoint in ("animate_with_text_v3", "interpolation_v2", "edit_animation_v2"):
        labels = [f"frame {i}" for i in range(len(images))]
    else:
        labels = [f"candidate {i + 1}" if len(images) > 1 else "" for i in range(len(images))]
    return list(zip(labels, images, strict=True))


LABELLED_ENDPOINTS = frozenset({
    "animate_with_text_v3", "generate_8_rotations_v3", "inpaint_v3", "generate_image_v2",
    "generate_with_style_v2", "edit_image", "create_image_pixen", "interpolation_v2",
    "edit_animation_v2",
})


def requested_frames(images: list[Any], frame_count: int, *, has_last_frame: bool) -> list[Any]:
    """What the user asked for out of an animate-with-text-v3 answer.

    The answer is ``frame_count + 1`` images, image 0 echoing the first frame: drop it. With a
    last frame the final image matches it, so the in-betweens are everything in between.
    Answers of another length are trusted as they are (after dropping nothing).
    """
    if len(images) != frame_count + 1:
        return list(images)
    frames = list(images[1:])
    return frames[:-1] if has_last_frame else frames
