"""Hypothesis over random bytes and random JSON: the decoders fail only with our own errors."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.api.errors import ResponseFormatError
from studio.api.parsing import parse_model
from studio.api.responses import (
    BackgroundJob,
    Balance,
    Character,
    CharacterList,
    FramesResponse,
    ImageResponse,
    JobSubmission,
    SkeletonResponse,
)
from studio.api.tiles import IsometricTile, Tileset
from studio.api.transport import RawResponse, error_detail

from .conftest import image_obj

MODELS = [ImageResponse, FramesResponse, SkeletonResponse, Balance, JobSubmission,
          BackgroundJob, Character, CharacterList, Tileset, IsometricTile]
KEYS = ["image", "images", "keypoints", "usage", "billing_usage", "background_job_id",
        "background_job_ids", "status", "id", "tiles", "tileset", "corners", "NW", "credits",
        "subscription", "characters", "last_response", "data", "x", "y", "label", "base64",
        "type", "width", "height", "rotation_urls", "animations", "usd", "generations"]
LEAVES = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
          | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
          | st.sampled_from(["lower", "upper", "completed", "NOSE", "base64", "usd"])
          | st.just(image_obj(2, 2)))
JSON = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6), max_leaves=20)


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
@settings(max_examples=60, deadline=None)
@given(value=JSON)
def test_response_parsers_raise_only_response_format_errors(model: type, value: object) -> None:
    try:
        parsed = parse_model(model, value, "/fuzz")
    except ResponseFormatError as exc:
        assert exc.endpoint == "/fuzz" and str(exc)
        return
    assert isinstance(parsed, model)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_raw_json_and_error_details_from_random_bytes(data: bytes) -> None:
    raw = RawResponse(200, httpx.Headers(), data, "/fuzz")
    try:
        value = raw.json()
    except ResponseFormatError:
        value = None
    else:
        assert value == json.loads(data)
    detail = error_detail(data)
    assert detail is None or isinstance(detail, (str, list, dict, int, float, bool))
