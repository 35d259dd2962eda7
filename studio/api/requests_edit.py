"""Request models of the image utilities: remove-background, resize and image-to-pixelart.

All three answer synchronously with ``{image, usage}``. The studio offers them beside its own
free clean-up tools (``studio.core.cleanup``); the offline engine serves them with those tools.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .enums import CameraView, Direction
from .images import Base64Image
from .requests import ENDPOINTS, ApiRequest, Seed, field_error
from .sizes import ImageSize, _sized
from .wrappers import dimensions_of

BackgroundRemovalTask = Literal["remove_simple_background", "remove_complex_background"]
RemoveBackgroundSize = _sized("RemoveBackgroundSize", 1, 400)
ResizeSize = _sized("ResizeSize", 16, 200)
PixelartInputSize = _sized("PixelartInputSize", 16, 1280)
PixelartOutputSize = _sized("PixelartOutputSize", 16, 320)
PIXELART_SIZE_SLACK = 1
"""image-to-pixelart may answer 1 px off the asked output size (the SDK's own test accepts it)."""


def _image_matches(model: ApiRequest, name: str, size: ImageSize) -> None:
    found = dimensions_of(getattr(model, name))
    if found is not None and found != size.as_tuple():
        raise field_error(model, (name,), f"{name} is {found[0]}x{found[1]} but its size says "
                                          f"{size.width}x{size.height}")


class RemoveBackgroundRequest(ApiRequest):
    image: Base64Image
    image_size: RemoveBackgroundSize
    background_removal_task: BackgroundRemovalTask | None = None
    text: Annotated[str, Field(max_length=500)] | None = None
    seed: Seed | None = None

    @model_validator(mode="after")
    def _image_is_image_size(self) -> RemoveBackgroundRequest:
        _image_matches(self, "image", self.image_size)
        return self


class ResizeRequest(ApiRequest):
    """Redraw a sprite at another size; each call may at most double or halve each side."""

    description: Annotated[str, Field(min_length=1, max_length=2000)]
    reference_image: Base64Image
    reference_image_size: ResizeSize
    target_size: ResizeSize
    view: CameraView | None = None
    direction: Direction | None = None
    isometric: bool = False
    oblique_projection: bool = False
    no_background: bool = False
    color_image: Base64Image | None = None
    init_image: Base64Image | None = None
    init_image_strength: Annotated[int, Field(ge=0, le=999)] = 150
    seed: Seed | None = None

    @model_validator(mode="after")
    def _one_step(self) -> ResizeRequest:
        _image_matches(self, "reference_image", self.reference_image_size)
        for axis in ("width", "height"):
            source = getattr(self.reference_image_size, axis)
            target = getattr(self.target_size, axis)
            if not source / 2 <= target <= source * 2:
                raise field_error(self, ("target_size",), (
                    f"target {axis} {target} is more than one step from {source}: one call can "
                    "at most double or halve a side; resize in several steps"))
        return self


class ImageToPixelartRequest(ApiRequest):
    """Turn a picture into pixel art; the docs advise an output about 1/4 of the input."""

    image: Base64Image
    image_size: PixelartInputSize
    output_size: PixelartOutputSize
    text_guidance_scale: Annotated[float, Field(ge=1.0, le=20.0)] = 8.0
    seed: Seed | None = None

    @model_validator(mode="after")
    def _image_is_image_size(self) -> ImageToPixelartRequest:
        _image_matches(self, "image", self.image_size)
        return self


ENDPOINTS_EDIT: dict[str, tuple[str, type[ApiRequest]]] = {
    "remove_background": ("/remove-background", RemoveBackgroundRequest),
    "resize": ("/resize", ResizeRequest),
    "image_to_pixelart": ("/image-to-pixelart", ImageToPixelartRequest),
}
"""The image utilities (synchronous: the answer carries the image)."""

ENDPOINTS.update(ENDPOINTS_EDIT)  # one registry: client.send and the job queue find them there


def expected_output_size(request: ApiRequest) -> tuple[tuple[int, int], int] | None:
    """The size an image utility must answer with, and the slack in pixels it may be off."""
    if isinstance(request, RemoveBackgroundRequest):
        return request.image_size.as_tuple(), 0
    if isinstance(request, ResizeRequest):
        return request.target_size.as_tuple(), 0
    if isinstance(request, ImageToPixelartRequest):
        return request.output_size.as_tuple(), PIXELART_SIZE_SLACK
    return None
