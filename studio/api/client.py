"""``PixelLabClient``: one async method per PixelLab v2 endpoint.

Keyword arguments are named exactly like the API's fields and validated by the request models
before anything is sent. Use as ``async with PixelLabClient() as client: ...``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from .client_edit import ImageUtilitiesMixin, check_utility_size
from .client_v3 import NewerRoutesMixin
from .errors import (
    AuthenticationError,
    NotFoundError,
    ResponseFormatError,
    ValidationError,
)
from .parsing import build_request, check_sizes, normalise_skeleton, parse_model
from .redaction import install_redaction
from .requests import ENDPOINTS, SYNC_ENDPOINTS, ApiRequest, CharacterRequest
from .requests_edit import ENDPOINTS_EDIT
from .requests_v3 import ENDPOINTS_V3
from .responses import (
    BackgroundJob,
    Balance,
    Character,
    CharacterList,
    FramesResponse,
    ImageResponse,
    JobSubmission,
    SkeletonResponse,
)
from .results import ImagesResponse, is_job_body
from .retry import RetryPolicy
from .tiles import IsometricTile, Tileset
from .transport import RawResponse, Transport
from .usage import note_billing
from .waiting import WaitingMixin

DEFAULT_BASE_URL = "https://api.pixellab.ai/v2"
DEFAULT_TIMEOUT = 180.0
USER_AGENT = "pixel-studio/0.1 (+https://pixellab.ai)"
T = TypeVar("T")
# GET answers bigger than a job-status poll (they carry base64 images: tilesets, characters)
# are parsed and their images decoded off the event loop.
PARSE_IN_THREAD_BYTES = 4 * 1024

RESPONSE_MODELS: dict[str, type] = {
    "animate_with_skeleton": FramesResponse,
    "animate_with_text": FramesResponse,
    "estimate_skeleton": SkeletonResponse,
}
"""Sync endpoints not listed here answer with an :class:`ImageResponse`."""


class _BearerAuth(httpx.Auth):
    """Adds the token only for the API's own host, so downloads never leak it."""

    def __init__(self, token: str | None, host: str) -> None:
        self._token = token
        self._host = host

    def auth_flow(self, request: httpx.Request):  # type: ignore[override]
        if self._token and request.url.host == self._host:
            request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def resolve_token(token: str | None) -> str | None:
    return token or os.environ.get("PIXELLAB_API_TOKEN") or os.environ.get("PIXELLAB_SECRET")


class PixelLabClient(WaitingMixin, NewerRoutesMixin, ImageUtilitiesMixin):
    """Async PixelLab v2 client over one ``httpx.AsyncClient``."""

    def __init__(
        self,
        token: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._token = resolve_token(token)
        self.base_url = (base_url or os.environ.get("PIXELLAB_BASE_URL") or DEFAULT_BASE_URL)
        self.base_url = self.base_url.rstrip("/")
        self.sleep = sleep
        install_redaction(self._token)
        host = urlsplit(self.base_url).hostname or ""
        self._http = httpx.AsyncClient(
            auth=_BearerAuth(self._token, host), transport=transport,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self._transport = Transport(self._http, policy, timeout=timeout, sleep=self._sleep)

    async def _sleep(self, seconds: float) -> None:
        await self.sleep(seconds)

    def __repr__(self) -> str:  # never show the token
        return f"PixelLabClient(base_url={self.base_url!r}, token={'set' if self._token else None})"

    @property
    def has_token(self) -> bool:
        return bool(self._token)

    async def __aenter__(self) -> PixelLabClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- plumbing -------------------------------------------------------------------------

    async def _call(self, method: str, path: str, *, auth: bool = True,
                    json_body: Any = None, params: dict[str, Any] | None = None,
                    timeout: float | None = None) -> RawResponse:
        if auth and not self._token:
            raise AuthenticationError(
                "no API token: set PIXELLAB_API_TOKEN or pass token=", endpoint=path)
        return await self._transport.request(
            method, self.base_url + path, endpoint=path, json_body=json_body, params=params,
            timeout=timeout)

    async def _get_json(self, path: str, timeout: float | None = None, **params: Any) -> Any:
        raw = await self._call("GET", path, params=params or None, timeout=timeout)
        if len(raw.content) > PARSE_IN_THREAD_BYTES:  # e.g. a tileset's images as base64
            return await asyncio.to_thread(raw.json)
        return raw.json()

    async def _get_model(self, model: type[T], path: str, timeout: float | None) -> T:
        """GET and validate; a big answer (images) is parsed off the event loop."""
        raw = await self._call("GET", path, timeout=timeout)
        if len(raw.content) > PARSE_IN_THREAD_BYTES:
            return await asyncio.to_thread(lambda: parse_model(model, raw.json(), path))
        return parse_model(model, raw.json(), path)

    async def send(self, request: ApiRequest, endpoint: str | None = None,
                   *, timeout: float | None = None) -> Any:
        """POST any request model to its endpoint and parse the typed answer."""
        name = endpoint or _endpoint_for(request)
        if name not in ENDPOINTS:
            raise ValueError(f"unknown endpoint {name!r}")
        path, model = ENDPOINTS[name]
        if not isinstance(request, model) and not (
            isinstance(request, CharacterRequest) and issubclass(model, CharacterRequest)
        ):
            raise TypeError(f"{name} takes a {model.__name__}, not {type(request).__name__}")
        raw = await self._call("POST", path, json_body=request.to_api_json(), timeout=timeout)
        try:  # JSON parsing and PNG decoding off the event loop, so a UI stays responsive
            return await asyncio.to_thread(self._parse_post, name, path, request, raw)
        except ResponseFormatError as exc:
            exc.body = raw.content  # the call was billed: keep what came back
            note_billing(exc, raw.content)
            raise

    @staticmethod
    def _parse_post(name: str, path: str, request: ApiRequest, raw: RawResponse) -> Any:
        body = raw.json()
        if name in ENDPOINTS_V3:  # 200 or 202 either way: the body says whether it is a job
            if is_job_body(body):
                return parse_model(JobSubmission, body, path, raw.status)
            return parse_model(ImagesResponse, body, path, raw.status)
        if name in ENDPOINTS_EDIT:  # synchronous; the output size is not image_size
            result = parse_model(ImageResponse, body, path, raw.status)
            check_utility_size(result, request, path)
            return result
        if name not in SYNC_ENDPOINTS:
            return parse_model(JobSubmission, body, path, raw.status)
        result = parse_model(RESPONSE_MODELS.get(name, ImageResponse), body, path, raw.status)
        if isinstance(result, SkeletonResponse):
            return normalise_skeleton(result, request)
        check_sizes(result, request, path)
        return result

    async def _post(self, name: str, request: ApiRequest | None, fields: dict[str, Any],
                    timeout: float | None) -> Any:
        path, model = ENDPOINTS[name]
        if request is None:  # validation encodes PIL images to PNG: do it off the loop
            request = await asyncio.to_thread(build_request, model, fields, path)
        elif fields:
            raise TypeError("pass either a request model or keyword fields, not both")
        return await self.send(request, name, timeout=timeout)

    # -- account and docs -----------------------------------------------------------------

    async def get_balance(self, *, timeout: float | None = None) -> Balance:
        return parse_model(Balance, await self._get_json("/balance", timeout), "/balance")

    async def get_llms_txt(self, *, timeout: float | None = None) -> str:
        raw = await self._call("GET", "/llms.txt", auth=False, timeout=timeout)
        return raw.content.decode("utf-8", "replace")

    # -- synchronous generation -----------------------------------------------------------

    async def create_image_pixflux(self, request: ApiRequest | None = None, /, *,
                                   timeout: float | None = None, **fields: Any) -> ImageResponse:
        return await self._post("create_image_pixflux", request, fields, timeout)

    async def create_image_bitforge(self, request: ApiRequest | None = None, /, *,
                                    timeout: float | None = None, **fields: Any) -> ImageResponse:
        return await self._post("create_image_bitforge", request, fields, timeout)

    async def inpaint(self, request: ApiRequest | None = None, /, *,
                      timeout: float | None = None, **fields: Any) -> ImageResponse:
        return await self._post("inpaint", request, fields, timeout)

    async def rotate(self, request: ApiRequest | None = None, /, *,
                     timeout: float | None = None, **fields: Any) -> ImageResponse:
        return await self._post("rotate", request, fields, timeout)

    async def animate_with_skeleton(self, request: ApiRequest | None = None, /, *,
                                    timeout: float | None = None,
                                    **fields: Any) -> FramesResponse:
        return await self._post("animate_with_skeleton", request, fields, timeout)

    async def animate_with_text(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None, **fields: Any) -> FramesResponse:
        return await self._post("animate_with_text", request, fields, timeout)

    async def estimate_skeleton(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None,
                                **fields: Any) -> SkeletonResponse:
        return await self._post("estimate_skeleton", request, fields, timeout)

    # -- asynchronous generation (submit, then wait) --------------------------------------

    async def create_character_with_4_directions(
        self, request: ApiRequest | None = None, /, *, timeout: float | None = None,
        **fields: Any,
    ) -> JobSubmission:
        return await self._post("create_character_with_4_directions", request, fields, timeout)

    async def create_character_with_8_directions(
        self, request: ApiRequest | None = None, /, *, timeout: float | None = None,
        **fields: Any,
    ) -> JobSubmission:
        return await self._post("create_character_with_8_directions", request, fields, timeout)

    async def animate_character(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None, **fields: Any) -> JobSubmission:
        """POST /characters/animations (the /animate-character twin takes the same body)."""
        return await self._post("animate_character", request, fields, timeout)

    async def create_tileset(self, request: ApiRequest | None = None, /, *,
                             timeout: float | None = None, **fields: Any) -> JobSubmission:
        return await self._post("create_tileset", request, fields, timeout)

    async def create_isometric_tile(self, request: ApiRequest | None = None, /, *,
                                    timeout: float | None = None,
                                    **fields: Any) -> JobSubmission:
        return await self._post("create_isometric_tile", request, fields, timeout)

    # -- resources ------------------------------------------------------------------------

    async def get_background_job(self, job_id: str, *,
                                 timeout: float | None = None) -> BackgroundJob:
        path = f"/background-jobs/{_segment(job_id, 'job_id')}"
        job = await self._get_model(BackgroundJob, path, timeout)
        return job if job.id else job.model_copy(update={"id": job_id})

    async def list_characters(self, limit: int | None = None, offset: int | None = None, *,
                              timeout: float | None = None) -> CharacterList:
        if limit is not None and not 1 <= limit <= 100:
            raise ValidationError("limit must be between 1 and 100",
                                  field_errors=[("limit", "must be 1..100")],
                                  endpoint="/characters")
        if offset is not None and offset < 0:
            raise ValidationError("offset must be >= 0", field_errors=[("offset", "must be >= 0")],
                                  endpoint="/characters")
        params = {k: v for k, v in (("limit", limit), ("offset", offset)) if v is not None}
        body = await self._get_json("/characters", timeout, **params)
        return parse_model(CharacterList, body, "/characters")

    async def get_character(self, character_id: str, *,
                            timeout: float | None = None) -> Character:
        path = f"/characters/{_segment(character_id, 'character_id')}"
        return parse_model(Character, await self._get_json(path, timeout), path)

    async def export_character_zip(self, character_id: str, *,
                                   timeout: float | None = None) -> bytes:
        """The character's ZIP (raises ``NotReadyError`` while anything is generating)."""
        path = f"/characters/{_segment(character_id, 'character_id')}/zip"
        raw = await self._call("GET", path, timeout=timeout)
        return raw.content

    async def get_tileset(self, tileset_id: str, *, timeout: float | None = None) -> Tileset:
        path = f"/tilesets/{_segment(tileset_id, 'tileset_id')}"
        tileset = await self._get_model(Tileset, path, timeout)
        return tileset if tileset.id else tileset.model_copy(update={"id": tileset_id})

    async def get_isometric_tile(self, tile_id: str, *,
                                 timeout: float | None = None) -> IsometricTile:
        path = f"/isometric-tiles/{_segment(tile_id, 'tile_id')}"
        tile = await self._get_model(IsometricTile, path, timeout)
        return tile if tile.id else tile.model_copy(update={"id": tile_id})

    async def download_url(self, url: str, *, attempts: int = 4, delay: float = 1.0,
                           timeout: float | None = None) -> bytes:
        """GET a result file (e.g. a rotation PNG); retries briefly on 404 just after creation.

        The bearer token is sent only to the API's own host, never to file hosts.
        """
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url!r}")
        for attempt in range(attempts):
            try:
                raw = await self._transport.request(
                    "GET", url, endpoint=urlsplit(url).path, timeout=timeout,
                    follow_redirects=True)
                return raw.content
            except NotFoundError:
                if attempt + 1 >= attempts:
                    raise
                await self._sleep(delay * (attempt + 1))
        raise AssertionError("unreachable")

def _document_fields(cls: type[PixelLabClient]) -> type[PixelLabClient]:
    """Append each POST method's accepted keyword arguments (the model's fields) to its doc."""
    for name, (path, model) in ENDPOINTS.items():
        method = getattr(cls, name, None)
        if method is None:
            continue
        head = method.__doc__ or f"POST {path}."
        fields = ", ".join(model.model_fields)
        method.__doc__ = f"{head}\n\nKeyword fields ({model.__name__}): {fields}."
    return cls


_document_fields(PixelLabClient)


def _segment(value: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string",
                              field_errors=[(name, "must be a non-empty string")])
    return quote(value, safe="")


def _endpoint_for(request: ApiRequest) -> str:
    for name, (_path, model) in ENDPOINTS.items():
        if type(request) is model:
            return name
    if isinstance(request, CharacterRequest):
        raise ValueError("CharacterRequest needs endpoint='create_character_with_4_directions' "
                         "or '..._8_directions' (or use Character4DirectionsRequest)")
    raise ValueError(f"no endpoint for {type(request).__name__}")


logging.getLogger("studio.api").addHandler(logging.NullHandler())
