"""How the queue reads outcomes: failure reasons, outcome-unknown errors and the images of
background resources (tilesets, isometric tiles, characters) fetched after their job completes."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from PIL import Image

from studio.api.errors import ApiError, NotReadyError, OutcomeUnknownError
from studio.core.jobs.model import (
    MAX_RESULT_PIXELS,
    images_of,
    is_animate_character,
    labelled_images_of,
)

NOT_READY_RETRIES = 5
NOT_READY_DELAY = 2.0


def result_images(endpoint: str, payload: Any) -> list[Any]:
    """The images of a finished answer: labelled ``(label, image)`` pairs for the newer routes
    (directions of the 8 rotations, frame numbers of animations), plain images otherwise."""
    from studio.api.results import LABELLED_ENDPOINTS, labelled_result  # noqa: PLC0415

    if endpoint in LABELLED_ENDPOINTS:
        return labelled_result(endpoint, payload)
    return images_of(payload)


def is_outcome_unknown(exc: BaseException) -> bool:
    """True when a paid request may have been billed without an answer reaching us.

    Unexpected exceptions (not an ``ApiError``) count as unknown too: resending on a guess could
    pay twice, so the user decides.
    """
    if isinstance(exc, OutcomeUnknownError) or getattr(exc, "outcome_unknown", False):
        return True
    return not isinstance(exc, ApiError)


def job_failure(final: Any) -> str | None:
    """The failure reason of a finished background job, or None when it completed."""
    get = final.get if isinstance(final, dict) else (lambda k, d=None: getattr(final, k, d))
    failed = get("is_failed", None)
    status = str(get("status", "") or "").lower()
    if not (failed is True or status == "failed"):
        return None
    last = get("last_response", None) or {}
    reason = None
    if isinstance(last, dict):
        reason = last.get("error") or last.get("detail") or last.get("message")
    reason = reason or get("error", None) or "the background job failed"
    return f"background job failed: {reason}"


async def fetch_resource_images(client: Any, kind: str | None, resource_id: str | None,
                                *, delay: float = NOT_READY_DELAY, endpoint: str = "",
                                params: dict[str, Any] | None = None
                                ) -> list[tuple[str, Image.Image]]:
    """GET the finished resource (free) and return its labelled images (tile corners,
    character directions; for an animate-character job the new animation's frames, labelled
    ``"<direction> frame <n>"``), waiting out brief 423s."""
    if not kind or not resource_id:
        return []
    getter = {"tileset": "get_tileset", "isometric_tile": "get_isometric_tile",
              "character": "get_character"}[kind]
    method = getattr(client, getter, None)
    if method is None:
        return []
    for attempt in range(NOT_READY_RETRIES):
        try:
            resource = await method(resource_id)
            break
        except NotReadyError:
            if attempt == NOT_READY_RETRIES - 1:
                raise
            await asyncio.sleep(delay)
    if kind == "character" and is_animate_character(endpoint):
        return await _animation_frames(client, resource, params or {})
    if kind == "character":
        return await _character_rotations(client, resource)
    inner = resource.get("tileset", resource) if isinstance(resource, dict) else resource
    return labelled_images_of(inner)


async def _character_rotations(client: Any, character: Any) -> list[tuple[str, Image.Image]]:
    urls = (character.get("rotation_urls") if isinstance(character, dict)
            else getattr(character, "rotation_urls", None)) or {}
    download = getattr(client, "download_url", None)
    if download is None:
        return []
    images = []
    for direction, url in sorted(urls.items()):
        if url:
            images.append((direction, open_png(await download(url))))
    return images


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _animation_matches(anim: Any, params: dict[str, Any]) -> bool:
    name = str(params.get("animation_name") or params.get("action_description") or "")
    template = str(params.get("template_animation_id") or "")
    anim_name = str(_get(anim, "display_name") or _get(anim, "name") or "")
    anim_template = str(_get(anim, "animation_type") or _get(anim, "template_animation_id") or "")
    if name:
        return anim_name == name or (not anim_name and anim_template == template)
    return anim_template == template


def animation_frame_urls(character: Any, params: dict[str, Any], direction: str) -> list[str]:
    """Frame URLs of the journalled animation (the newest one matching its name or template)
    for one direction; [] while the character does not list them yet."""
    for anim in reversed(list(_get(character, "animations") or [])):
        if _animation_matches(anim, params):
            return _frames_by_direction(anim).get(direction, [])
    return []


def _frames_by_direction(anim: Any) -> dict[str, list[str]]:
    raw = _get(anim, "directions") or []
    if isinstance(raw, dict):
        raw = [{"direction": k, "frames": v} for k, v in raw.items()]
    return {str(_get(entry, "direction") or ""): [u for u in _get(entry, "frames") or [] if u]
            for entry in raw}


async def _animation_frames(client: Any, character: Any, params: dict[str, Any]
                            ) -> list[tuple[str, Image.Image]]:
    """Frames of the journalled animation for the requested directions, labelled
    ``"<direction> frame <n>"``."""
    download = getattr(client, "download_url", None)
    if download is None:
        return []
    wanted = [str(d) for d in params.get("directions") or []]
    for anim in reversed(list(_get(character, "animations") or [])):
        if not _animation_matches(anim, params):
            continue
        per_direction = _frames_by_direction(anim)
        images = []
        for direction in wanted or list(per_direction):
            for index, url in enumerate(per_direction.get(direction, [])):
                images.append((f"{direction} frame {index}", open_png(await download(url))))
        return images
    return []


def open_png(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data), formats=["PNG"])
    if img.width * img.height > MAX_RESULT_PIXELS:
        raise ValueError(f"downloaded image too large: {img.width}x{img.height}")
    return img.convert("RGBA")


def rebuild_request(library: Any, endpoint: str, params: dict[str, Any]) -> Any:
    """Rebuild a journalled request model (input images restored from the library), so a job
    resumed after a restart can still be resent on the user's explicit decision."""
    from studio.api.requests import ENDPOINTS  # noqa: PLC0415

    if endpoint not in ENDPOINTS:
        raise ValueError(f"cannot rebuild a request for unknown endpoint {endpoint!r}")
    model_cls = ENDPOINTS[endpoint][1]

    def restore(value: Any) -> Any:
        if isinstance(value, dict) and value.get("type") == "image_ref":
            return library.input_image(value["sha256"])
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        if isinstance(value, list):
            return [restore(v) for v in value]
        return value

    return model_cls.model_validate(restore(params))
