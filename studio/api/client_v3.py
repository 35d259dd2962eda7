"""The client methods of the newer routes (v3 animation and rotations, Pro generation and
editing, pixen). Each answers a ``JobSubmission`` or, when the body carries the result itself,
an ``ImagesResponse``: the body decides, never the status code (these routes use 200 and 202).
"""

from __future__ import annotations

from typing import Any

from .requests import ApiRequest
from .responses import JobSubmission
from .results import ImagesResponse


class NewerRoutesMixin:
    """Methods named after the paths, like the rest of :class:`PixelLabClient`."""

    async def _post(self, name: str, request: ApiRequest | None, fields: dict[str, Any],
                    timeout: float | None) -> Any:
        raise NotImplementedError  # provided by the client

    async def animate_with_text_v3(self, request: ApiRequest | None = None, /, *,
                                   timeout: float | None = None,
                                   **fields: Any) -> JobSubmission | ImagesResponse:
        """POST /animate-with-text-v3; a finished answer has ``frame_count + 1`` images."""
        return await self._post("animate_with_text_v3", request, fields, timeout)

    async def generate_8_rotations_v3(self, request: ApiRequest | None = None, /, *,
                                      timeout: float | None = None,
                                      **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("generate_8_rotations_v3", request, fields, timeout)

    async def inpaint_v3(self, request: ApiRequest | None = None, /, *,
                         timeout: float | None = None,
                         **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("inpaint_v3", request, fields, timeout)

    async def generate_image_v2(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None,
                                **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("generate_image_v2", request, fields, timeout)

    async def generate_with_style_v2(self, request: ApiRequest | None = None, /, *,
                                     timeout: float | None = None,
                                     **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("generate_with_style_v2", request, fields, timeout)

    async def edit_image(self, request: ApiRequest | None = None, /, *,
                         timeout: float | None = None,
                         **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("edit_image", request, fields, timeout)

    async def create_image_pixen(self, request: ApiRequest | None = None, /, *,
                                 timeout: float | None = None,
                                 **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("create_image_pixen", request, fields, timeout)

    async def interpolation_v2(self, request: ApiRequest | None = None, /, *,
                               timeout: float | None = None,
                               **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("interpolation_v2", request, fields, timeout)

    async def edit_animation_v2(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None,
                                **fields: Any) -> JobSubmission | ImagesResponse:
        return await self._post("edit_animation_v2", request, fields, timeout)
