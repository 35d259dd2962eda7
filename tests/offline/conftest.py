"""Shared fixtures: one offline engine on a real loopback socket for the whole folder."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from PIL import Image

from studio.offline.server import OfflineServer

JOB_SECONDS = 0.6


@pytest.fixture(scope="session")
def offline_server() -> Iterator[OfflineServer]:
    server = OfflineServer(job_seconds=JOB_SECONDS)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(offline_server: OfflineServer) -> str:
    return offline_server.base_url


@pytest.fixture()
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, headers={"Authorization": "Bearer test-token"},
                      timeout=30) as client:
        yield client


def b64_png(rgba: np.ndarray) -> dict[str, str]:
    """A request image object for an RGBA (or RGB) array."""
    buffer = io.BytesIO()
    Image.fromarray(rgba).save(buffer, format="PNG")
    return {"type": "base64", "base64": base64.b64encode(buffer.getvalue()).decode(),
            "format": "png"}


def decode(obj: dict[str, str]) -> np.ndarray:
    """A response image object as an RGBA array (checks it really is a PNG)."""
    data = base64.b64decode(obj["base64"])
    assert data.startswith(b"\x89PNG")
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def png_mode(obj: dict[str, str]) -> str:
    return Image.open(io.BytesIO(base64.b64decode(obj["base64"]))).mode


def sprite_fixture(size: int = 64) -> np.ndarray:
    """A simple opaque figure on a transparent background: head, body and two legs."""
    img = np.zeros((size, size, 4), dtype=np.uint8)
    s = size // 16
    img[2 * s : 5 * s, 6 * s : 10 * s] = (230, 180, 140, 255)  # head
    img[5 * s : 10 * s, 4 * s : 12 * s] = (40, 80, 200, 255)  # torso and arms
    img[10 * s : 15 * s, 5 * s : 7 * s] = (120, 60, 30, 255)  # legs
    img[10 * s : 15 * s, 9 * s : 11 * s] = (120, 60, 30, 255)
    return img
