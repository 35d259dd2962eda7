"""The synchronous endpoints over a real loopback socket: shapes, sizes, determinism."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from .conftest import b64_png, decode, png_mode, sprite_fixture

USAGE = {"type": "usd", "usd": 0.0}


def pixflux(http: httpx.Client, **fields) -> httpx.Response:
    body = {"description": "a red slime monster", "image_size": {"width": 64, "height": 48}}
    return http.post("/create-image-pixflux", json=body | fields)


def test_pixflux_returns_rgba_png_of_the_requested_size(http: httpx.Client) -> None:
    response = pixflux(http, seed=5, no_background=True)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"image", "usage"} and body["usage"] == USAGE
    assert body["image"]["type"] == "base64" and body["image"]["format"] == "png"
    assert png_mode(body["image"]) == "RGBA"
    image = decode(body["image"])
    assert image.shape == (48, 64, 4)
    assert image[0, 0, 3] == 0 and (image[..., 3] == 255).any()


def test_same_seed_gives_byte_identical_png_and_seed_zero_is_random(http: httpx.Client) -> None:
    first = pixflux(http, seed=77).json()["image"]["base64"]
    assert pixflux(http, seed=77).json()["image"]["base64"] == first
    assert pixflux(http, seed=78).json()["image"]["base64"] != first
    randoms = {pixflux(http, seed=0).json()["image"]["base64"] for _ in range(3)}
    assert len(randoms) > 1


def test_pixflux_init_image_is_pixelated_with_the_color_image_palette(http: httpx.Client) -> None:
    init = np.zeros((32, 32, 4), dtype=np.uint8)
    init[..., 0] = np.linspace(0, 255, 32, dtype=np.uint8)[None, :]
    init[..., 3] = 255
    palette = np.array([[[0, 0, 0, 255], [250, 250, 0, 255], [0, 0, 250, 255]]], dtype=np.uint8)
    response = pixflux(http, init_image=b64_png(init), color_image=b64_png(palette),
                       image_size={"width": 32, "height": 32})
    image = decode(response.json()["image"])
    assert image.shape == (32, 32, 4)
    colours = {tuple(c) for c in image.reshape(-1, 4)}
    assert colours <= {(0, 0, 0, 255), (250, 250, 0, 255), (0, 0, 250, 255)}


def test_bitforge_with_a_pose_and_with_inpainting(http: httpx.Client) -> None:
    pose = [{"x": x, "y": y, "label": label} for label, (x, y) in {
        "NOSE": (0.5, 0.2), "NECK": (0.5, 0.3), "RIGHT SHOULDER": (0.4, 0.32),
        "RIGHT ELBOW": (0.3, 0.2), "RIGHT ARM": (0.25, 0.1), "LEFT SHOULDER": (0.6, 0.32),
        "LEFT ELBOW": (0.65, 0.45), "LEFT ARM": (0.66, 0.55), "RIGHT HIP": (0.45, 0.6),
        "RIGHT KNEE": (0.44, 0.75), "RIGHT LEG": (0.43, 0.9), "LEFT HIP": (0.55, 0.6),
        "LEFT KNEE": (0.56, 0.75), "LEFT LEG": (0.57, 0.9)}.items()]
    body = {"description": "knight", "image_size": {"width": 64, "height": 64}, "seed": 3,
            "no_background": True, "skeleton_keypoints": pose}
    posed = http.post("/create-image-bitforge", json=body)
    assert posed.status_code == 200
    assert decode(posed.json()["image"]).shape == (64, 64, 4)
    img = sprite_fixture(64)
    mask = np.zeros((64, 64, 3), dtype=np.uint8)
    mask[10:20, 10:20] = 255
    filled = http.post("/create-image-bitforge", json={
        "description": "x", "image_size": {"width": 64, "height": 64},
        "inpainting_image": b64_png(img), "mask_image": b64_png(mask), "seed": 1})
    out = decode(filled.json()["image"])
    keep = mask[..., 0] == 0
    assert (out[keep] == img[keep]).all()


def test_bitforge_standard_pose_matches_the_unposed_humanoid(http: httpx.Client) -> None:
    from studio.offline.algorithms.humanoid import body_box
    from studio.offline.algorithms.skeleton import LABELS, default_pose

    standard = default_pose(body_box(64, 64))
    pose = [{"x": standard[k][0] / 64, "y": standard[k][1] / 64, "label": k} for k in LABELS]
    body = {"description": "green knight", "image_size": {"width": 64, "height": 64},
            "seed": 12, "no_background": True}
    plain = decode(http.post("/create-image-bitforge", json=body).json()["image"])
    posed = http.post("/create-image-bitforge", json=body | {"skeleton_keypoints": pose})
    assert (decode(posed.json()["image"]) == plain).all()


def test_inpaint_respects_the_mask(http: httpx.Client) -> None:
    img = sprite_fixture(64)
    img[img[..., 3] == 0] = (30, 140, 60, 255)
    mask = np.zeros((64, 64, 3), dtype=np.uint8)
    mask[24:40, 16:48] = 255
    response = http.post("/inpaint", json={
        "description": "fix", "image_size": {"width": 64, "height": 64},
        "inpainting_image": b64_png(img), "mask_image": b64_png(mask), "seed": 9})
    assert response.status_code == 200 and response.json()["usage"] == USAGE
    out = decode(response.json()["image"])
    white = mask[..., 0] > 0
    assert (out[~white] == img[~white]).all()
    assert {tuple(c) for c in out[white]} <= {tuple(c) for c in img.reshape(-1, 4)}


def test_inpaint_of_a_fully_masked_image_uses_only_its_colours(http: httpx.Client) -> None:
    img = np.zeros((32, 32, 4), dtype=np.uint8)
    img[:16], img[16:] = (30, 200, 30, 255), (200, 30, 30, 255)
    palette = {(30, 200, 30), (200, 30, 30)}
    body = {"description": "red knight", "image_size": {"width": 32, "height": 32},
            "inpainting_image": b64_png(img), "mask_image": b64_png(np.full((32, 32, 3), 255,
                                                                          np.uint8)), "seed": 3}
    out = decode(http.post("/inpaint", json=body).json()["image"])
    assert (out != img).any()  # something was drawn
    assert {tuple(c[:3]) for c in out.reshape(-1, 4) if c[3]} <= palette
    given = np.zeros((1, 2, 4), dtype=np.uint8)
    given[0, 0], given[0, 1] = (10, 10, 90, 255), (250, 250, 0, 255)
    recoloured = decode(http.post("/inpaint", json={**body, "color_image": b64_png(given)})
                        .json()["image"])
    assert {tuple(c[:3]) for c in recoloured.reshape(-1, 4) if c[3]} <= {(10, 10, 90),
                                                                         (250, 250, 0)}


def test_inpaint_mask_of_the_wrong_size_is_a_422_naming_the_field(http: httpx.Client) -> None:
    img = sprite_fixture(64)
    response = http.post("/inpaint", json={
        "description": "fix", "image_size": {"width": 64, "height": 64},
        "inpainting_image": b64_png(img), "mask_image": b64_png(np.zeros((32, 32, 3), np.uint8))})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "mask_image"] and "32x32" in detail["msg"]


def test_rotate_mirrors_and_approximates_other_directions_with_a_note(http: httpx.Client
                                                                     ) -> None:
    img = sprite_fixture(32)
    img[1, 1] = (255, 0, 0, 255)
    body = {"image_size": {"width": 32, "height": 32}, "from_image": b64_png(img),
            "from_direction": "east", "to_direction": "west"}
    response = http.post("/rotate", json=body)
    assert response.status_code == 200
    assert (decode(response.json()["image"]) == img[:, ::-1]).all()
    assert "mirrored the east view" in response.json()["note"]
    turned = http.post("/rotate", json=body | {"to_direction": "north"})
    assert turned.status_code == 200
    assert turned.json()["note"].startswith("Approximation: the offline engine did not draw")
    assert (decode(turned.json()["image"])[..., 3] > 0).sum() > 50


def test_animate_with_skeleton_one_frame_per_pose(http: httpx.Client) -> None:
    img = sprite_fixture(64)
    pose = http.post("/estimate-skeleton", json={"image": b64_png(img)}).json()["keypoints"]
    moved = [{**p, "x": p["x"] + 3} for p in pose]
    freeze = np.zeros((64, 64, 3), dtype=np.uint8)
    response = http.post("/animate-with-skeleton", json={
        "image_size": {"width": 64, "height": 64}, "reference_image": b64_png(img),
        "skeleton_keypoints": [pose, moved, moved],
        "inpainting_images": [b64_png(img), None, None],
        "mask_images": [b64_png(freeze), None, None]})
    assert response.status_code == 200
    body = response.json()
    assert len(body["images"]) == 3 and body["usage"] == USAGE
    frames = [decode(i) for i in body["images"]]
    assert (frames[0] == img).all()
    assert (frames[1][:, 3:] == img[:, :-3]).mean() > 0.97


def test_animate_with_text_returns_four_64px_frames(http: httpx.Client) -> None:
    img = sprite_fixture(64)
    response = http.post("/animate-with-text", json={
        "image_size": {"width": 64, "height": 64}, "description": "hero", "action": "walk",
        "reference_image": b64_png(img), "n_frames": 8, "start_frame_index": 2})
    assert response.status_code == 200
    frames = [decode(i) for i in response.json()["images"]]
    assert len(frames) == 4 and all(f.shape == (64, 64, 4) for f in frames)


def test_estimate_skeleton_shape(http: httpx.Client) -> None:
    response = http.post("/estimate-skeleton", json={"image": b64_png(sprite_fixture(32))})
    body = response.json()
    assert response.status_code == 200 and body["usage"] == USAGE
    assert len(body["keypoints"]) == 18
    assert all(set(k) == {"x", "y", "label", "z_index"} for k in body["keypoints"])


def test_balance_v2_shape(http: httpx.Client) -> None:
    body = http.get("/balance").json()
    assert body["credits"]["usd"] == 0.0
    assert body["subscription"]["status"] == "offline"


def test_llms_txt_is_public_and_lists_endpoints(base_url: str) -> None:
    text = httpx.get(base_url + "/llms.txt").text
    assert "/v2/create-image-pixflux" in text and "/v2/tilesets/{tileset_id}" in text


@pytest.mark.parametrize("header", [None, "Basic abc", "Bearer"])
def test_missing_or_malformed_token_is_401(base_url: str, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = httpx.post(base_url + "/create-image-pixflux", headers=headers,
                          json={"description": "x", "image_size": {"width": 16, "height": 16}})
    assert response.status_code == 401
    assert response.json()["detail"] in ("Not authenticated", "Invalid API token")
    if header is None:
        assert response.headers["www-authenticate"] == "Bearer"


def test_animate_with_text_keeps_given_frames_outside_their_masks(http: httpx.Client) -> None:
    img = sprite_fixture(64)
    given = np.zeros((64, 64, 4), dtype=np.uint8)
    given[..., 0] = 255
    given[..., 3] = 255
    half = np.zeros((64, 64, 3), dtype=np.uint8)
    half[:, 32:] = 255  # regenerate the right half only
    response = http.post("/animate-with-text", json={
        "image_size": {"width": 64, "height": 64}, "description": "hero", "action": "idle",
        "reference_image": b64_png(img), "inpainting_images": [b64_png(given), None, None,
                                                               b64_png(given)],
        "mask_images": [b64_png(half), None, None, None]})
    frames = [decode(i) for i in response.json()["images"]]
    assert (frames[0][:, :32] == given[:, :32]).all()
    assert (frames[0][:, 32:] == img[:, 32:]).all()  # phase 0 of the cycle is the reference
    assert (frames[3] == given).all()
