"""The client methods of the image utilities (remove-background, resize, image-to-pixelart)."""

from __future__ import annotations

from typing import Any

from .errors import ResponseFormatError
from .requests import ApiRequest
from .requests_edit import expected_output_size
from .responses import ImageResponse


class ImageUtilitiesMixin:
    """Methods named after the paths, like the rest of :class:`PixelLabClient`."""

    async def _post(self, name: str, request: ApiRequest | None, fields: dict[str, Any],
                    timeout: float | None) -> Any:
        raise NotImplementedError  # provided by the client

    async def remove_background(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None, **fields: Any) -> ImageResponse:
        """POST /remove-background: the same image with its background cleared."""
        return await self._post("remove_background", request, fields, timeout)

    async def resize(self, request: ApiRequest | None = None, /, *,
                     timeout: float | None = None, **fields: Any) -> ImageResponse:
        """POST /resize: the sprite redrawn at ``target_size`` (at most 2x or 1/2 per call)."""
        return await self._post("resize", request, fields, timeout)

    async def image_to_pixelart(self, request: ApiRequest | None = None, /, *,
                                timeout: float | None = None, **fields: Any) -> ImageResponse:
        """POST /image-to-pixelart: a picture as pixel art of about ``output_size``."""
        return await self._post("image_to_pixelart", request, fields, timeout)


def check_utility_size(result: ImageResponse, request: ApiRequest, endpoint: str) -> None:
    """Reject an answer whose image is not the size the utility promises."""
    expected = expected_output_size(request)
    if expected is None:
        return
    (width, height), slack = expected
    actual = result.image.size
    if abs(actual[0] - width) > slack or abs(actual[1] - height) > slack:
        raise ResponseFormatError(f"image is {actual[0]}x{actual[1]}, expected {width}x{height}",
                                  endpoint=endpoint)
