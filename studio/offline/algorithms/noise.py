"""Seeded value noise (optionally periodic so textures tile without seams)."""

from __future__ import annotations

import numpy as np


def _upsample(grid: np.ndarray, height: int, width: int, periodic: bool) -> np.ndarray:
    gh, gw = grid.shape
    cells_y, cells_x = (gh, gw) if periodic else (gh - 1, gw - 1)
    ys = np.arange(height) * cells_y / height if periodic else np.linspace(0, cells_y, height)
    xs = np.arange(width) * cells_x / width if periodic else np.linspace(0, cells_x, width)
    y0 = np.floor(ys).astype(int)
    x0 = np.floor(xs).astype(int)
    fy = (ys - y0)[:, None]
    fx = (xs - x0)[None, :]
    fy = fy * fy * (3 - 2 * fy)
    fx = fx * fx * (3 - 2 * fx)
    y1 = (y0 + 1) % gh if periodic else np.minimum(y0 + 1, gh - 1)
    x1 = (x0 + 1) % gw if periodic else np.minimum(x0 + 1, gw - 1)
    y0 = y0 % gh
    x0 = x0 % gw
    top = grid[y0][:, x0] * (1 - fx) + grid[y0][:, x1] * fx
    bottom = grid[y1][:, x0] * (1 - fx) + grid[y1][:, x1] * fx
    return top * (1 - fy) + bottom * fy


def value_noise(
    rng: np.random.Generator, height: int, width: int, cells: int = 4, periodic: bool = False
) -> np.ndarray:
    """Smooth noise in [0, 1] with about ``cells`` features across the larger side."""
    cells = max(1, cells)
    gy = max(1, round(cells * height / max(height, width)))
    gx = max(1, round(cells * width / max(height, width)))
    shape = (gy, gx) if periodic else (gy + 1, gx + 1)
    return _upsample(rng.random(shape), height, width, periodic)


def fractal_noise(
    rng: np.random.Generator, height: int, width: int, cells: int = 3, periodic: bool = False
) -> np.ndarray:
    """Two octaves of value noise, normalised to [0, 1]."""
    field = value_noise(rng, height, width, cells, periodic)
    field = field + 0.5 * value_noise(rng, height, width, cells * 2, periodic)
    low, high = field.min(), field.max()
    return (field - low) / (high - low) if high > low else np.zeros_like(field)
