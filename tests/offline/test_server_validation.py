"""422 on every out-of-range field of one endpoint per family, in FastAPI's detail shape."""

from __future__ import annotations

import httpx
import pytest

from .conftest import b64_png, sprite_fixture

IMAGE = {"description": "a slime", "image_size": {"width": 32, "height": 32}}
REFERENCE = b64_png(sprite_fixture(64))
SKELETON = {"image_size": {"width": 64, "height": 64}, "reference_image": REFERENCE,
            "skeleton_keypoints": [[{"x": 0.5, "y": 0.5, "label": "NOSE"}]]}
TEXT = {"image_size": {"width": 64, "height": 64}, "description": "hero", "action": "walk",
        "reference_image": REFERENCE}
CHARACTER = {"description": "a knight", "image_size": {"width": 48, "height": 48}}
TILESET = {"lower_description": "ocean", "upper_description": "sand"}
ISOMETRIC = {"description": "grass block", "image_size": {"width": 32, "height": 32}}

CASES = [
    # (path, valid body, field path, bad value)
    ("/create-image-pixflux", IMAGE, "image_size.width", 15),
    ("/create-image-pixflux", IMAGE, "image_size.width", 401),
    ("/create-image-pixflux", IMAGE, "image_size.height", 15),
    ("/create-image-pixflux", IMAGE, "image_size.height", 401),
    ("/create-image-pixflux", IMAGE, "text_guidance_scale", 0.5),
    ("/create-image-pixflux", IMAGE, "text_guidance_scale", 20.5),
    ("/create-image-pixflux", IMAGE, "init_image_strength", 0),
    ("/create-image-pixflux", IMAGE, "init_image_strength", 1000),
    ("/create-image-pixflux", IMAGE, "coverage_percentage", -1),
    ("/create-image-pixflux", IMAGE, "coverage_percentage", 101),
    ("/create-image-pixflux", IMAGE, "description", ""),
    ("/create-image-pixflux", IMAGE, "description", "x" * 2001),
    ("/create-image-pixflux", IMAGE, "outline", "thick"),
    ("/create-image-pixflux", IMAGE, "shading", "soft"),
    ("/create-image-pixflux", IMAGE, "detail", "extreme"),
    ("/create-image-pixflux", IMAGE, "view", "isometric"),
    ("/create-image-pixflux", IMAGE, "direction", "up"),
    ("/create-image-pixflux", IMAGE, "seed", -1),
    ("/create-image-bitforge", IMAGE, "image_size.width", 201),
    ("/create-image-bitforge", IMAGE, "style_strength", 101),
    ("/create-image-bitforge", IMAGE, "skeleton_guidance_scale", 5.5),
    ("/inpaint", IMAGE, "image_size.height", 201),
    ("/rotate", {"image_size": {"width": 32, "height": 32}}, "image_size.width", 201),
    ("/animate-with-skeleton", SKELETON, "image_size.width", 15),
    ("/animate-with-skeleton", SKELETON, "image_size.height", 257),
    ("/animate-with-skeleton", SKELETON, "guidance_scale", 0.9),
    ("/animate-with-skeleton", SKELETON, "guidance_scale", 20.1),
    ("/animate-with-skeleton", SKELETON, "init_image_strength", 1000),
    ("/animate-with-text", TEXT, "image_size.width", 63),
    ("/animate-with-text", TEXT, "image_size.height", 65),
    ("/animate-with-text", TEXT, "n_frames", 0),
    ("/animate-with-text", TEXT, "init_image_strength", 0),
    ("/create-character-with-4-directions", CHARACTER, "image_size.width", 31),
    ("/create-character-with-4-directions", CHARACTER, "image_size.height", 401),
    ("/create-character-with-4-directions", CHARACTER, "description", ""),
    ("/create-character-with-8-directions", CHARACTER, "description", "x" * 2001),
    ("/create-character-with-8-directions", CHARACTER, "template_id", "unicorn"),
    ("/create-character-with-8-directions", CHARACTER, "text_guidance_scale", 21),
    ("/tilesets", TILESET, "tile_size.width", 24),
    ("/tilesets", TILESET, "tile_size.height", 64),
    ("/tilesets", TILESET, "text_guidance_scale", 0),
    ("/tilesets", TILESET, "tile_strength", 0.05),
    ("/tilesets", TILESET, "tile_strength", 2.1),
    ("/tilesets", TILESET, "tileset_adherence_freedom", 901),
    ("/tilesets", TILESET, "tileset_adherence", -1),
    ("/tilesets", TILESET, "transition_size", 0.3),
    ("/tilesets", TILESET, "lower_description", ""),
    ("/tilesets", TILESET, "view", "side"),
    ("/create-isometric-tile", ISOMETRIC, "image_size.width", 15),
    ("/create-isometric-tile", ISOMETRIC, "image_size.height", 65),
    ("/create-isometric-tile", ISOMETRIC, "text_guidance_scale", 25),
    ("/create-isometric-tile", ISOMETRIC, "init_image_strength", 0),
    ("/create-isometric-tile", ISOMETRIC, "isometric_tile_shape", "cube"),
]


def with_field(body: dict, field: str, value: object) -> dict:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in body.items()}
    *parents, last = field.split(".")
    target = out
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value
    return out


@pytest.mark.parametrize(("path", "body", "field", "value"), CASES,
                         ids=[f"{c[0]}:{c[2]}={str(c[3])[:8]}" for c in CASES])
def test_out_of_range_field_is_422_naming_it(http: httpx.Client, path: str, body: dict,
                                             field: str, value: object) -> None:
    response = http.post(path, json=with_field(body, field, value))
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    locs = [".".join(str(p) for p in item["loc"]) for item in detail]
    assert any(loc.startswith(f"body.{field}") for loc in locs), locs
    assert all("msg" in item and "type" in item for item in detail)


@pytest.mark.parametrize("path", ["/create-image-pixflux", "/tilesets", "/animate-with-text"])
def test_unknown_field_and_broken_json_are_422(http: httpx.Client, path: str) -> None:
    assert http.post(path, json={"nonsense": 1}).status_code == 422
    broken = http.post(path, content=b"{not json", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=abc"])
def test_character_list_pagination_is_validated(http: httpx.Client, query: str) -> None:
    response = http.get(f"/characters?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_bad_base64_image_is_422(http: httpx.Client) -> None:
    response = http.post("/estimate-skeleton",
                         json={"image": {"type": "base64", "base64": "!!!not-base64"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "image"]
