"""Client overhead benchmarks over httpx.MockTransport (no network).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks/test_bench_api.py \
     --benchmark-enable --benchmark-only -q
"""

from __future__ import annotations

import asyncio
import base64
import io
import time

import httpx
import numpy as np
from PIL import Image

from studio.api import PixelLabClient
from studio.api.parsing import build_request, parse_model
from studio.api.requests import PixfluxRequest
from studio.api.responses import ImageResponse

BASE = "https://api.bench.invalid/v2"


def pixel_art(size: int, seed: int = 7) -> Image.Image:
    """A 16-colour image made of 4x4 blocks: closer to real sprites than pure noise."""
    rng = np.random.default_rng(seed)
    palette = rng.integers(0, 256, (16, 4), dtype=np.uint8)
    palette[:, 3] = 255
    blocks = rng.integers(0, 16, (size // 4, size // 4))
    pixels = palette[np.kron(blocks, np.ones((4, 4), dtype=int))]
    return Image.fromarray(pixels.astype(np.uint8), "RGBA")


def image_json(image: Image.Image) -> dict:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return {"type": "base64", "base64": base64.b64encode(buffer.getvalue()).decode(),
            "format": "png"}


def test_bench_round_trip_400x400(benchmark) -> None:
    """Encode a 400x400 init image, POST, parse JSON, decode and size-check a 400x400 result."""
    answer = {"image": image_json(pixel_art(400, seed=9)), "usage": {"type": "usd", "usd": 0.01}}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer)

    init = pixel_art(400)
    loop = asyncio.new_event_loop()
    api = PixelLabClient(token="bench", base_url=BASE, transport=httpx.MockTransport(handler))

    async def one() -> Image.Image:
        result = await api.create_image_pixflux(description="castle", image_size=(400, 400),
                                                init_image=init)
        return result.image

    try:
        image = benchmark(lambda: loop.run_until_complete(one()))
        assert image.size == (400, 400)
    finally:
        loop.run_until_complete(api.aclose())
        loop.close()


def test_bench_encode_400x400_request(benchmark) -> None:
    """The encode part alone: validate the fields and PNG/base64-encode a 400x400 init image."""
    init = pixel_art(400)
    fields = {"description": "castle", "image_size": (400, 400), "init_image": init}
    request = benchmark(build_request, PixfluxRequest, fields, "/create-image-pixflux")
    assert request.to_api_json()["init_image"]["format"] == "png"


def test_bench_decode_400x400_response(benchmark) -> None:
    """The decode part alone: parse an ImageResponse body and safely decode its 400x400 PNG."""
    body = {"image": image_json(pixel_art(400, seed=9)), "usage": {"type": "usd", "usd": 0.01}}
    result = benchmark(parse_model, ImageResponse, body, "/create-image-pixflux")
    assert result.image.size == (400, 400) and result.image.mode == "RGBA"


def test_bench_32_concurrent_requests_with_100ms_server(benchmark) -> None:
    """32 concurrent 64x64 requests against a 100 ms handler: wall time ~ one handler delay."""
    answer = {"image": image_json(pixel_art(64)), "usage": {"type": "usd", "usd": 0.01}}

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.1)
        return httpx.Response(200, json=answer)

    init = pixel_art(64, seed=3)

    async def burst() -> float:
        async with PixelLabClient(token="bench", base_url=BASE,
                                  transport=httpx.MockTransport(handler)) as api:
            started = time.perf_counter()
            results = await asyncio.gather(*[
                api.create_image_pixflux(description=f"tree {i}", image_size=(64, 64),
                                         init_image=init, seed=i) for i in range(32)])
            assert len(results) == 32
            return time.perf_counter() - started

    wall = benchmark.pedantic(lambda: asyncio.run(burst()), rounds=5, iterations=1)
    assert wall < 0.1 * 32 / 4, f"32 requests took {wall:.2f}s: not running concurrently"
