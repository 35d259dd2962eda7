"""Generated unzoom cases: small pixel-art sprites, upscaled 2-8x on an offset grid, then damaged.

Shared by the unzoom tests and the benchmark. Everything is drawn from a seeded generator, so a
case number always gives the same images.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class UnzoomCase:
    sprite: np.ndarray
    """The original, one pixel per cell, transparent background."""
    image: np.ndarray
    """Upscaled, offset, blurred and noisy."""
    scale: float
    offset: tuple[float, float]


def random_palette(rng: np.random.Generator, count: int, min_distance: float = 60.0
                   ) -> np.ndarray:
    colors: list[np.ndarray] = []
    while len(colors) < count:
        c = rng.integers(0, 256, 3)
        if all(np.linalg.norm(c - o) >= min_distance for o in colors):
            colors.append(c)
    return np.asarray(colors, dtype=np.uint8)


def make_sprite(rng: np.random.Generator, width: int, height: int, colors: int = 6
                ) -> np.ndarray:
    """A blob-shaped sprite: blocky colour regions, single-pixel details, transparent around."""
    palette = random_palette(rng, colors)
    y, x = np.mgrid[0:height, 0:width]
    cy, cx = (height - 1) / 2, (width - 1) / 2
    radius = ((x - cx) / (width * 0.42)) ** 2 + ((y - cy) / (height * 0.42)) ** 2
    inside = radius + rng.uniform(-0.25, 0.25, (height, width)) < 1.0
    coarse = rng.integers(0, colors, (height // 3 + 1, width // 3 + 1))
    index = np.repeat(np.repeat(coarse, 3, 0), 3, 1)[:height, :width]
    details = rng.random((height, width)) < 0.12
    index = np.where(details, rng.integers(0, colors, (height, width)), index)
    sprite = np.zeros((height, width, 4), dtype=np.uint8)
    sprite[inside, :3] = palette[index[inside]]
    sprite[inside, 3] = 255
    return sprite


def upscale(sprite: np.ndarray, scale: float, offset: tuple[float, float],
            margin: tuple[int, int]) -> np.ndarray:
    """Nearest-neighbour upscale: output pixel x shows cell floor((x + 0.5 - offset) / scale)."""
    h, w = sprite.shape[:2]
    out_w = int(np.ceil(offset[0] + w * scale)) + margin[0]
    out_h = int(np.ceil(offset[1] + h * scale)) + margin[1]
    cx = np.floor((np.arange(out_w) + 0.5 - offset[0]) / scale).astype(int)
    cy = np.floor((np.arange(out_h) + 0.5 - offset[1]) / scale).astype(int)
    out = np.zeros((out_h, out_w, 4), dtype=np.uint8)
    ok_x, ok_y = (cx >= 0) & (cx < w), (cy >= 0) & (cy < h)
    out[np.ix_(ok_y, ok_x)] = sprite[np.ix_(cy[ok_y], cx[ok_x])]
    return out


def gaussian_blur(rgba: np.ndarray, sigma: float) -> np.ndarray:
    if sigma <= 0:
        return rgba.copy()
    radius = int(np.ceil(3 * sigma))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= taps.sum()
    img = rgba.astype(np.float64)
    for axis in (0, 1):
        padded = np.pad(img, [(radius, radius) if a == axis else (0, 0) for a in range(3)],
                        mode="edge")
        img = sum(t * np.take(padded, np.arange(i, i + img.shape[axis]), axis=axis)
                  for i, t in enumerate(taps))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def add_noise(rgba: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    out = rgba.astype(np.float64)
    out[..., :3] += rng.normal(0, sigma, out[..., :3].shape)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def jpeg_damage(rgba: np.ndarray, quality: int, background: tuple[int, int, int]) -> np.ndarray:
    """Flatten on ``background`` and round-trip through JPEG (opaque result)."""
    base = Image.new("RGB", (rgba.shape[1], rgba.shape[0]), background)
    base.paste(Image.fromarray(rgba, "RGBA"), mask=Image.fromarray(rgba[..., 3], "L"))
    buffer = io.BytesIO()
    base.save(buffer, "JPEG", quality=quality)
    rgb = np.asarray(Image.open(buffer).convert("RGB"))
    return np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])


def make_case(seed: int, integer_scale: bool | None = None) -> UnzoomCase:
    """Case ``seed``: a 12-40 px sprite, scale 2-8 (every third case non-integer), offset, blur
    sigma 0-0.12 x scale px (the resampling blur grows with the scale), noise sigma 0-2 levels."""
    rng = np.random.default_rng(seed)
    sprite = make_sprite(rng, int(rng.integers(12, 41)), int(rng.integers(12, 41)),
                         int(rng.integers(3, 9)))
    integer = seed % 3 != 0 if integer_scale is None else integer_scale
    scale = float(rng.integers(2, 9)) if integer else float(rng.uniform(2.0, 8.0))
    offset = (float(rng.uniform(0, scale)), float(rng.uniform(0, scale)))
    margin = (int(rng.integers(0, 9)), int(rng.integers(0, 9)))
    image = upscale(sprite, scale, offset, margin)
    image = gaussian_blur(image, float(rng.uniform(0, 0.12 * scale)))
    image = add_noise(image, rng, float(rng.uniform(0, 2)))
    return UnzoomCase(sprite, image, scale, offset)


def trimmed(rgba: np.ndarray) -> np.ndarray:
    """``rgba`` cropped to its visible pixels."""
    ys, xs = np.nonzero(rgba[..., 3])
    if len(ys) == 0:
        return rgba[:0, :0]
    return rgba[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def recovered(case: UnzoomCase, result: np.ndarray) -> bool:
    """The visible pixels of ``result`` are exactly the sprite's, in the same places."""
    a, b = trimmed(result), trimmed(case.sprite)
    return a.shape == b.shape and bool(np.array_equal(a, b))
