"""Request models of the endpoints that create things the service keeps: characters (4 and
8 directions, animations), tilesets and isometric tiles."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

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
)
from .requests_base import B64, ApiRequest, GuidanceScale, InitStrength, Seed, field_error
from .sizes import CharacterSize, IsometricSize, TileSize


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
