"""Qt-free async client for the PixelLab v2 API, with its request/response models and errors."""

from __future__ import annotations

from . import enums, errors, models
from .client import DEFAULT_BASE_URL, PixelLabClient
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
