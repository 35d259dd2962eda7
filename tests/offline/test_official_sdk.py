"""The official ``pixellab`` SDK (v1 paths) against the offline engine's aliases."""

from __future__ import annotations

import numpy as np
import pixellab
import pytest
from PIL import Image

from studio.offline.server import OfflineServer

from .conftest import sprite_fixture


@pytest.fixture(scope="module")
def sdk(offline_server: OfflineServer) -> pixellab.Client:
    return pixellab.Client(secret="any-secret", base_url=offline_server.root_url + "/v1")


def as_array(image) -> np.ndarray:
    return np.asarray(image.pil_image().convert("RGBA"))


def test_balance(sdk: pixellab.Client) -> None:
    assert sdk.get_balance().usd == 0.0


def test_pixflux_and_bitforge(sdk: pixellab.Client) -> None:
    result = sdk.generate_image_pixflux(description="blue knight",
                                        image_size={"width": 40, "height": 56}, seed=3,
                                        no_background=True)
    assert result.usage.usd == 0.0
    assert as_array(result.image).shape == (56, 40, 4)
    again = sdk.generate_image_pixflux(description="blue knight",
                                       image_size={"width": 40, "height": 56}, seed=3,
                                       no_background=True)
    assert again.image.base64 == result.image.base64
    forged = sdk.generate_image_bitforge(description="red slime",
                                         image_size={"width": 32, "height": 32}, seed=1)
    assert as_array(forged.image).shape == (32, 32, 4)


def test_inpaint_and_rotate(sdk: pixellab.Client) -> None:
    img = sprite_fixture(32)
    mask = np.zeros((32, 32), dtype=np.uint8)
    mask[8:16, 8:24] = 255
    filled = sdk.inpaint(description="fix", image_size={"width": 32, "height": 32},
                         inpainting_image=Image.fromarray(img), mask_image=Image.fromarray(mask),
                         seed=2)
    out = as_array(filled.image)
    assert (out[mask == 0] == img[mask == 0]).all()
    turned = sdk.rotate(image_size={"width": 32, "height": 32}, from_image=Image.fromarray(img),
                        from_direction="east", to_direction="west")
    assert (as_array(turned.image) == img[:, ::-1]).all()
    side = sdk.rotate(image_size={"width": 32, "height": 32}, from_image=Image.fromarray(img),
                      from_direction="south", to_direction="east")
    assert (as_array(side.image)[..., 3] > 0).sum() > 50  # answered (an approximation)


def test_skeleton_estimate_and_animations(sdk: pixellab.Client) -> None:
    img = Image.fromarray(sprite_fixture(64))
    keypoints = sdk.estimate_skeleton(image=img).keypoints
    assert len(keypoints) == 18
    frames = [list(keypoints), [{**k, "x": k["x"] + 2} for k in keypoints],
              [{**k, "y": k["y"] - 2} for k in keypoints]]
    animated = sdk.animate_with_skeleton(image_size={"width": 64, "height": 64},
                                         skeleton_keypoints=frames, view="side",
                                         direction="east", reference_image=img, seed=1)
    assert len(animated.images) == 3
    texted = sdk.animate_with_text(image_size={"width": 64, "height": 64}, description="hero",
                                   action="walk", reference_image=img,
                                   inpainting_images=[None] * 4, seed=1)
    assert len(texted.images) == 4
    assert all(as_array(i).shape == (64, 64, 4) for i in texted.images)


def test_sdk_validation_errors_surface_as_value_error(sdk: pixellab.Client) -> None:
    with pytest.raises(ValueError):
        sdk.generate_image_pixflux(description="x", image_size={"width": 8, "height": 8})
