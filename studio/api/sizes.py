"""Image sizes: ``{"width", "height"}`` models, with the per-endpoint ranges of the API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


def _size_from_tuple(value: Any) -> Any:
    if isinstance(value, tuple | list) and len(value) == 2:
        return {"width": value[0], "height": value[1]}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"width": value, "height": value}
    return value


class ImageSize(BaseModel):
    """``{"width", "height"}`` in pixels; also built from a ``(width, height)`` tuple."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    width: int = Field(ge=1)
    height: int = Field(ge=1)

    @model_validator(mode="before")
    @classmethod
    def _accept_tuple(cls, value: Any) -> Any:
        return _size_from_tuple(value)

    def as_tuple(self) -> tuple[int, int]:
        return (self.width, self.height)


def _sized(name: str, low: int, high: int) -> type[ImageSize]:
    """An ImageSize subclass whose width and height must lie in ``low..high``."""
    fields = {
        "width": Annotated[int, Field(ge=low, le=high)],
        "height": Annotated[int, Field(ge=low, le=high)],
    }
    namespace = {"__annotations__": fields, "__doc__": f"Image size, {low}..{high} pixels."}
    return type(name, (ImageSize,), namespace)


PixfluxSize = _sized("PixfluxSize", 16, 400)
Size200 = _sized("Size200", 16, 200)
SkeletonSize = _sized("SkeletonSize", 16, 256)
TextAnimationSize = _sized("TextAnimationSize", 64, 64)
CharacterSize = _sized("CharacterSize", 32, 400)
IsometricSize = _sized("IsometricSize", 16, 64)


class TileSize(ImageSize):
    """Tileset tile size: 16 or 32 each way."""

    width: Literal[16, 32] = 16
    height: Literal[16, 32] = 16
