"""Offline engine benchmarks over a real loopback socket.

Per endpoint at 64x64 and at the endpoint's maximum size, and 16 pixflux generations with
``--latency 0.2``: the studio client (concurrent) against the official SDK (sequential).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks/test_bench_offline.py \
     --benchmark-enable --benchmark-only -q
"""

from __future__ import annotations

import asyncio
import base64
import io
import time
from collections.abc import Iterator

import httpx
import numpy as np
import pixellab
import pytest
from PIL import Image

from studio.api import PixelLabClient
from studio.offline.server import OfflineServer

AUTH = {"Authorization": "Bearer bench"}


def b64(rgba: np.ndarray) -> dict[str, str]:
    buffer = io.BytesIO()
    Image.fromarray(rgba).save(buffer, format="PNG")
    return {"type": "base64", "base64": base64.b64encode(buffer.getvalue()).decode()}


def figure(size: int) -> np.ndarray:
    """An opaque humanoid-ish figure on transparency, scaled to ``size``."""
    img = np.zeros((size, size, 4), dtype=np.uint8)
    s = size / 16
    def box(y0: float, y1: float, x0: float, x1: float, colour: tuple) -> None:
        img[int(y0 * s):int(y1 * s), int(x0 * s):int(x1 * s)] = colour
    box(2, 5, 6, 10, (230, 180, 140, 255))
    box(5, 10, 4, 12, (40, 80, 200, 255))
    box(10, 15, 5, 7, (120, 60, 30, 255))
    box(10, 15, 9, 11, (120, 60, 30, 255))
    return img


def mask(size: int) -> np.ndarray:
    m = np.zeros((size, size, 3), dtype=np.uint8)
    m[size // 4 : size // 2, size // 4 : 3 * size // 4] = 255
    return m


def skeleton_body(http: httpx.Client, size: int) -> dict:
    ref = figure(size)
    pose = http.post("/estimate-skeleton", json={"image": b64(ref)}).json()["keypoints"]
    frames = [pose] + [[{**p, "x": p["x"] + i, "y": p["y"] - i} for p in pose] for i in (1, 2, 3)]
    return {"image_size": {"width": size, "height": size}, "reference_image": b64(ref),
            "skeleton_keypoints": frames}


BODIES = {
    "create-image-pixflux": (400, lambda h, s: {
        "description": "blue knight", "image_size": {"width": s, "height": s}, "seed": 1}),
    "create-image-bitforge": (200, lambda h, s: {
        "description": "red slime monster", "image_size": {"width": s, "height": s}, "seed": 1}),
    "inpaint": (200, lambda h, s: {
        "description": "x", "image_size": {"width": s, "height": s},
        "inpainting_image": b64(figure(s)), "mask_image": b64(mask(s)), "seed": 1}),
    "rotate": (200, lambda h, s: {
        "image_size": {"width": s, "height": s}, "from_image": b64(figure(s)),
        "from_direction": "east", "to_direction": "south"}),  # an approximation
    "estimate-skeleton": (256, lambda h, s: {"image": b64(figure(s))}),
    "animate-with-skeleton": (256, skeleton_body),
    "animate-with-text": (64, lambda h, s: {
        "image_size": {"width": 64, "height": 64}, "description": "hero", "action": "walk",
        "reference_image": b64(figure(64))}),
    "create-character-with-8-directions": (400, lambda h, s: {
        "description": "green wizard", "image_size": {"width": s, "height": s}, "seed": 1}),
    "tilesets": (32, lambda h, s: {
        "lower_description": "ocean", "upper_description": "sand",
        "tile_size": {"width": s if s <= 32 else 16, "height": s if s <= 32 else 16}}),
    "create-isometric-tile": (64, lambda h, s: {
        "description": "grass block", "image_size": {"width": s, "height": s}}),
}
CASES = [(name, size) for name, (largest, _) in BODIES.items()
         for size in sorted({min(64, largest) if name != "tilesets" else 16, largest})]


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with OfflineServer(job_seconds=0) as url, httpx.Client(
        base_url=url, headers=AUTH, timeout=60
    ) as client:
        yield client


@pytest.mark.parametrize(("endpoint", "size"), CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_bench_endpoint(benchmark, http: httpx.Client, endpoint: str, size: int) -> None:
    body = BODIES[endpoint][1](http, size)
    benchmark.group = "offline endpoint (HTTP round trip)"
    response = benchmark(http.post, f"/{endpoint}", json=body)
    assert response.status_code in (200, 202), response.text[:300]


def _sdk_sequential(root: str, n: int) -> float:
    sdk = pixellab.Client(secret="bench", base_url=root + "/v1")
    start = time.perf_counter()
    for i in range(n):
        sdk.generate_image_pixflux(description="gold coin", image_size={"width": 64, "height": 64},
                                   seed=i + 1)
    return time.perf_counter() - start


async def _client_concurrent(url: str, n: int) -> float:
    async with PixelLabClient(token="bench", base_url=url) as client:
        start = time.perf_counter()
        results = await asyncio.gather(*[
            client.create_image_pixflux(description="gold coin", image_size=(64, 64), seed=i + 1)
            for i in range(n)])
        assert len(results) == n
        return time.perf_counter() - start


def test_bench_client_concurrent_vs_sdk_sequential(benchmark) -> None:
    """16 pixflux generations at 64x64 with 0.2 s latency per request."""
    n = 16
    with OfflineServer(latency=0.2) as url:
        root = url.removesuffix("/v2")
        sdk_seconds = _sdk_sequential(root, n)
        benchmark.group = "16 pixflux 64x64, latency 0.2 s"
        benchmark.pedantic(lambda: asyncio.run(_client_concurrent(url, n)), rounds=3,
                           iterations=1)
    client_seconds = benchmark.stats.stats.mean
    ratio = sdk_seconds / client_seconds
    benchmark.extra_info.update(sdk_sequential_s=round(sdk_seconds, 3),
                                client_concurrent_s=round(client_seconds, 3),
                                speedup=round(ratio, 2))
    print(f"\nSDK sequential {sdk_seconds:.2f} s, studio client concurrent (mean of 3) "
          f"{client_seconds:.2f} s, ratio {ratio:.1f}x")
    assert sdk_seconds >= n * 0.2
    assert ratio > 3
