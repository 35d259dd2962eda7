"""One pydantic request model per endpoint, fields named exactly like the API's.

The models validate the API's ranges and enums so a bad value fails before anything is sent
(pydantic errors name the field, and FastAPI turns them into the usual 422 list). Image fields
take ``Base64Image`` dicts, PIL images or uint8 arrays; ``image_size`` takes ``(w, h)`` tuples.
``to_api_json()`` gives the JSON body (``None`` fields left out so the service's defaults apply).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from .enums import (  # noqa: F401  (names other modules import from here)
    CameraView,
    CharacterDetail,
    Detail,
    Direction,
    IsometricTileShape,
    Outline,
    ProportionPreset,
    Shading,
    TemplateAnimationId,
    TemplateId,
    TilesetView,
    View,
)
from .images import Base64Image, png_size  # noqa: F401
from .keypoints import Keypoint, coerce_frame  # noqa: F401
from .requests_assets import (  # noqa: F401  (every request model is importable from here)
    AnimateCharacterRequest,
    Character4DirectionsRequest,
    Character8DirectionsRequest,
    CharacterRequest,
    CustomProportions,
    IsometricTileRequest,
    PresetProportions,
    Proportions,
    TilesetRequest,
)
from .requests_base import (  # noqa: F401  (the base and field types, as before)
    B64,
    ApiRequest,
    Frames,
    GuidanceScale,
    InitStrength,
    Seed,
    field_error,
)
from .sizes import (  # noqa: F401
    CharacterSize,
    ImageSize,
    IsometricSize,
    PixfluxSize,
    Size200,
    SkeletonSize,
    TextAnimationSize,
    TileSize,
)


class PixfluxRequest(ApiRequest):
    description: str = Field(min_length=1, max_length=2000)
    negative_description: str = ""
    image_size: PixfluxSize
    text_guidance_scale: GuidanceScale = 8.0
    outline: Outline | None = None
    shading: Shading | None = None
    detail: Detail | None = None
    view: View | None = None
    direction: Direction | None = None
    isometric: bool = False
    no_background: bool = False
    coverage_percentage: Annotated[float, Field(ge=0, le=100)] | None = None
    init_image: B64 | None = None
    init_image_strength: InitStrength = 300
    color_image: B64 | None = None
    seed: Seed | None = None


class BitforgeRequest(ApiRequest):
    description: str = Field(min_length=1, max_length=2000)
    negative_description: str = ""
    image_size: Size200
    text_guidance_scale: GuidanceScale = 8.0
    extra_guidance_scale: Annotated[float, Field(ge=0.0, le=20.0)] = 3.0
    style_strength: Annotated[float, Field(ge=0.0, le=100.0)] = 0.0
    outline: Outline | None = None
    shading: Shading | None = None
    detail: Detail | None = None
    view: View | None = None
    direction: Direction | None = None
    isometric: bool = False
    oblique_projection: bool = False
    no_background: bool = False
    coverage_percentage: Annotated[float, Field(ge=0, le=100)] | None = None
    init_image: B64 | None = None
    init_image_strength: InitStrength = 300
    style_image: B64 | None = None
    inpainting_image: B64 | None = None
    mask_image: B64 | None = None
    color_image: B64 | None = None
    skeleton_guidance_scale: Annotated[float, Field(ge=0.0, le=5.0)] = 1.0
    skeleton_keypoints: Annotated[list[Keypoint], BeforeValidator(coerce_frame)] | None = None
    seed: Seed | None = None


class InpaintRequest(ApiRequest):
    description: str = Field(min_length=1, max_length=2000)
    negative_description: str = ""
    image_size: Size200
    text_guidance_scale: Annotated[float, Field(ge=1.0, le=10.0)] = 3.0
    extra_guidance_scale: Annotated[float, Field(ge=0.0, le=20.0)] = 3.0
    outline: Outline | None = None
    shading: Shading | None = None
    detail: Detail | None = None
    view: View | None = None
    direction: Direction | None = None
    isometric: bool = False
    oblique_projection: bool = False
    no_background: bool = False
    init_image: B64 | None = None
    init_image_strength: InitStrength = 300
    inpainting_image: B64
    mask_image: B64
    color_image: B64 | None = None
    seed: Seed | None = None


class RotateRequest(ApiRequest):
    image_size: Size200
    image_guidance_scale: GuidanceScale = 3.0
    view_change: Annotated[int, Field(ge=-180, le=180)] | None = None
    direction_change: Annotated[int, Field(ge=-360, le=360)] | None = None
    from_view: View | None = None
    to_view: View | None = None
    from_direction: Direction | None = None
    to_direction: Direction | None = None
    isometric: bool = False
    oblique_projection: bool = False
    init_image: B64 | None = None
    init_image_strength: InitStrength = 300
    mask_image: B64 | None = None
    from_image: B64
    color_image: B64 | None = None
    seed: Seed | None = None

    @model_validator(mode="after")
    def _mask_needs_init(self) -> RotateRequest:
        if self.mask_image is not None and self.init_image is None:
            raise field_error(self, ("mask_image",), "mask_image requires init_image")
        return self


def _check_frame_lists(model: BaseModel, frames: int | None, names: tuple[str, ...]) -> None:
    if frames is None:
        return
    for name in names:
        items = getattr(model, name)
        if items is not None and len(items) != frames:
            raise field_error(model, (name,),
                              f"{name} has {len(items)} entries, expected one per frame ({frames})")


class AnimateWithSkeletonRequest(ApiRequest):
    image_size: SkeletonSize
    guidance_scale: GuidanceScale = 4.0
    view: View | None = None
    direction: Direction | None = None
    isometric: bool = False
    oblique_projection: bool = False
    init_images: list[B64 | None] | None = None
    init_image_strength: InitStrength = 300
    skeleton_keypoints: Frames | None = None
    reference_image: B64
    inpainting_images: list[B64 | None] | None = None
    mask_images: list[B64 | None] | None = None
    color_image: B64 | None = None
    seed: Seed | None = None
    # v1 only (the official SDK still sends them); v2 uses guidance_scale.
    reference_guidance_scale: Annotated[float, Field(ge=0.0, le=20.0)] | None = None
    pose_guidance_scale: Annotated[float, Field(ge=0.0, le=20.0)] | None = None

    @model_validator(mode="after")
    def _one_entry_per_frame(self) -> AnimateWithSkeletonRequest:
        frames = len(self.skeleton_keypoints) if self.skeleton_keypoints else None
        _check_frame_lists(self, frames, ("init_images", "inpainting_images", "mask_images"))
        return self


class AnimateWithTextRequest(ApiRequest):
    image_size: TextAnimationSize
    description: str = Field(min_length=1, max_length=2000)
    negative_description: str | None = None
    action: str = Field(min_length=1, max_length=2000)
    text_guidance_scale: GuidanceScale | None = None
    image_guidance_scale: GuidanceScale | None = None
    n_frames: Annotated[int, Field(ge=1, le=64)] | None = None
    start_frame_index: Annotated[int, Field(ge=0, le=63)] | None = None
    view: View | None = None
    direction: Direction | None = None
    init_images: list[B64 | None] | None = None
    init_image_strength: InitStrength = 300
    reference_image: B64
    inpainting_images: list[B64 | None] | None = None
    mask_images: list[B64 | None] | None = None
    color_image: B64 | None = None
    seed: Seed | None = None

    @model_validator(mode="after")
    def _start_inside_animation(self) -> AnimateWithTextRequest:
        if (
            self.n_frames is not None
            and self.start_frame_index is not None
            and self.start_frame_index >= self.n_frames
        ):
            raise field_error(self, ("start_frame_index",),
                              "start_frame_index must be smaller than n_frames")
        return self


class EstimateSkeletonRequest(ApiRequest):
    image: B64


ENDPOINTS: dict[str, tuple[str, type[ApiRequest]]] = {
    "create_image_pixflux": ("/create-image-pixflux", PixfluxRequest),
    "create_image_bitforge": ("/create-image-bitforge", BitforgeRequest),
    "inpaint": ("/inpaint", InpaintRequest),
    "rotate": ("/rotate", RotateRequest),
    "animate_with_skeleton": ("/animate-with-skeleton", AnimateWithSkeletonRequest),
    "animate_with_text": ("/animate-with-text", AnimateWithTextRequest),
    "estimate_skeleton": ("/estimate-skeleton", EstimateSkeletonRequest),
    "create_character_with_4_directions": (
        "/create-character-with-4-directions", Character4DirectionsRequest,
    ),
    "create_character_with_8_directions": (
        "/create-character-with-8-directions", Character8DirectionsRequest,
    ),
    "animate_character": ("/characters/animations", AnimateCharacterRequest),
    "animate_character_legacy": ("/animate-character", AnimateCharacterRequest),
    "create_tileset": ("/tilesets", TilesetRequest),
    "create_tileset_legacy": ("/create-tileset", TilesetRequest),
    "create_isometric_tile": ("/create-isometric-tile", IsometricTileRequest),
}
"""Endpoint name -> (path under the base URL, request model) for every POST."""

SYNC_ENDPOINTS: frozenset[str] = frozenset(
    {"create_image_pixflux", "create_image_bitforge", "inpaint", "rotate",
     "animate_with_skeleton", "animate_with_text", "estimate_skeleton"}
)
