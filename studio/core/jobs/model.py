"""Job, JobState and the helpers that read request models and responses duck-typed.

The queue is written against a small protocol (:class:`GenerationClient`) rather than the
concrete ``studio.api.PixelLabClient`` so it can be tested with a fake client.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import io
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from PIL import Image

MAX_RESULT_PIXELS = 4096 * 4096
MAX_BASE64_CHARS = 64 * 1024 * 1024


class JobState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    WAITING = "waiting"
    DONE = "done"
    FAILED = "failed"
    OUTCOME_UNKNOWN = "outcome_unknown"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class GenerationClient(Protocol):
    """What the queue needs from ``studio.api.PixelLabClient``."""

    async def send(self, request: Any) -> Any: ...

    async def wait_for_job(self, job_id: str, **kwargs: Any) -> Any: ...


@dataclass(eq=False)
class Job:
    """One request through the queue. ``request`` is ``None`` for jobs resumed from the journal
    (only their background job ids are known)."""

    id: str
    endpoint: str
    request: Any
    group_id: str | None = None
    state: JobState = JobState.QUEUED
    progress: float = 0.0
    cost_usd: float = 0.0
    cost_generations: float = 0.0
    result_ids: list[int] = field(default_factory=list)
    error: str | None = None
    exception: BaseException | None = None
    background_job_ids: list[str] = field(default_factory=list)
    resource_kind: str | None = None
    resource_id: str | None = None
    description: str = ""
    seed: int | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    retry_of: str | None = None
    note: str | None = None  # the offline engine's remark on an approximate result
    not_stored: bool = False  # done, but the disk refused its images: they are held in memory
    # Jobs made of parts (one background job per animated direction): label -> progress/state.
    part_labels: list[str] = field(default_factory=list)
    part_progress: dict[str, float] = field(default_factory=dict)
    part_states: dict[str, str] = field(default_factory=dict)
    expected_usd: float | None = None  # from the price rules before sending; None = unknown
    expected_generations: float | None = None
    free: bool = False  # sent to the offline engine: its results cost nothing

    @property
    def parts_finished(self) -> int:
        """Parts that no longer hold a service slot (done, failed or given up on)."""
        return sum(1 for state in self.part_states.values() if state != "waiting")

    @property
    def elapsed(self) -> float:
        """Seconds since sending started (0 while queued), frozen once the job is final."""
        if self.started is None:
            return 0.0
        return (self.finished or time.time()) - self.started


def expected_of(request: Any, endpoint: str) -> tuple[float | None, float | None]:
    """(usd, generations) the documented price rules expect for a request; None = unknown."""
    from studio.core.jobs.spending import cost_before_sending  # noqa: PLC0415

    cost = cost_before_sending(request, endpoint)
    return (None, None) if cost is None else (cost.usd, cost.generations)


def endpoint_for(request: Any) -> str:
    """The endpoint name of a request model, from ``studio.api.ENDPOINTS`` or the model itself."""
    explicit = getattr(request, "ENDPOINT", None) or getattr(request, "endpoint", None)
    if isinstance(explicit, str):
        return explicit.strip("/")
    try:
        from studio.api.requests import ENDPOINTS  # noqa: PLC0415
    except ImportError:
        ENDPOINTS = {}  # noqa: N806
    for name, (_path, model_cls) in ENDPOINTS.items():
        if type(request) is model_cls:
            return name.strip("/")
    raise ValueError(f"no endpoint known for request type {type(request).__name__}")


def params_of(request: Any) -> dict[str, Any]:
    """The request as a JSON-able dict, named like the API fields."""
    if hasattr(request, "model_dump"):
        return request.model_dump(mode="json", exclude_none=True)
    if dataclasses.is_dataclass(request):
        return dataclasses.asdict(request)
    if isinstance(request, dict):
        return dict(request)
    raise TypeError(f"cannot journal a request of type {type(request).__name__}")


def with_seed(request: Any, seed: int) -> Any:
    """A copy of a request model with another seed (variants)."""
    if hasattr(request, "model_copy"):
        return request.model_copy(update={"seed": seed})
    if dataclasses.is_dataclass(request):
        return dataclasses.replace(request, seed=seed)
    raise TypeError(f"cannot set a seed on {type(request).__name__}")


def usage_of(obj: Any) -> tuple[float, float] | None:
    """(usd, generations) from a response's ``usage`` (object or dict), if any."""
    usage = obj.get("usage") if isinstance(obj, dict) else getattr(obj, "usage", None)
    if usage is None and isinstance(obj, dict):
        usage = obj.get("billing_usage")
    if usage is None:
        return None
    get = usage.get if isinstance(usage, dict) else lambda k, d=None: getattr(usage, k, d)
    return float(get("usd", 0.0) or 0.0), float(get("generations", 0.0) or 0.0)


def background_ids_of(response: Any) -> list[str]:
    get = response.get if isinstance(response, dict) else (
        lambda k, d=None: getattr(response, k, d))
    ids = list(get("background_job_ids", None) or [])
    single = get("background_job_id", None)
    if single and single not in ids:
        ids.insert(0, single)
    return [str(i) for i in ids]


def resource_of(response: Any) -> tuple[str | None, str | None]:
    get = response.get if isinstance(response, dict) else (
        lambda k, d=None: getattr(response, k, d))
    for key, kind in (("tileset_id", "tileset"), ("tile_id", "isometric_tile"),
                      ("character_id", "character")):
        value = get(key, None)
        if value:
            return kind, str(value)
    return None, None


def images_of(payload: Any) -> list[Image.Image]:
    """Every image in a response or job payload (``image``, ``images``, tiles), decoded safely."""
    if payload is None:
        return []
    get = payload.get if isinstance(payload, dict) else (
        lambda k, d=None: getattr(payload, k, d))
    found: list[Any] = []
    if get("image", None) is not None:
        found.append(get("image", None))
    found.extend(get("images", None) or [])
    for tile in get("tiles", None) or []:
        found.extend(images_of(tile))
    return [decode_any_image(item) for item in found if item is not None]


CORNER_KEYS = ("NW", "NE", "SW", "SE")


def corner_label(corners: Any) -> str:
    """``"corners NW=lower NE=upper SW=lower SE=upper"``: how a tile is keyed in the library."""
    get = corners.get if isinstance(corners, dict) else (
        lambda k, d=None: getattr(corners, k.lower(), getattr(corners, k, d)))
    parts = []
    for key in CORNER_KEYS:
        value = get(key, None)
        if value is None and isinstance(corners, dict):
            value = corners.get(key.lower())
        parts.append(f"{key}={value}")
    return "corners " + " ".join(parts)


def labelled_images_of(payload: Any) -> list[tuple[str, Image.Image]]:
    """Like :func:`images_of`, with a label per image: tiles are labelled by their corners
    (never by list order or name), other images by their position."""
    if payload is None:
        return []
    get = payload.get if isinstance(payload, dict) else (
        lambda k, d=None: getattr(payload, k, d))
    tiles = get("tiles", None) or []
    if tiles:
        out = []
        for tile in tiles:
            tget = tile.get if isinstance(tile, dict) else (
                lambda k, d=None, _t=tile: getattr(_t, k, d))
            label = corner_label(tget("corners", None) or {})
            out.extend((label, image) for image in images_of(tile))
        return out
    return [("", image) for image in images_of(payload)]


def decode_any_image(item: Any) -> Image.Image:
    """PIL image, object with ``to_pil()``, or a ``{"base64": ...}`` dict -> RGBA PIL image."""
    if isinstance(item, Image.Image):
        return item.convert("RGBA")
    if hasattr(item, "to_pil"):
        return item.to_pil().convert("RGBA")
    if isinstance(item, dict) and isinstance(item.get("base64"), str):
        try:
            from studio.api.images import decode_image  # noqa: PLC0415
        except ImportError:
            return _decode_png_b64(item["base64"])
        return decode_image(item)
    raise ValueError(f"unexpected image payload of type {type(item).__name__}")


def _decode_png_b64(text: str) -> Image.Image:
    text = text.split(",", 1)[-1]
    if len(text) > MAX_BASE64_CHARS:
        raise ValueError("image payload too large")
    try:
        data = base64.b64decode(text, validate=True)
        img = Image.open(io.BytesIO(data), formats=["PNG"])
        if img.width * img.height > MAX_RESULT_PIXELS:
            raise ValueError(f"image too large: {img.width}x{img.height}")
        return img.convert("RGBA")
    except (binascii.Error, OSError) as exc:
        raise ValueError(f"undecodable image payload: {exc}") from exc


@dataclass(frozen=True)
class LookupResult:
    found: bool
    message: str
    result_ids: tuple[int, ...] = ()


def is_animate_character(endpoint: str) -> bool:
    """``animate_character`` / ``/animate-character`` / ``/characters/animations``."""
    name = endpoint.strip("/").replace("-", "_").replace("/", "_")
    return name.startswith("animate_character") or name == "characters_animations"


def slot_weight(job: Job) -> int:
    """Service slots a job takes: one per background job (an 8-direction animation is 8)."""
    if job.background_job_ids:
        return max(0, len(job.background_job_ids) - job.parts_finished)
    if is_animate_character(job.endpoint):
        directions = params_of(job.request).get("directions") if job.request is not None else None
        return len(directions) if directions else 4
    return 1


def check_concurrency(value: int) -> int:
    if not isinstance(value, int) or not 1 <= value <= 64:
        raise ValueError(f"concurrency must be an integer from 1 to 64, got {value!r}")
    return value


def job_from_entry(entry: Any) -> Job:
    """A job rebuilt from its journal entry (``library.JournalEntry``); its request is None."""
    return Job(id=entry.job_id, endpoint=entry.endpoint, request=None,
               group_id=entry.group_id, description=entry.description, seed=entry.seed,
               background_job_ids=list(entry.background_job_ids),
               resource_kind=entry.resource_kind, resource_id=entry.resource_id,
               cost_usd=entry.cost_usd, cost_generations=entry.cost_generations,
               created=entry.created, state=JobState(entry.state), error=entry.error,
               expected_usd=entry.expected_usd,
               expected_generations=entry.expected_generations)


def new_job(request: Any, endpoint: str | None, *, fallback: str = "",
            group_id: str | None = None, retry_of: str | None = None, free: bool = False
            ) -> tuple[Job, dict[str, Any]]:
    """A new job for ``request`` and its JSON params (what the journal keeps)."""
    endpoint = (endpoint or endpoint_for(request)).strip("/")
    params = params_of(request)
    seed = params.get("seed")
    description = (params.get("description") or params.get("animation_name")
                   or params.get("action_description") or params.get("action") or fallback)
    expected = expected_of(request, endpoint)
    job = Job(id=uuid.uuid4().hex, endpoint=endpoint, request=request, group_id=group_id,
              description=str(description), retry_of=retry_of,
              seed=seed if isinstance(seed, int) else None,
              expected_usd=expected[0], expected_generations=expected[1],
              free=free)
    return job, params
