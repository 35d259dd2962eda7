"""The FastAPI app of the offline engine: the live service's paths, bodies and status codes.

Request bodies are ``studio.api``'s own request models, so validation (and its 422 details)
is the same code the studio uses before sending.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from studio.api.requests import (
    AnimateCharacterRequest,
    AnimateWithSkeletonRequest,
    AnimateWithTextRequest,
    BitforgeRequest,
    CharacterRequest,
    EstimateSkeletonRequest,
    InpaintRequest,
    IsometricTileRequest,
    PixfluxRequest,
    RotateRequest,
    TilesetRequest,
)

from . import animation_endpoints as anim
from . import characters, image_endpoints, tile_endpoints
from .imaging import USAGE
from .jobs import JobStore
from .newer_routes import add_newer_routes
from .utility_endpoints import add_utility_routes

SYNC_ROUTES: dict[str, tuple[str, Callable[[Any], dict[str, Any]], type]] = {
    # v2 path: (v1 alias path or "", handler, request model)
    "/create-image-pixflux": ("/generate-image-pixflux", image_endpoints.create_image_pixflux,
                              PixfluxRequest),
    "/create-image-bitforge": ("/generate-image-bitforge",
                               image_endpoints.create_image_bitforge, BitforgeRequest),
    "/inpaint": ("/inpaint", image_endpoints.inpaint_image, InpaintRequest),
    "/rotate": ("/rotate", image_endpoints.rotate_image, RotateRequest),
    "/animate-with-skeleton": ("/animate-with-skeleton", anim.animate_with_skeleton,
                               AnimateWithSkeletonRequest),
    "/animate-with-text": ("/animate-with-text", anim.animate_with_text,
                           AnimateWithTextRequest),
    "/estimate-skeleton": ("/estimate-skeleton", anim.estimate, EstimateSkeletonRequest),
}


def require_token(authorization: str | None = Header(default=None)) -> None:
    """Any bearer token is accepted; a missing or malformed header is a 401 like the live API."""
    if not authorization:
        raise HTTPException(401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, detail="Invalid API token", headers={"WWW-Authenticate": "Bearer"})


def _sync_route(handler: Callable[[Any], dict[str, Any]], model: type) -> Callable[..., Any]:
    def endpoint(body: Any) -> dict[str, Any]:
        return handler(body)

    # the body type is only known at run time: give FastAPI the real class, not a string
    endpoint.__annotations__ = {"body": model, "return": dict[str, Any]}
    endpoint.__name__ = handler.__name__
    return endpoint


def _accepted(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=202)


def _add_sync_routes(v1: APIRouter, v2: APIRouter) -> None:
    for path, (v1_path, handler, model) in SYNC_ROUTES.items():
        v2.add_api_route(path, _sync_route(handler, model), methods=["POST"])
        v1.add_api_route(v1_path, _sync_route(handler, model), methods=["POST"])


def _add_job_routes(v2: APIRouter, store: JobStore) -> None:
    @v2.get("/background-jobs/{job_id}")
    def background_job(job_id: str) -> dict[str, Any]:
        body = store.job_body(job_id)
        if body is None:
            raise HTTPException(404, detail="Job not found or doesn't belong to user")
        return body

    @v2.post("/create-character-with-4-directions")
    def character_4(body: CharacterRequest) -> JSONResponse:
        return _accepted(characters.create_character(store, body, 4))

    @v2.post("/create-character-with-8-directions")
    def character_8(body: CharacterRequest) -> JSONResponse:
        return _accepted(characters.create_character(store, body, 8))

    def animate(body: AnimateCharacterRequest) -> JSONResponse:
        return _accepted(characters.animate_character(store, body))

    v2.add_api_route("/characters/animations", animate, methods=["POST"])
    v2.add_api_route("/animate-character", animate, methods=["POST"])

    @v2.get("/characters")
    def list_characters(request: Request, limit: int = Query(10, ge=1, le=100),
                        offset: int = Query(0, ge=0)) -> dict[str, Any]:
        return characters.list_characters(store, limit, offset, str(request.base_url))

    @v2.get("/characters/{character_id}")
    def get_character(character_id: str, request: Request) -> dict[str, Any]:
        return characters.get_character(store, character_id, str(request.base_url))

    @v2.get("/characters/{character_id}/zip")
    def character_zip(character_id: str) -> Response:
        data, name = characters.export_zip(store, character_id)
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def tileset(body: TilesetRequest) -> JSONResponse:
        return _accepted(tile_endpoints.create_tileset(store, body))

    v2.add_api_route("/tilesets", tileset, methods=["POST"])
    v2.add_api_route("/create-tileset", tileset, methods=["POST"])

    @v2.get("/tilesets/{tileset_id}")
    def get_tileset(tileset_id: str) -> dict[str, Any]:
        return tile_endpoints.get_tileset(store, tileset_id)

    @v2.post("/create-isometric-tile")
    def isometric(body: IsometricTileRequest) -> JSONResponse:
        return _accepted(tile_endpoints.create_isometric(store, body))

    @v2.get("/isometric-tiles/{tile_id}")
    def get_isometric(tile_id: str) -> dict[str, Any]:
        return tile_endpoints.get_isometric(store, tile_id)


def _add_public_routes(app: FastAPI, store: JobStore) -> None:
    @app.get("/v2/files/characters/{character_id}/{path:path}")
    def character_file(character_id: str, path: str) -> Response:
        data = characters.file_png(store, character_id, path.split("/"))
        return Response(data, media_type="image/png")

    @app.get("/v2/llms.txt", response_class=PlainTextResponse)
    def llms_txt() -> str:
        lines = ["# Pixel Lab API - v2 (offline engine)", "",
                 "Local procedural stand-in for the PixelLab API. Results are free (usd 0.0).", ""]
        for path, operations in app.openapi().get("paths", {}).items():
            if path.startswith("/v2/") and not path.startswith("/v2/files/"):
                lines.append(f"- {' '.join(m.upper() for m in operations)} {path}")
        return "\n".join(lines) + "\n"


def create_app(latency: float = 0.0, job_seconds: float = 2.0,
               data_dir: str | Path | None = None) -> FastAPI:
    """The offline engine. ``latency`` delays every answer; jobs finish after ``job_seconds``.

    ``data_dir`` is the folder the engine may keep its own state in (``app.state.data_dir``,
    None: nothing is kept between runs).
    """
    app = FastAPI(title="PixelLab offline engine", version="2")
    store = JobStore(job_seconds, data_dir)
    app.state.store = store
    app.state.data_dir = Path(data_dir) if data_dir is not None else None
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_token)])
    v2 = APIRouter(prefix="/v2", dependencies=[Depends(require_token)])

    @v2.get("/balance")
    def balance_v2() -> dict[str, Any]:
        return {"credits": {"type": "usd", "usd": 0.0},
                "subscription": {"generations": 0, "total": 0, "status": "offline"},
                "usage": dict(USAGE)}

    @v1.get("/balance")
    def balance_v1() -> dict[str, Any]:
        return {"type": "usd", "usd": 0.0}

    _add_sync_routes(v1, v2)
    add_utility_routes(v2)
    _add_job_routes(v2, store)
    add_newer_routes(v2, store)
    _add_public_routes(app, store)
    app.include_router(v1)
    app.include_router(v2)

    if latency > 0:
        @app.middleware("http")
        async def delay(request: Request, call_next: Callable[[Request], Awaitable[Response]]
                        ) -> Response:
            await asyncio.sleep(latency)
            return await call_next(request)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"Offline engine error: {type(exc).__name__}: {exc}"},
                            status_code=500)

    return app
