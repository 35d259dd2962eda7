"""The base of every request model: ``ApiRequest`` (unknown fields rejected, sized images
checked against ``image_size``), field-located validation errors and the shared field types."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core import ValidationError as CoreValidationError

from .images import Base64Image, png_size
from .keypoints import Keypoint, coerce_frame
from .sizes import ImageSize


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
