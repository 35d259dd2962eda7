"""Low-level pieces of the results library: schema, atomic file writes, image and params helpers.

Kept apart from :mod:`studio.core.jobs.library` so that module stays about the public API.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    job_id TEXT PRIMARY KEY,
    endpoint TEXT NOT NULL,
    tool TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    params_json TEXT NOT NULL,
    seed INTEGER,
    group_id TEXT,
    state TEXT NOT NULL,
    error TEXT,
    background_job_ids TEXT,
    resource_kind TEXT,
    resource_id TEXT,
    cost_usd REAL NOT NULL DEFAULT 0,
    cost_generations REAL NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    expected_usd REAL,
    expected_generations REAL
);
CREATE INDEX IF NOT EXISTS requests_state ON requests(state);
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    tool TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    params_json TEXT NOT NULL,
    seed INTEGER,
    cost_usd REAL NOT NULL DEFAULT 0,
    cost_generations REAL NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    image_path TEXT NOT NULL,
    image_sha256 TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    variant_index INTEGER NOT NULL DEFAULT 0,
    thumb BLOB,
    label TEXT NOT NULL DEFAULT '',
    expected_usd REAL,
    expected_generations REAL
);
CREATE INDEX IF NOT EXISTS results_created ON results(created DESC, id DESC);
CREATE INDEX IF NOT EXISTS results_tool_created ON results(tool, created DESC, id DESC);
CREATE INDEX IF NOT EXISTS results_job ON results(job_id);
"""

MIGRATIONS: tuple[tuple[str, str, str], ...] = (
    # (table, column, definition) added after the first release; NULL expected cost = unknown
    ("results", "label", "TEXT NOT NULL DEFAULT ''"),
    ("requests", "expected_usd", "REAL"),
    ("requests", "expected_generations", "REAL"),
    ("results", "expected_usd", "REAL"),
    ("results", "expected_generations", "REAL"),
    ("results", "search_text", "TEXT NOT NULL DEFAULT ''"),
    ("results", "free", "INTEGER NOT NULL DEFAULT 0"),  # made by the offline engine
)

THUMB_SIZE = 64


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file, fsync and rename (never a half file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_pil(image: Any) -> Image.Image:
    """Accept a PIL image, an (H, W, 4) uint8 array, or an object with ``to_pil()``."""
    if isinstance(image, Image.Image):
        return image.convert("RGBA") if image.mode != "RGBA" else image
    if isinstance(image, np.ndarray):
        if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 4:
            raise ValueError(f"expected an (H, W, 4) uint8 array, got {image.dtype} {image.shape}")
        return Image.fromarray(image, "RGBA")
    if hasattr(image, "to_pil"):
        return to_pil(image.to_pil())
    raise TypeError(f"not an image: {type(image).__name__}")


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def thumbnail_png(image: Image.Image, size: int = THUMB_SIZE) -> bytes:
    """A small nearest-neighbour thumbnail (pixel art must stay crisp)."""
    thumb = image.copy()
    thumb.thumbnail((size, size), Image.Resampling.NEAREST)
    return png_bytes(thumb)


def _looks_like_image(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("base64"), str)


def strip_images(params: Any, store_input: Any) -> Any:
    """Copy ``params`` replacing inline images by ``{"type": "image_ref", "sha256": ...}``.

    ``store_input(png_bytes) -> sha256`` keeps the input image once on disk, so the journal row
    stays small but a request can still be rebuilt (retry, copy parameters back).
    """
    value = params
    if isinstance(value, Image.Image):
        data = png_bytes(to_pil(value))
        return {"type": "image_ref", "sha256": store_input(data)}
    if _looks_like_image(value):
        data = base64.b64decode(value["base64"].split(",")[-1])
        return {"type": "image_ref", "sha256": store_input(data)}
    if isinstance(value, dict):
        return {k: strip_images(v, store_input) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [strip_images(v, store_input) for v in value]
    return value


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
