"""Request models of the newer routes (v3 animation and rotations, Pro generation and editing,
pixen). Fields are named exactly like the API's; unknown fields are rejected and fields the
service may not know yet (the August additions) default to ``None`` so they are only sent when
set. Where sources disagree on a range, the model accepts every documented variant.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .enums import CameraView, Detail, Direction, Outline
from .images import Base64Image
from .requests import ENDPOINTS, ApiRequest, Seed, field_error
from .sizes import ImageSize, _sized
from .wrappers import FramedImage, ReferenceImage, SizedImage, dimensions_of

ANIMATION_PIXEL_BUDGET = 524_288
"""animate-with-text-v3: width x height x frame_count may not exceed this."""
KEYFRAME_MAX_SIDE = 256

GENERATE_IMAGE_V2_BUCKETS: tuple[tuple[int, int], ...] = (
    (384, 688), (424, 632), (448, 600), (464, 576), (512, 512),
    (576, 464), (600, 448), (632, 424), (688, 384), (792, 336),
)
"""Largest (width, height) generate-image-v2 accepts per aspect ratio (measured buckets)."""

Text500 = Annotated[str, Field(min_length=1, max_length=500)]
Text2000 = Annotated[str, Field(min_length=1, max_length=2000)]
BackgroundRemovalTask = Literal["remove_simple_background", "remove_complex_background"]

EditImageSize = _sized("EditImageSize", 16, 400)
PixenSize = _sized("PixenSize", 16, 768)
InterpolationSize = _sized("InterpolationSize", 16, 128)
EditAnimationSize = _sized("EditAnimationSize", 16, 256)
StyleSize = _sized("StyleSize", 16, 512)


class GenerateImageV2Size(ImageSize):
    """generate-image-v2: width 16..792, height 16..688, and within its aspect bucket."""

    width: Annotated[int, Field(ge=16, le=792)]
    height: Annotated[int, Field(ge=16, le=688)]


def aspect_bucket(width: int, height: int) -> tuple[int, int]:
    """The measured generate-image-v2 bucket whose aspect ratio is nearest to ``width:height``."""
    ratio = width / height
    return min(GENERATE_IMAGE_V2_BUCKETS, key=lambda b: abs(b[0] / b[1] - ratio))


def _too_big(model: BaseModel, name: str, value: object, limit: int) -> None:
    size = dimensions_of(value)
    if size is not None and max(size) > limit:
        raise field_error(model, (name,), f"{name} is {size[0]}x{size[1]}; at most "
                                          f"{limit}x{limit} is accepted")


class AnimateWithTextV3Request(ApiRequest):
    """Animate one frame (optionally towards a last frame). The output size is the first
    frame's; the service answers with ``frame_count + 1`` images (the first echoes it)."""

    first_frame: Base64Image
    last_frame: Base64Image | None = None
    action: Annotated[str, Field(min_length=1, max_length=1000)]
    frame_count: Annotated[int, Field(ge=4, le=16)] = 8
    seed: Seed | None = None
    no_background: bool | None = None
    enhance_prompt: bool | None = None
    drift_threshold: Annotated[float, Field(ge=0.0)] | None = None

    @model_validator(mode="after")
    def _frames_fit(self) -> AnimateWithTextV3Request:
        if self.frame_count % 2:
            raise field_error(self, ("frame_count",),
                              f"frame_count must be even (4, 6, ... 16), not {self.frame_count}")
        _too_big(self, "first_frame", self.first_frame, KEYFRAME_MAX_SIDE)
        _too_big(self, "last_frame", self.last_frame, KEYFRAME_MAX_SIDE)
        first = dimensions_of(self.first_frame)
        last = dimensions_of(self.last_frame)
        if first and last and first != last:
            raise field_error(self, ("last_frame",), f"last_frame is {last[0]}x{last[1]} but "
                                                     f"first_frame is {first[0]}x{first[1]}")
        if first and first[0] * first[1] * self.frame_count > ANIMATION_PIXEL_BUDGET:
            most = max(4, ANIMATION_PIXEL_BUDGET // (first[0] * first[1]) // 2 * 2)
            raise field_error(self, ("frame_count",), (
                f"{first[0]}x{first[1]} x {self.frame_count} frames is over the service's "
                f"budget of {ANIMATION_PIXEL_BUDGET} pixels; use at most {most} frames "
                "or smaller frames"))
        return self

    @property
    def frame_size(self) -> tuple[int, int] | None:
        return dimensions_of(self.first_frame)


class Generate8RotationsV3Request(ApiRequest):
    """Eight directions of one image in one call (nothing is stored on the service)."""

    first_frame: Base64Image
    no_background: bool | None = None
    seed: Seed | None = None
    description: Annotated[str, Field(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _small_enough(self) -> Generate8RotationsV3Request:
        _too_big(self, "first_frame", self.first_frame, KEYFRAME_MAX_SIDE)
        return self


class BoundingBox(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: int = Field(ge=0)
    y: int = Field(ge=0)
    width: int = Field(ge=1)
    height: int = Field(ge=1)


class InpaintV3Request(ApiRequest):
    """Pro inpaint: white in the mask is generated, black kept; up to 512x512."""

    description: Text2000
    inpainting_image: SizedImage
    mask_image: SizedImage
    context_image: SizedImage | None = None  # deprecated by the service
    bounding_box: BoundingBox | None = None  # deprecated by the service
    seed: Seed | None = None
    no_background: bool = False
    crop_to_mask: bool = True

    @model_validator(mode="after")
    def _sizes(self) -> InpaintV3Request:
        _too_big(self, "inpainting_image", self.inpainting_image, 512)
        _too_big(self, "context_image", self.context_image, 1024)
        if self.mask_image.dimensions != self.inpainting_image.dimensions:
            mw, mh = self.mask_image.dimensions
            iw, ih = self.inpainting_image.dimensions
            raise field_error(self, ("mask_image",),
                              f"mask_image is {mw}x{mh} but inpainting_image is {iw}x{ih}")
        return self


class StyleOptions(BaseModel):
    """What to copy from the style image (each defaults to true on the service)."""

    model_config = ConfigDict(extra="forbid")
    color_palette: bool = True
    outline: bool = True
    detail: bool = True
    shading: bool = True


class GenerateImageV2Request(ApiRequest):
    """Pro generation guided by up to 4 reference images and a style image."""

    description: Text2000
    image_size: GenerateImageV2Size
    reference_images: list[ReferenceImage] | None = Field(default=None, max_length=4)
    style_image: SizedImage | None = None
    style_options: StyleOptions | None = None
    seed: Seed | None = None
    no_background: bool | None = None

    @model_validator(mode="after")
    def _within_bucket(self) -> GenerateImageV2Request:
        width, height = self.image_size.as_tuple()
        bw, bh = aspect_bucket(width, height)
        if width > bw or height > bh:
            raise field_error(self, ("image_size",), (
                f"image_size must be between 16x16 and {bw}x{bh} for this aspect ratio "
                f"({width}x{height} was asked)"))
        if self.style_options is not None and self.style_image is None:
            raise field_error(self, ("style_options",), "style_options needs a style_image")
        return self


class GenerateWithStyleV2Request(ApiRequest):
    """Pro generation in the style of 1-4 images. ``image_size`` was required in May and is
    deprecated since August (the output then takes the largest style image's side)."""

    style_images: list[FramedImage] = Field(min_length=1, max_length=4)
    description: Text2000
    image_size: StyleSize | None = None
    style_description: Annotated[str, Field(max_length=500)] | None = None
    seed: Seed | None = None
    no_background: bool | None = None

    @model_validator(mode="after")
    def _sizes(self) -> GenerateWithStyleV2Request:
        for index, image in enumerate(self.style_images):
            if max(image.dimensions) > 512:
                raise field_error(self, ("style_images", index),
                                  f"style_images[{index}] is larger than 512 pixels")
        if self.image_size is not None and self.image_size.width != self.image_size.height:
            raise field_error(self, ("image_size",), "image_size must be square")
        return self

    @property
    def output_side(self) -> int:
        """Side of the square result: image_size, else the largest style-image dimension."""
        if self.image_size is not None:
            return self.image_size.width
        return max(16, min(512, max(max(i.dimensions) for i in self.style_images)))


class EditImageRequest(ApiRequest):
    """Edit one image by text (asynchronous despite the name); ``width``/``height`` are the
    target canvas, ``image_size`` the input's size."""

    image: Base64Image
    image_size: EditImageSize
    description: Text500
    width: Annotated[int, Field(ge=16, le=400)]
    height: Annotated[int, Field(ge=16, le=400)]
    seed: Seed | None = None
    no_background: bool = True
    text_guidance_scale: Annotated[float, Field(ge=1.0, le=10.0)] = 8.0
    color_image: Base64Image | None = None

    @model_validator(mode="after")
    def _image_is_image_size(self) -> EditImageRequest:
        actual = dimensions_of(self.image)
        if actual is not None and actual != self.image_size.as_tuple():
            raise field_error(self, ("image",), (
                f"image is {actual[0]}x{actual[1]} but image_size is "
                f"{self.image_size.width}x{self.image_size.height}"))
        return self


class PixenRequest(ApiRequest):
    """create-image-pixen (synchronous): area at most 512x512, sides multiples of 4, square
    when either side is under 32."""

    description: Annotated[str, Field(min_length=1)]
    image_size: PixenSize
    outline: Outline | None = None
    detail: Detail | None = None
    view: CameraView | None = None
    direction: Direction | None = None
    no_background: bool = False
    background_removal_task: BackgroundRemovalTask | None = None
    seed: Seed | None = None
    enhance_prompt: bool | None = None

    @model_validator(mode="after")
    def _size_rules(self) -> PixenRequest:
        width, height = self.image_size.as_tuple()
        problem = None
        if width * height > 512 * 512:
            problem = f"{width}x{height} is larger than 512x512 in area"
        elif width % 4 or height % 4:
            problem = f"both sides must be multiples of 4 ({width}x{height} is not)"
        elif min(width, height) < 32 and width != height:
            problem = "images with a side under 32 must be square"
        if problem:
            raise field_error(self, ("image_size",), problem)
        return self


class InterpolationV2Request(ApiRequest):
    """Pro in-betweens from a start to an end image (the service picks 4-8 frames)."""

    start_image: SizedImage
    end_image: SizedImage
    action: Text500
    image_size: InterpolationSize
    seed: Seed | None = None
    no_background: bool | None = None

    @model_validator(mode="after")
    def _sizes(self) -> InterpolationV2Request:
        for name in ("start_image", "end_image"):
            _too_big(self, name, getattr(self, name), 128)
        return self


class EditAnimationV2Request(ApiRequest):
    """Pro edit of 2-16 frames by text."""

    description: Text2000
    frames: list[SizedImage] = Field(min_length=2, max_length=16)
    image_size: EditAnimationSize
    seed: Seed | None = None
    no_background: bool = False

    @model_validator(mode="after")
    def _sizes(self) -> EditAnimationV2Request:
        for index, frame in enumerate(self.frames):
            if max(frame.dimensions) > 256:
                raise field_error(self, ("frames", index),
                                  f"frames[{index}] is larger than 256 pixels")
        return self


ENDPOINTS_V3: dict[str, tuple[str, type[ApiRequest]]] = {
    "animate_with_text_v3": ("/animate-with-text-v3", AnimateWithTextV3Request),
    "generate_8_rotations_v3": ("/generate-8-rotations-v3", Generate8RotationsV3Request),
    "inpaint_v3": ("/inpaint-v3", InpaintV3Request),
    "generate_image_v2": ("/generate-image-v2", GenerateImageV2Request),
    "generate_with_style_v2": ("/generate-with-style-v2", GenerateWithStyleV2Request),
    "edit_image": ("/edit-image", EditImageRequest),
    "create_image_pixen": ("/create-image-pixen", PixenRequest),
    "interpolation_v2": ("/interpolation-v2", InterpolationV2Request),
    "edit_animation_v2": ("/edit-animation-v2", EditAnimationV2Request),
}
"""The newer routes. Whether an answer is a job is read from its body, never the status."""

ENDPOINTS.update(ENDPOINTS_V3)  # one registry: client.send and the job queue find them there
