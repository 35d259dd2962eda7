"""Typed responses. Parsers accept every shape observed from the live service.

Fields are read at the top level, falling back to a ``data`` wrapper; cost comes from
``usage`` or ``billing_usage`` (USD or generations). Image fields are decoded to RGBA PIL
images through :mod:`studio.api.images` and serialise back to Base64Image dicts.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from .enums import DIRECTIONS_4, DIRECTIONS_8
from .images import PILImage, decode_image
from .keypoints import Keypoint
from .tiles import Corners, IsometricTile, Tile, Tileset
from .usage import ApiResponse, Usage, unwrap

__all__ = [
    "AnimationDirection", "ApiResponse", "BackgroundJob", "Balance", "Character",
    "CharacterAnimation", "CharacterList", "Corners", "FramesResponse", "ImageResponse",
    "IsometricTile", "JobSubmission", "SkeletonResponse", "Tile", "Tileset", "Usage", "unwrap",
]


class ImageResponse(ApiResponse):
    """pixflux, bitforge, inpaint, rotate: ``{"image", "usage"}``.

    ``note`` is the offline engine's plain-sentence remark on an approximate result (the live
    service sends none).
    """

    image: PILImage
    note: str | None = None


class FramesResponse(ApiResponse):
    """animate-with-skeleton / -text: ``{"images": [...], "usage"}`` (frames in order)."""

    images: list[PILImage]


class SkeletonResponse(ApiResponse):
    """estimate-skeleton: ``{"keypoints": [...], "usage"}`` (client normalises to 0..1)."""

    keypoints: list[Keypoint]


class Balance(BaseModel):
    """Balance, v1 ``{"type", "usd"}`` or v2 ``{"credits": {"usd"}, "subscription": {...}}``."""

    usd: float | None = None
    generations: float | None = None
    generations_total: float | None = None
    subscription_status: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shapes(cls, value: Any) -> Any:
        value = unwrap(value)
        if not isinstance(value, dict):
            return value
        credits = value.get("credits") if isinstance(value.get("credits"), dict) else {}
        sub = value.get("subscription") if isinstance(value.get("subscription"), dict) else {}
        return {
            "usd": credits.get("usd", value.get("usd")),
            "generations": sub.get("generations", value.get("generations")),
            "generations_total": sub.get("total", value.get("generations_total")),
            "subscription_status": sub.get("status", value.get("subscription_status")),
        }


class JobSubmission(ApiResponse):
    """Answer to an async create call (202, sometimes 200): a job id plus the resource id."""

    model_config = ConfigDict(extra="allow")

    background_job_id: str | None = Field(
        default=None, validation_alias=AliasChoices("background_job_id", "job_id")
    )
    background_job_ids: list[str] = Field(default_factory=list)
    directions: list[str] = Field(default_factory=list)
    character_id: str | None = None
    tileset_id: str | None = None
    tile_id: str | None = None
    status: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _submissions(cls, value: Any) -> Any:
        """Object animations answer ``submissions: [{direction, background_job_id}, ...]``."""
        value = unwrap(value)
        subs = value.get("submissions") if isinstance(value, dict) else None
        if not isinstance(subs, list):
            return value
        value = dict(value)
        ids = [str(s["background_job_id"]) for s in subs
               if isinstance(s, dict) and s.get("background_job_id")]
        value["background_job_ids"] = [*(value.get("background_job_ids") or []), *ids]
        return value

    @model_validator(mode="after")
    def _has_a_job(self) -> JobSubmission:
        if not self.background_job_id and not self.background_job_ids:
            raise ValueError("response has neither background_job_id nor background_job_ids")
        return self

    @property
    def job_ids(self) -> list[str]:
        """Every job to wait for (one per direction for animations)."""
        ids = list(self.background_job_ids)
        if self.background_job_id and self.background_job_id not in ids:
            ids.insert(0, self.background_job_id)
        return ids


RUNNING, COMPLETED, FAILED = "processing", "completed", "failed"


class BackgroundJob(ApiResponse):
    """GET /background-jobs/{id}. Unknown statuses count as still running."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, validation_alias=AliasChoices("id", "job_id"))
    status: str = RUNNING
    progress: float | None = None
    last_response: dict[str, Any] | None = None
    error: Any = None
    created_at: str | None = None

    @model_validator(mode="after")
    def _progress_from_last_response(self) -> BackgroundJob:
        if self.progress is None and isinstance(self.last_response, dict):
            value = self.last_response.get("progress")
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.progress = float(value)
        return self

    @property
    def is_done(self) -> bool:
        return self.status == COMPLETED

    @property
    def is_failed(self) -> bool:
        return self.status == FAILED

    @property
    def is_running(self) -> bool:
        return not (self.is_done or self.is_failed)

    @property
    def failure_reason(self) -> str:
        for source in (self.error, (self.last_response or {}).get("error"), self.last_response):
            if source:
                return source if isinstance(source, str) else str(source)
        return "job failed"

    def result_images(self, expected_size: tuple[int, int] | None = None) -> list[Any]:
        """Decode ``last_response.image`` / ``images`` (empty list when there are none)."""
        payload = self.last_response or {}
        found = payload.get("images") or ([payload["image"]] if payload.get("image") else [])
        return [decode_image(item, expected_size=expected_size) for item in found]


class AnimationDirection(BaseModel):
    model_config = ConfigDict(extra="allow")
    direction: str
    frames: list[str] = Field(default_factory=list)

    @field_validator("frames", mode="before")
    @classmethod
    def _urls_only(cls, value: Any) -> Any:
        """Frames not generated yet are listed as null: keep only the URLs."""
        return [u for u in value or [] if isinstance(u, str) and u]


class CharacterAnimation(BaseModel):
    """An animation of a character. Seen as ``display_name``/``name``,
    ``animation_type``/``template_animation_id``, and ``directions`` as a list of
    ``{direction, frames}`` or a ``{direction: [urls]}`` mapping: all are read here."""

    model_config = ConfigDict(extra="allow")
    id: str | None = None
    display_name: str | None = None
    animation_type: str | None = None
    status: str | None = None
    directions: list[AnimationDirection] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _variants(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        value = dict(value)
        value["display_name"] = value.get("display_name") or value.get("name")
        value["animation_type"] = (value.get("animation_type")
                                   or value.get("template_animation_id"))
        directions = value.get("directions")
        if isinstance(directions, dict):
            value["directions"] = [{"direction": k, "frames": v} for k, v in directions.items()]
        elif directions is None:
            value["directions"] = []
        return value

    @property
    def frames_by_direction(self) -> dict[str, list[str]]:
        return {d.direction: list(d.frames) for d in self.directions if d.direction}


def _none_to(value: Any, default: Any) -> Any:
    return default if value is None else value


class Character(BaseModel):
    """GET /characters/{id} (and list items). ``rotation_urls`` is empty until completed."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str | None = None
    prompt: str | None = None
    size: Any = None
    directions: Any = None
    status: str | None = None
    rotation_urls: dict[str, str] = Field(default_factory=dict)
    animations: list[CharacterAnimation] = Field(default_factory=list)
    animation_count: int | None = None
    skeletons: Any = None
    template_id: str | None = None
    view: str | None = None
    tags: list[str] = Field(default_factory=list)
    group_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _nulls(cls, value: Any) -> Any:
        value = unwrap(value)
        if isinstance(value, dict):
            value = dict(value)
            for key, default in (("rotation_urls", {}), ("animations", []), ("tags", [])):
                value[key] = _none_to(value.get(key), default)
            value["id"] = value.get("id") or value.get("character_id") or ""
            value["prompt"] = value.get("prompt") or value.get("description")
            value["size"] = value.get("size") or value.get("image_size")
        return value

    @field_validator("rotation_urls", mode="before")
    @classmethod
    def _rotations(cls, value: Any) -> Any:
        """Directions not drawn yet are listed as null: keep only the URLs."""
        if not isinstance(value, dict):
            value = getattr(value, "__dict__", {}) or {}
        return {str(k): v for k, v in value.items() if isinstance(v, str) and v}

    @property
    def is_completed(self) -> bool:
        return self.status == COMPLETED

    @property
    def width_height(self) -> tuple[int, int]:
        """``size`` as ``64`` or ``{"width": 64, "height": 48}``; (0, 0) when unknown."""
        raw = self.size
        if isinstance(raw, int | float):
            return int(raw), int(raw)
        if isinstance(raw, dict):
            try:
                width = int(raw.get("width") or 0)
                return width, int(raw.get("height") or width)
            except (TypeError, ValueError):
                return 0, 0
        return 0, 0

    @property
    def direction_names(self) -> tuple[str, ...]:
        """``directions`` as a count (4 or 8) or a list; else the rotations listed."""
        raw = self.directions
        if isinstance(raw, int):
            return DIRECTIONS_8 if raw == 8 else DIRECTIONS_4
        if isinstance(raw, list | tuple) and raw:
            return tuple(str(d) for d in raw)
        return tuple(self.rotation_urls) or DIRECTIONS_4


class CharacterList(BaseModel):
    model_config = ConfigDict(extra="allow")
    characters: list[Character] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _shapes(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"characters": value}
        return unwrap(value)
