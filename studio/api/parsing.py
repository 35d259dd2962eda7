"""Turning raw answers into typed responses, with the checks the client owes its callers."""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic
from PIL import Image

from .errors import ApiError, ResponseFormatError, ValidationError
from .images import decode_image
from .keypoints import normalise_keypoints
from .requests import ApiRequest, ImageSize
from .responses import FramesResponse, ImageResponse, SkeletonResponse

M = TypeVar("M", bound=pydantic.BaseModel)


def describe(exc: pydantic.ValidationError, limit: int = 3) -> str:
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    more = exc.error_count() - limit
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def parse_model(model: type[M], body: Any, endpoint: str, status: int | None = None) -> M:
    """Validate ``body`` as ``model`` or raise ``ResponseFormatError`` naming the bad field."""
    try:
        return model.model_validate(body)
    except pydantic.ValidationError as exc:
        raise ResponseFormatError(
            f"unexpected {model.__name__} response: {describe(exc)}",
            status=status, detail=exc.errors(include_input=False), endpoint=endpoint,
        ) from None
    except ApiError:
        raise


def build_request(model: type[M], fields: dict[str, Any], endpoint: str) -> M:
    """Validate keyword arguments locally; a bad value raises ``ValidationError`` before sending."""
    try:
        return model.model_validate(fields)
    except pydantic.ValidationError as exc:
        pairs = [(".".join(str(p) for p in e.get("loc", ())), str(e.get("msg")))
                 for e in exc.errors()]
        raise ValidationError(
            f"invalid {model.__name__}: {describe(exc)}", field_errors=pairs,
            detail=exc.errors(include_input=False, include_url=False), endpoint=endpoint,
        ) from None


def requested_size(request: ApiRequest) -> tuple[int, int] | None:
    size = getattr(request, "image_size", None)
    return size.as_tuple() if isinstance(size, ImageSize) else None


def check_sizes(result: Any, request: ApiRequest, endpoint: str) -> None:
    """Reject images whose size differs from the request's ``image_size``."""
    expected = requested_size(request)
    if expected is None:
        return
    images: list[Image.Image] = []
    if isinstance(result, ImageResponse):
        images = [result.image]
    elif isinstance(result, FramesResponse):
        images = list(result.images)
    for index, image in enumerate(images):
        if image.size != expected:
            raise ResponseFormatError(
                f"image {index} is {image.size[0]}x{image.size[1]}, "
                f"expected {expected[0]}x{expected[1]}", endpoint=endpoint,
            )


def normalise_skeleton(result: SkeletonResponse, request: Any) -> SkeletonResponse:
    """Convert pixel keypoints to 0..1 using the size of the image that was sent."""
    image = getattr(request, "image", None)
    if image is None:
        return result
    width, height = decode_image(image.model_dump()).size
    points = normalise_keypoints(result.keypoints, width, height)
    return result.model_copy(update={"keypoints": points})
