"""sRGB <-> OKLab (Björn Ottosson's perceptual colour space), vectorised over any leading shape.

Distances in OKLab follow perceived colour difference far better than RGB distances, so every
"nearest colour" decision in this package is made here.
"""

from __future__ import annotations

import numpy as np

from .blas import single_blas_thread

_M1 = np.array([
    [0.4122214708, 0.5363325363, 0.0514459929],
    [0.2119034982, 0.6806995451, 0.1073969566],
    [0.0883024619, 0.2817188376, 0.6299787005],
], dtype=np.float32)
_M2 = np.array([
    [0.2104542553, 0.7936177850, -0.0040720468],
    [1.9779984951, -2.4285922050, 0.4505937099],
    [0.0259040371, 0.7827717662, -0.8086757660],
], dtype=np.float32)
_M1_INV = np.linalg.inv(_M1.astype(np.float64)).astype(np.float32)
_M2_INV = np.linalg.inv(_M2.astype(np.float64)).astype(np.float32)


def _srgb_to_linear(values: np.ndarray) -> np.ndarray:
    c = values / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


_LINEAR_LUT = _srgb_to_linear(np.arange(256, dtype=np.float64)).astype(np.float32)


@single_blas_thread
def srgb_to_oklab(rgb: np.ndarray) -> np.ndarray:
    """OKLab ``(..., 3)`` float32 of uint8 sRGB ``(..., 3)`` (extra channels are ignored)."""
    linear = _LINEAR_LUT[np.asarray(rgb)[..., :3]]
    lms = np.cbrt(linear @ _M1.T)
    return lms @ _M2.T


@single_blas_thread
def oklab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """uint8 sRGB ``(..., 3)`` of OKLab values, clipped to the sRGB gamut and rounded."""
    lms = np.asarray(lab, dtype=np.float32) @ _M2_INV.T
    linear = np.clip((lms ** 3) @ _M1_INV.T, 0.0, 1.0)
    srgb = np.where(linear <= 0.0031308, linear * 12.92,
                    1.055 * np.power(linear, 1 / 2.4) - 0.055)
    return np.clip(np.rint(srgb * 255.0), 0, 255).astype(np.uint8)


@single_blas_thread
def nearest_indices(lab: np.ndarray, palette_lab: np.ndarray, chunk: int = 1 << 18) -> np.ndarray:
    """Index of the nearest palette colour (squared OKLab distance) for each row of ``lab``.

    ``lab`` is ``(N, 3)``; the work is done in chunks so memory stays bounded for big inputs.
    """
    points = np.asarray(lab, dtype=np.float32).reshape(-1, 3)
    pal = np.asarray(palette_lab, dtype=np.float32).reshape(-1, 3)
    pal_sq = (pal * pal).sum(axis=1)
    out = np.empty(len(points), dtype=np.intp)
    for start in range(0, len(points), chunk):
        part = points[start:start + chunk]
        # |p - q|^2 = |q|^2 - 2 p.q (+ |p|^2, the same for every q)
        out[start:start + chunk] = np.argmin(pal_sq - 2.0 * (part @ pal.T), axis=1)
    return out
