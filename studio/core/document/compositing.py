"""Straight-alpha "source over" compositing of RGBA uint8 arrays (vectorised with numpy)."""

from __future__ import annotations

import numpy as np


def blend_over(dst: np.ndarray, src: np.ndarray, opacity: float = 1.0) -> np.ndarray:
    """Return ``src`` composited over ``dst`` (both (h, w, 4) uint8, straight alpha)."""
    if opacity <= 0.0:
        return dst.copy()
    if opacity >= 1.0 and bool((src[..., 3] == 255).all()):
        return src.copy()  # fully opaque source: nothing of dst shows through
    src_w = src[..., 3].astype(np.float32)
    src_w *= min(opacity, 1.0) / 255.0
    dst_w = dst[..., 3].astype(np.float32)
    dst_w *= 1.0 / 255.0
    dst_w *= 1.0 - src_w
    out_a = src_w + dst_w
    inv = np.divide(1.0, out_a, out=np.zeros_like(out_a), where=out_a > 0)
    src_w *= inv  # the two colour weights now sum to 1 wherever anything is visible
    dst_w *= inv
    rgb = src[..., :3] * src_w[..., None]
    rgb += dst[..., :3] * dst_w[..., None]
    np.rint(rgb, out=rgb)
    out_a *= 255.0
    np.rint(out_a, out=out_a)
    out = np.empty_like(dst)
    out[..., :3] = rgb
    out[..., 3] = out_a
    return out


def composite_stack(
    layers: list[tuple[np.ndarray, float]], height: int, width: int
) -> np.ndarray:
    """Composite ``(pixels, opacity)`` pairs bottom to top onto a transparent canvas."""
    out = np.zeros((height, width, 4), dtype=np.uint8)
    first = True
    for pixels, opacity in layers:
        if first and opacity >= 1.0:
            out[...] = pixels
        else:
            out = blend_over(out, pixels, opacity)
        first = False
    return out
