"""Qt-free async client for the PixelLab v2 API, with its request/response models and errors.

The client (and httpx under it) loads on first use of ``PixelLabClient`` or ``DEFAULT_BASE_URL``:
the studio imports request models and errors while starting, and the client only once its window
is shown, which keeps httpx's import out of the start-up time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import enums, errors, models
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    ImageDecodeError,
    InsufficientCreditsError,
    JobFailedError,
    NotFoundError,
    NotReadyError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    ValidationError,
)
from .images import Base64Image, decode_image, encode_image, safe_open_png
from .keypoints import SKELETON_LABELS, Keypoint, normalise_keypoints
from .models import *  # noqa: F403
from .requests import ENDPOINTS
from .requests_v3 import ENDPOINTS_V3

if TYPE_CHECKING:
    from .client import DEFAULT_BASE_URL, PixelLabClient

__all__ = [
    "DEFAULT_BASE_URL", "ENDPOINTS", "ENDPOINTS_V3", "SKELETON_LABELS", "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError", "AuthenticationError", "Base64Image", "ImageDecodeError",
    "InsufficientCreditsError", "JobFailedError", "Keypoint", "NotFoundError", "NotReadyError",
    "OutcomeUnknownError", "PermissionDeniedError", "PixelLabClient", "RateLimitError",
    "ResponseFormatError", "ServerError", "ValidationError", "decode_image", "encode_image",
    "enums", "errors", "models", "normalise_keypoints", "safe_open_png",
    *models.__all__,
]


_LAZY_FROM_CLIENT = ("DEFAULT_BASE_URL", "PixelLabClient")


def __getattr__(name: str):
    if name in _LAZY_FROM_CLIENT:
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
