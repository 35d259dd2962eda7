"""The API's enumerations, as ``Literal`` types (for pydantic) plus tuples (for widgets)."""

from __future__ import annotations

from typing import Literal, get_args

View = Literal["side", "low top-down", "high top-down"]
CameraView = Literal["side", "low top-down", "high top-down", "perspective"]
TilesetView = Literal["low top-down", "high top-down"]
Direction = Literal[
    "south", "south-east", "east", "north-east", "north", "north-west", "west", "south-west"
]
Outline = Literal[
    "single color black outline", "single color outline", "selective outline", "lineless"
]
Shading = Literal[
    "flat shading", "basic shading", "medium shading", "detailed shading",
    "highly detailed shading",
]
Detail = Literal["low detail", "medium detail", "highly detailed"]
# Character endpoints were seen documented with "high detail" instead of "highly detailed".
CharacterDetail = Literal["low detail", "medium detail", "highly detailed", "high detail"]
IsometricTileShape = Literal["thick tile", "thin tile", "block"]
TemplateId = Literal["mannequin", "bear", "cat", "dog", "horse", "lion"]
ProportionPreset = Literal[
    "default", "chibi", "cartoon", "stylized", "realistic_male", "realistic_female", "heroic"
]
CornerValue = Literal["lower", "upper", "transition"]

VIEWS: tuple[str, ...] = get_args(View)
CAMERA_VIEWS: tuple[str, ...] = get_args(CameraView)
TILESET_VIEWS: tuple[str, ...] = get_args(TilesetView)
DIRECTIONS_8: tuple[str, ...] = get_args(Direction)
DIRECTIONS_4: tuple[str, ...] = ("south", "west", "east", "north")
OUTLINES: tuple[str, ...] = get_args(Outline)
SHADINGS: tuple[str, ...] = get_args(Shading)
DETAILS: tuple[str, ...] = get_args(Detail)
ISOMETRIC_TILE_SHAPES: tuple[str, ...] = get_args(IsometricTileShape)
TEMPLATE_IDS: tuple[str, ...] = get_args(TemplateId)
PROPORTION_PRESETS: tuple[str, ...] = get_args(ProportionPreset)
TILE_SIZES: tuple[int, ...] = (16, 32)
TRANSITION_SIZES: tuple[float, ...] = (0.0, 0.25, 0.5)

TEMPLATE_ANIMATION_IDS: tuple[str, ...] = (
    "backflip", "breathing-idle", "cross-punch", "crouched-walking", "crouching", "drinking",
    "falling-back-death", "fight-stance-idle-8-frames", "fireball", "flying-kick", "front-flip",
    "getting-up", "high-kick", "hurricane-kick", "jumping-1", "jumping-2", "lead-jab",
    "leg-sweep", "picking-up", "pull-heavy-object", "pushing", "roundhouse-kick",
    "running-4-frames", "running-6-frames", "running-8-frames", "running-jump", "running-slide",
    "sad-walk", "scary-walk", "surprise-uppercut", "taking-punch", "throw-object",
    "two-footed-jump", "walk", "walk-1", "walk-2", "walking", "walking-10", "walking-2",
    "walking-3", "walking-4", "walking-4-frames", "walking-5", "walking-6", "walking-6-frames",
    "walking-7", "walking-8", "walking-8-frames", "walking-9",
)
TemplateAnimationId = Literal[TEMPLATE_ANIMATION_IDS]  # type: ignore[valid-type]
