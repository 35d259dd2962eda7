"""One pydantic request model per endpoint, fields named exactly like the API's.

The models validate the API's ranges and enums so a bad value fails before anything is sent
(pydantic errors name the field, and FastAPI turns them into the usual 422 list). Image fields
take ``Base64Image`` dicts, PIL images or uint8 arrays; ``image_size`` takes ``(w, h)`` tuples.
``to_api_json()`` gives the JSON body (``None`` fields left out so the service's defaults apply).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core import ValidationError as CoreValidationError

from .enums import (
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
from .images import Base64Image, png_size
from .keypoints import Keypoint, coerce_frame
from .sizes import (
    CharacterSize,
    ImageSize,
    IsometricSize,
    PixfluxSize,
    Size200,
    SkeletonSize,
    TextAnimationSize,
    TileSize,
)


def field_error(model: BaseModel, loc: tuple[str | int, ...], message: str) -> CoreValidationError:
    """A validation error located at ``loc`` (not at the model as a whole).

    A model validator's plain ``ValueError`` has an empty ``loc``; this names the field, so the
    client's ``ValidationError.fields``, the UI's field marks and the offline engine's 422
    ``loc`` (``["body", field, ...]``) all point at it.
    """
    value: Any = model
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, part, None)
    return CoreValidationError.from_exception_data(type(model).__name__, [InitErrorDetails(
        type=PydanticCustomError("value_error", "Value error, {reason}", {"reason": message}),
        loc=loc, input=value.model_dump() if isinstance(value, BaseModel) else value,
    )])


class ApiRequest(BaseModel):
    """Base of every request body. Unknown fields are rejected (they are usually typos).

    Images named in ``SIZED_IMAGES`` must be exactly ``image_size`` (the service answers 422,
    or even 500, otherwise); ``color_image`` is only a palette and may be any size.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    SIZED_IMAGES: ClassVar[tuple[str, ...]] = (
        "init_image", "inpainting_image", "mask_image", "style_image", "from_image",
        "reference_image", "init_images", "inpainting_images", "mask_images",
    )

    @model_validator(mode="after")
    def _images_match_image_size(self) -> ApiRequest:
        size = getattr(self, "image_size", None)
        if not isinstance(size, ImageSize):
            return self
        for name in self.SIZED_IMAGES:
            value = getattr(self, name, None)
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                actual = png_size(item.base64) if isinstance(item, Base64Image) else None
                if actual is not None and actual != size.as_tuple():
                    where = f"{name}[{index}]" if isinstance(value, list) else name
                    loc = (name, index) if isinstance(value, list) else (name,)
                    raise field_error(self, loc, (
                        f"{where} is {actual[0]}x{actual[1]} but image_size is "
                        f"{size.width}x{size.height}"
                    ))
        return self

    def to_api_json(self) -> dict[str, Any]:
        """The JSON body to POST."""
        return self.model_dump(mode="json", exclude_none=True)


B64 = Base64Image
Frames = list[Annotated[list[Keypoint], BeforeValidator(coerce_frame)]]
GuidanceScale = Annotated[float, Field(ge=1.0, le=20.0)]
InitStrength = Annotated[int, Field(ge=1, le=999)]
Seed = Annotated[int, Field(ge=0, le=2**32 - 1)]


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


class PresetProportions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["preset"] = "preset"
    name: ProportionPreset = "default"


Ratio = Annotated[float, Field(ge=0.5, le=2.0)]


class CustomProportions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["custom"] = "custom"
    head_size: Ratio = 1.0
    arm_length: Ratio = 1.0
    leg_length: Ratio = 1.0
    shoulder_width: Ratio = 1.0
    hip_width: Ratio = 1.0


def _preset_name(value: Any) -> Any:
    return {"type": "preset", "name": value} if isinstance(value, str) else value


Proportions = Annotated[
    Annotated[PresetProportions | CustomProportions, Field(discriminator="type")],
    BeforeValidator(_preset_name),
]
"""Body proportions: a preset (a bare preset name is accepted) or custom ratios 0.5..2.0."""


class CharacterRequest(ApiRequest):
    """Body of /create-character-with-4-directions and /create-character-with-8-directions."""

    description: str = Field(min_length=1, max_length=2000)
    image_size: CharacterSize
    async_mode: bool | None = None
    text_guidance_scale: GuidanceScale | None = None
    outline: Outline | None = None
    shading: Shading | None = None
    detail: CharacterDetail | None = None
    view: CameraView | None = None
    isometric: bool | None = None
    color_image: B64 | None = None
    force_colors: bool | None = None
    proportions: Proportions | None = None
    template_id: TemplateId | None = None
    seed: Seed | None = None
    output_type: str | None = None


class Character4DirectionsRequest(CharacterRequest):
    """CharacterRequest bound to /create-character-with-4-directions (for ``client.send``)."""


class Character8DirectionsRequest(CharacterRequest):
    """CharacterRequest bound to /create-character-with-8-directions (for ``client.send``)."""


class AnimateCharacterRequest(ApiRequest):
    """Body of /characters/animations (and its twin /animate-character)."""

    character_id: str = Field(min_length=1)
    animation_name: str | None = None
    description: str | None = Field(default=None, max_length=2000)
    action_description: str | None = Field(default=None, max_length=2000)
    async_mode: bool | None = None
    template_animation_id: TemplateAnimationId
    text_guidance_scale: GuidanceScale | None = None
    outline: Outline | None = None
    shading: Shading | None = None
    detail: CharacterDetail | None = None
    directions: list[Direction] | None = Field(default=None, min_length=1, max_length=8)
    isometric: bool | None = None
    color_image: B64 | None = None
    force_colors: bool | None = None
    seed: Seed | None = None

    @model_validator(mode="after")
    def _unique_directions(self) -> AnimateCharacterRequest:
        if self.directions and len(set(self.directions)) != len(self.directions):
            raise field_error(self, ("directions",), "directions must not repeat")
        return self


def _transition(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 0.25, 0.5):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number in (0, 0.25, 0.5):
            return number
    raise ValueError("transition_size must be 0.0, 0.25 or 0.5")


class TilesetRequest(ApiRequest):
    """Body of POST /tilesets (and its twin /create-tileset)."""

    lower_description: str = Field(min_length=1, max_length=2000)
    upper_description: str = Field(min_length=1, max_length=2000)
    transition_description: str = ""
    lower_base_tile_id: str | None = None
    upper_base_tile_id: str | None = None
    tile_size: TileSize = Field(default_factory=TileSize)
    text_guidance_scale: GuidanceScale = 8.0
    outline: Outline | None = None
    shading: Shading | None = None
    detail: Detail | None = None
    view: TilesetView | None = None
    tile_strength: Annotated[float, Field(ge=0.1, le=2.0)] = 1.0
    tileset_adherence_freedom: Annotated[float, Field(ge=0.0, le=900.0)] = 500.0
    tileset_adherence: Annotated[float, Field(ge=0.0, le=500.0)] = 100.0
    transition_size: Annotated[float, BeforeValidator(_transition)] = 0.0
    lower_reference_image: B64 | None = None
    upper_reference_image: B64 | None = None
    transition_reference_image: B64 | None = None
    color_image: B64 | None = None
    seed: Seed | None = None


class IsometricTileRequest(ApiRequest):
    description: str = Field(min_length=1, max_length=2000)
    image_size: IsometricSize
    text_guidance_scale: GuidanceScale = 8.0
    outline: Outline | None = None
    shading: Shading | None = None
    detail: Detail | None = None
    init_image: B64 | None = None
    init_image_strength: InitStrength = 300
    isometric_tile_size: Annotated[int, Field(ge=8, le=64)] | None = None
    isometric_tile_shape: IsometricTileShape = "block"
    color_image: B64 | None = None
    seed: Seed | None = None


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
