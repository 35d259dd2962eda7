"""Small shared helpers: seeds, neighbourhood shifts, dilation and outlines."""

from __future__ import annotations

import secrets

import numpy as np

MAX_SEED = 2**31 - 1


def resolve_seed(seed: int | None) -> int:
    """Seed 0 or None means "pick a random seed", like the live service."""
    if not seed:
        return secrets.randbelow(MAX_SEED - 1) + 1
    return int(seed) % MAX_SEED or 1


def make_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def shift(arr: np.ndarray, dy: int, dx: int, fill: int | bool = 0) -> np.ndarray:
    """Return ``arr`` moved by (dy, dx) in its first two axes, filling uncovered cells."""
    out = np.full_like(arr, fill)
    h, w = arr.shape[:2]
    src_y = slice(max(0, -dy), min(h, h - dy))
    dst_y = slice(max(0, dy), min(h, h + dy))
    src_x = slice(max(0, -dx), min(w, w - dx))
    dst_x = slice(max(0, dx), min(w, w + dx))
    out[dst_y, dst_x] = arr[src_y, src_x]
    return out


NEIGHBOURS_4 = ((-1, 0), (1, 0), (0, -1), (0, 1))
NEIGHBOURS_8 = NEIGHBOURS_4 + ((-1, -1), (-1, 1), (1, -1), (1, 1))


def dilate(mask: np.ndarray, steps: int = 1, diagonal: bool = False) -> np.ndarray:
    """Binary dilation with a 4- (or 8-) neighbourhood."""
    out = mask.astype(bool)
    offsets = NEIGHBOURS_8 if diagonal else NEIGHBOURS_4
    for _ in range(steps):
        grown = out.copy()
        for dy, dx in offsets:
            grown |= shift(out, dy, dx, False)
        out = grown
    return out


def erode(mask: np.ndarray, steps: int = 1) -> np.ndarray:
    return ~dilate(~mask.astype(bool), steps)


def depth_map(mask: np.ndarray, max_depth: int = 8) -> np.ndarray:
    """Approximate distance (in pixels, capped) of each mask pixel from the mask border."""
    depth = np.zeros(mask.shape, dtype=np.int32)
    current = mask.astype(bool)
    for _ in range(max_depth):
        if not current.any():
            break
        depth += current
        current = erode(current)
    return depth


def add_outline(
    rgba: np.ndarray, style: str | None, palette_dark: tuple[int, int, int]
) -> np.ndarray:
    """Draw a one pixel outline around the opaque area, in the requested PixelLab outline style.

    The outline is drawn on transparent pixels next to the sprite when there is room, otherwise on
    the sprite's own border pixels, so the silhouette never leaves the canvas.
    """
    if style is None or style == "lineless":
        return rgba
    out = rgba.copy()
    opaque = out[..., 3] > 0
    if not opaque.any():
        return out
    ring = dilate(opaque) & ~opaque
    inner = opaque & ~erode(opaque)
    edge_rows = np.zeros_like(opaque)
    edge_rows[[0, -1], :] = True
    edge_rows[:, [0, -1]] = True
    target = ring if ring.any() else inner
    target = target | (inner & edge_rows)
    if style == "selective outline":
        source = out[..., :3].astype(np.int32)
        spread = np.zeros_like(source)
        count = np.zeros(opaque.shape, dtype=np.int32)
        for dy, dx in NEIGHBOURS_4:
            moved = shift(opaque, dy, dx, False)
            spread += shift(source, dy, dx, 0) * moved[..., None]
            count += moved
        mean = spread // np.maximum(count, 1)[..., None]
        own = np.where(opaque[..., None], source, mean)
        colour = (own * 45 // 100).astype(np.uint8)
        out[target, :3] = colour[target]
    elif style == "single color black outline":
        out[target, :3] = 0
    else:
        out[target, :3] = palette_dark
    out[target, 3] = 255
    return out


def to_binary_alpha(rgba: np.ndarray, threshold: int = 128) -> np.ndarray:
    """Pixel art has no soft edges: alpha becomes 0 or 255 and hidden colour is cleared."""
    out = rgba.copy()
    opaque = out[..., 3] >= threshold
    out[..., 3] = np.where(opaque, 255, 0)
    out[~opaque, :3] = 0
    return out
