"""All request and response models in one namespace (``from studio.api import models``)."""

from __future__ import annotations

from .images import Base64Image, PILImage, decode_image, encode_image
from .keypoints import SKELETON_LABELS, Keypoint, normalise_keypoints
from .requests import (
    ENDPOINTS,
    AnimateCharacterRequest,
    AnimateWithSkeletonRequest,
    AnimateWithTextRequest,
    ApiRequest,
    BitforgeRequest,
    Character4DirectionsRequest,
    Character8DirectionsRequest,
    CharacterRequest,
    CustomProportions,
    EstimateSkeletonRequest,
    InpaintRequest,
    IsometricTileRequest,
    PixfluxRequest,
    PresetProportions,
    Proportions,
    RotateRequest,
    TilesetRequest,
)
from .requests_edit import ImageToPixelartRequest, RemoveBackgroundRequest, ResizeRequest
from .requests_v3 import (
    AnimateWithTextV3Request,
    BoundingBox,
    EditAnimationV2Request,
    EditImageRequest,
    Generate8RotationsV3Request,
    GenerateImageV2Request,
    GenerateWithStyleV2Request,
    InpaintV3Request,
    InterpolationV2Request,
    PixenRequest,
    StyleOptions,
)
from .responses import (
    AnimationDirection,
    BackgroundJob,
    Balance,
    Character,
    CharacterAnimation,
    CharacterList,
    FramesResponse,
    ImageResponse,
    JobSubmission,
    SkeletonResponse,
)
from .results import ImagesResponse
from .sizes import ImageSize, TileSize
from .tiles import Corners, IsometricTile, Tile, Tileset
from .usage import ApiResponse, Usage
from .wrappers import FramedImage, ReferenceImage, SizedImage

__all__ = [
    "ENDPOINTS", "SKELETON_LABELS", "AnimateCharacterRequest", "AnimateWithSkeletonRequest",
    "AnimateWithTextRequest", "AnimationDirection", "ApiRequest", "ApiResponse",
    "BackgroundJob", "Balance", "Base64Image", "BitforgeRequest", "Character",
    "Character4DirectionsRequest", "Character8DirectionsRequest", "CharacterAnimation",
    "CharacterList", "CharacterRequest", "Corners", "CustomProportions",
    "EstimateSkeletonRequest", "FramesResponse", "ImageResponse", "ImageSize", "InpaintRequest",
    "IsometricTile", "IsometricTileRequest", "JobSubmission", "Keypoint", "PILImage",
    "PixfluxRequest", "PresetProportions", "Proportions", "RotateRequest", "SkeletonResponse",
    "Tile", "TileSize", "Tileset", "TilesetRequest", "Usage", "decode_image", "encode_image",
    "normalise_keypoints",
    # newer routes
    "AnimateWithTextV3Request", "BoundingBox", "EditAnimationV2Request", "EditImageRequest",
    "FramedImage", "Generate8RotationsV3Request", "GenerateImageV2Request",
    "GenerateWithStyleV2Request", "ImagesResponse", "InpaintV3Request", "InterpolationV2Request",
    "PixenRequest", "ReferenceImage", "SizedImage", "StyleOptions",
    # image utilities
    "ImageToPixelartRequest", "RemoveBackgroundRequest", "ResizeRequest",
]
