"""Safe image decoding and Base64Image: every accepted shape and every rejection."""

from __future__ import annotations

import base64
import io
import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from studio.api.errors import ImageDecodeError, ResponseFormatError
from studio.api.images import (
    MAX_IMAGE_PIXELS,
    Base64Image,
    decode_base64,
    decode_image,
    encode_image,
    safe_open_png,
)

from .conftest import png_b64


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_encode_then_decode_keeps_pixels() -> None:
    pixels = np.random.default_rng(1).integers(0, 256, (12, 9, 4), dtype=np.uint8)
    encoded = encode_image(Image.fromarray(pixels, "RGBA"))
    assert encoded.model_dump().keys() == {"type", "base64", "format"}
    assert encoded.type == "base64" and encoded.format == "png"
    decoded = encoded.to_pil()
    assert decoded.mode == "RGBA" and decoded.size == (9, 12)
    assert np.array_equal(np.asarray(decoded), pixels)


def test_base64image_accepts_numpy_and_palette_images() -> None:
    arr = np.zeros((4, 5, 4), dtype=np.uint8)
    arr[..., 3] = 255
    assert Base64Image.model_validate(arr).to_pil().size == (5, 4)
    pal = Image.new("P", (3, 3), 1)
    assert decode_image(Base64Image.from_pil(pal).model_dump()).mode == "RGBA"
    with pytest.raises(ValueError):
        Base64Image.model_validate(np.zeros((2, 2), dtype=np.float32))


def test_decode_accepts_data_prefix_missing_format_and_bare_string() -> None:
    b64 = png_b64(7, 5)
    assert decode_image({"type": "base64", "base64": "data:image/png;base64," + b64}).size == (7, 5)
    assert decode_image({"base64": b64}).size == (7, 5)
    assert decode_image({"type": "base64", "base64": b64, "format": None}).size == (7, 5)
    assert decode_image(b64).size == (7, 5)
    assert decode_image(b64[:40] + "\n" + b64[40:]).size == (7, 5)  # wrapped lines
    assert decode_image(b64.rstrip("=")).size == (7, 5)  # missing padding


def test_decode_rgba_bytes_variant() -> None:
    raw = bytes(range(64))
    obj = {"type": "rgba_bytes", "base64": base64.b64encode(raw).decode(), "width": 4, "height": 4}
    image = decode_image(obj)
    assert image.size == (4, 4) and image.tobytes() == raw
    obj["width"] = 5
    with pytest.raises(ImageDecodeError, match="expected 80"):
        decode_image(obj)
    with pytest.raises(ImageDecodeError, match="width and height"):
        decode_image({"type": "rgba_bytes", "base64": "AAAA"})


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"type": "base64", "base64": "!!!not base64!!!"}, "not valid base64"),
        ({"type": "base64", "base64": ""}, "empty"),
        ({"type": "base64", "base64": 12}, "base64 string"),
        ({"type": "url", "base64": "AAAA"}, "unknown image type"),
        ({"type": "base64", "base64": png_b64(2, 2), "format": "jpeg"}, "PNG expected"),
        (42, "expected an image object"),
    ],
)
def test_decode_rejects_bad_payloads(payload: object, message: str) -> None:
    with pytest.raises(ImageDecodeError, match=message):
        decode_image(payload)


def test_non_png_is_rejected_even_if_pillow_could_read_it() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    with pytest.raises(ImageDecodeError, match="not a PNG"):
        decode_image(base64.b64encode(buffer.getvalue()).decode())


def test_truncated_png_is_a_decode_error() -> None:
    data = _png(Image.effect_noise((64, 64), 50).convert("RGBA"))
    with pytest.raises(ImageDecodeError):
        safe_open_png(data[: len(data) // 2])


def test_pixel_cap_is_checked_before_decoding() -> None:
    data = _png(Image.new("L", (300, 300)))
    with pytest.raises(ImageDecodeError, match="too large"):
        safe_open_png(data, max_pixels=300 * 299)
    assert safe_open_png(data, max_pixels=300 * 300).size == (300, 300)
    assert MAX_IMAGE_PIXELS < Image.MAX_IMAGE_PIXELS


def test_decompression_bomb_warning_becomes_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _png(Image.new("L", (200, 200)))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 20_000)  # warns above this, errors at 2x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ImageDecodeError, match="bomb"):
            safe_open_png(data)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 30_000)  # 40 000 px: warning only
    with pytest.raises(ImageDecodeError, match="bomb"):
        safe_open_png(data)


def test_base64_length_is_bounded_before_decoding() -> None:
    with pytest.raises(ImageDecodeError, match="too long"):
        decode_base64("A" * 101, max_chars=100)


def test_expected_size_mismatch() -> None:
    with pytest.raises(ImageDecodeError, match="is 8x8, expected 16x8"):
        decode_image(png_b64(8, 8), expected_size=(16, 8))
    assert issubclass(ImageDecodeError, ResponseFormatError)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_escape_as_other_errors(data: bytes) -> None:
    for payload in (base64.b64encode(data).decode(), base64.b64encode(b"\x89PNG\r\n\x1a\n" + data)
                    .decode()):
        try:
            image = decode_image({"type": "base64", "base64": payload})
        except ImageDecodeError:
            continue
        assert image.mode == "RGBA"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "base64", "format", "width", "height", "x"]),
                      children, max_size=5),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_random_json_never_escapes_as_other_errors(value: object) -> None:
    json.dumps(value)
    try:
        image = decode_image(value)
    except ImageDecodeError:
        return
    assert image.mode == "RGBA"
