"""The gallery's HTTP client for the offline engine, with images as RGBA arrays."""

from __future__ import annotations

import base64
import io
import time
from typing import Any

import httpx
import numpy as np
from PIL import Image


class EngineClient:
    """The few calls the gallery makes, over HTTP, with images as RGBA arrays."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def get(self, path: str) -> dict[str, Any]:
        response = self.http.get(path)
        response.raise_for_status()
        return response.json()

    def wait_job(self, job_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            body = self.get(f"/background-jobs/{job_id}")
            if body["status"] != "processing":
                return body
            time.sleep(0.02)
        raise TimeoutError(f"job {job_id} did not finish")

    def download(self, url: str) -> np.ndarray:
        return png_pixels(self.http.get(url).content)


def png_pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.uint8).copy()


def pixels(obj: dict[str, Any]) -> np.ndarray:
    """A response image object as RGBA pixels."""
    return png_pixels(base64.b64decode(obj["base64"]))


def image_field(rgba: np.ndarray) -> dict[str, str]:
    """A request image object for RGBA pixels."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).save(buffer, format="PNG")
    return {"type": "base64", "base64": base64.b64encode(buffer.getvalue()).decode(),
            "format": "png"}
