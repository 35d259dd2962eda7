"""Routes of the newer endpoints: v3 routes answer 200 with a job, Pro and edit routes 202
with a job (as the live service does), pixen answers its image at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from studio.api.requests_v3 import ENDPOINTS_V3

from . import newer_endpoints as newer
from .imaging import USAGE
from .jobs import JobStore

JOB_STATUS = {
    "animate_with_text_v3": 200, "generate_8_rotations_v3": 200, "inpaint_v3": 202,
    "generate_image_v2": 202, "generate_with_style_v2": 202, "edit_image": 202,
    "interpolation_v2": 202, "edit_animation_v2": 202,
}
SYNC = {"create_image_pixen"}


def _job_route(store: JobStore, handler: Callable[[Any], dict[str, Any]], model: type,
               status: int) -> Callable[..., Any]:
    def endpoint(body: Any) -> JSONResponse:
        job = store.submit(handler(body))
        return JSONResponse({"background_job_id": job.id, "status": "processing",
                             "usage": dict(USAGE)}, status_code=status)

    endpoint.__annotations__ = {"body": model, "return": JSONResponse}
    endpoint.__name__ = handler.__name__
    return endpoint


def _sync_route(handler: Callable[[Any], dict[str, Any]], model: type) -> Callable[..., Any]:
    def endpoint(body: Any) -> dict[str, Any]:
        return handler(body)

    endpoint.__annotations__ = {"body": model, "return": dict[str, Any]}
    endpoint.__name__ = handler.__name__
    return endpoint


def add_newer_routes(v2: APIRouter, store: JobStore) -> None:
    """Register every route of ``studio.api.requests_v3.ENDPOINTS_V3`` on the v2 router."""
    for name, (path, model) in ENDPOINTS_V3.items():
        handler = getattr(newer, name)
        if name in SYNC:
            v2.add_api_route(path, _sync_route(handler, model), methods=["POST"])
        else:
            v2.add_api_route(path, _job_route(store, handler, model, JOB_STATUS[name]),
                             methods=["POST"])
