"""The newer routes' image wrappers, which are not interchangeable (the service's models reject
extra fields, so each must be sent in its own shape):

- ``SizedImage``   ``{"image": B64, "size": {"width", "height"}}``  (B64+size)
- ``FramedImage``  ``{"image": B64, "width", "height"}``           (B64+wh)
- ``ReferenceImage`` a SizedImage with an optional ``usage_description`` (generate-image-v2)

Each also accepts a bare image object (PIL, uint8 array or Base64Image) and fills the size in
from the PNG header, so callers never work sizes out by hand; JSON must already be the wrapper.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .images import Base64Image, png_size
from .sizes import ImageSize


def image_dimensions(image: Base64Image) -> tuple[int, int] | None:
    """``(width, height)`` of a PNG Base64Image, or None when the header cannot be read."""
    return png_size(image.base64)


def _wrap(value: Any, *, flat: bool) -> Any:
    """Turn a bare image into the wrapper's dict, reading its size from the PNG header."""
    if isinstance(value, BaseModel) and not isinstance(value, Base64Image):
        return value
    if isinstance(value, str) or (isinstance(value, dict) and "image" not in value):
        return value  # JSON as sent over the wire must already be the wrapper (the API's rule)
    extra: dict[str, Any] = {}
    if isinstance(value, dict) and "image" in value:
        if ("width" in value) if flat else ("size" in value):
            return value
        extra = {k: v for k, v in value.items() if k != "image"}
        value = value["image"]
    image = Base64Image.model_validate(value)
    size = image_dimensions(image)
    if size is None:
        raise ValueError("the image's size could not be read: send a PNG, or give its size")
    if flat:
        return {**extra, "image": image, "width": size[0], "height": size[1]}
    return {**extra, "image": image, "size": {"width": size[0], "height": size[1]}}


class _Wrapper(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image: Base64Image

    @property
    def dimensions(self) -> tuple[int, int]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _check_header(self) -> None:
        actual = image_dimensions(self.image)
        if actual is not None and actual != self.dimensions:
            raise ValueError(f"the image is {actual[0]}x{actual[1]} but its size says "
                             f"{self.dimensions[0]}x{self.dimensions[1]}")


class SizedImage(_Wrapper):
    """B64+size: ``{"image": B64, "size": {"width", "height"}}``."""

    size: ImageSize

    @model_validator(mode="before")
    @classmethod
    def _accept_bare(cls, value: Any) -> Any:
        return _wrap(value, flat=False)

    @model_validator(mode="after")
    def _size_matches(self) -> SizedImage:
        self._check_header()
        return self

    @property
    def dimensions(self) -> tuple[int, int]:
        return self.size.as_tuple()


class ReferenceImage(SizedImage):
    """A generate-image-v2 reference: B64+size plus what it is for (at most 500 characters)."""

    usage_description: str | None = Field(default=None, max_length=500)


class FramedImage(_Wrapper):
    """B64+wh: ``{"image": B64, "width", "height"}``."""

    width: int = Field(ge=1)
    height: int = Field(ge=1)

    @model_validator(mode="before")
    @classmethod
    def _accept_bare(cls, value: Any) -> Any:
        return _wrap(value, flat=True)

    @model_validator(mode="after")
    def _size_matches(self) -> FramedImage:
        self._check_header()
        return self

    @property
    def dimensions(self) -> tuple[int, int]:
        return (self.width, self.height)


def dimensions_of(value: Any) -> tuple[int, int] | None:
    """Size of any request image: a wrapper's declared size, or a Base64Image's PNG header."""
    if isinstance(value, SizedImage | FramedImage):
        return value.dimensions
    if isinstance(value, Base64Image):
        return image_dimensions(value)
    return None
