"""Map pixels to a palette: nearest OKLab colour, ordered (Bayer) or Floyd-Steinberg dithering.

Only the colour of visible pixels changes; alpha is kept (``reduce`` snaps it first when asked).
Floyd-Steinberg is serial by nature (each pixel's error feeds the next), which NumPy cannot
vectorise; it runs in C through Pillow's ``quantize(palette=..., dither=FLOYDSTEINBERG)``, which
measures distance in RGB. The other modes decide in OKLab.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from PIL import Image

from .oklab import nearest_indices, srgb_to_oklab

Dither = Literal["none", "bayer2", "bayer4", "bayer8", "floyd_steinberg"]
DITHER_LABELS: dict[str, str] = {
    "none": "None",
    "bayer2": "Ordered (Bayer 2x2)",
    "bayer4": "Ordered (Bayer 4x4)",
    "bayer8": "Ordered (Bayer 8x8)",
    "floyd_steinberg": "Floyd-Steinberg",
}


LOOKUP_MIN_PIXELS = 1 << 16
"""From this many pixels on, the cube lookup of ``nearest_colors`` pays for itself."""


def bayer_matrix(size: int) -> np.ndarray:
    """The ``size`` x ``size`` Bayer threshold matrix (size 2, 4 or 8), values in [-0.5, 0.5)."""
    if size not in (2, 4, 8):
        raise ValueError(f"Bayer matrices are 2, 4 or 8 wide, got {size}")
    m = np.zeros((1, 1), dtype=np.int64)
    while m.shape[0] < size:
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return (m + 0.5) / (size * size) - 0.5


def remap_pixels(rgba: np.ndarray, palette: np.ndarray, dither: Dither = "none") -> np.ndarray:
    """A copy of ``rgba`` (H, W, 4) whose visible pixels take colours of ``palette`` (K, 3+)."""
    pal = np.ascontiguousarray(np.asarray(palette, dtype=np.uint8)[:, :3])
    index = palette_indices(rgba, pal, dither)
    out = rgba.copy()
    visible = index >= 0
    out[visible, :3] = pal[index[visible]]
    return out


def palette_indices(rgba: np.ndarray, palette: np.ndarray, dither: Dither = "none") -> np.ndarray:
    """Palette index chosen for each pixel of ``rgba`` (H, W, 4); -1 where alpha is 0."""
    if dither not in DITHER_LABELS:
        raise ValueError(f"unknown dithering {dither!r}; use one of {', '.join(DITHER_LABELS)}")
    pal = np.ascontiguousarray(np.asarray(palette, dtype=np.uint8)[:, :3])
    if len(pal) == 0:
        raise ValueError("the palette is empty")
    visible = rgba[..., 3] > 0
    index = np.full(visible.shape, -1, dtype=np.intp)
    if not visible.any():
        return index
    if dither == "floyd_steinberg":
        index[visible] = _floyd_steinberg(rgba, visible, pal)[visible]
        return index
    rgb = rgba[visible][:, :3]
    if dither != "none":
        ys, xs = np.nonzero(visible)
        size = int(dither[-1])
        amount = palette_spread(pal) / np.sqrt(3.0)
        shift = bayer_matrix(size)[ys % size, xs % size] * amount
        rgb = np.clip(np.rint(rgb + shift[:, None]), 0, 255).astype(np.uint8)
    index[visible] = nearest_colors(rgb, pal)
    return index


def nearest_colors(rgb: np.ndarray, pal: np.ndarray) -> np.ndarray:
    """OKLab-nearest palette index of each ``(N, 3)`` uint8 colour.

    Shortcut for big inputs: the nearest colour is found once for the corners of every 8-level
    RGB cube; where all 8 corners agree, the whole cube takes that colour, and only pixels in
    cubes that straddle a boundary are measured one by one.
    """
    if len(rgb) < LOOKUP_MIN_PIXELS:
        return nearest_indices(srgb_to_oklab(rgb), srgb_to_oklab(pal))
    levels = np.minimum(np.arange(33) * 8, 255).astype(np.uint8)
    corners = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), -1).reshape(-1, 3)
    corner_index = nearest_indices(srgb_to_oklab(corners), srgb_to_oklab(pal)).reshape(33, 33, 33)
    c = corner_index
    cube = c[:-1, :-1, :-1]
    same = np.ones(cube.shape, dtype=bool)
    for dr in (0, 1):
        for dg in (0, 1):
            for db in (0, 1):
                same &= c[dr:32 + dr, dg:32 + dg, db:32 + db] == cube
    cell = rgb >> 3
    flat_cell = (cell[:, 0].astype(np.intp) << 10) | (cell[:, 1].astype(np.intp) << 5) | cell[:, 2]
    out = cube.ravel()[flat_cell]
    unsure = ~same.ravel()[flat_cell]
    if unsure.any():
        out[unsure] = nearest_indices(srgb_to_oklab(rgb[unsure]), srgb_to_oklab(pal))
    return out


def palette_spread(pal: np.ndarray) -> float:
    """Median RGB distance from each palette colour to its nearest neighbour (dither strength)."""
    if len(pal) < 2:
        return 0.0
    p = pal.astype(np.float64)
    dist = np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(dist, np.inf)
    return float(np.median(dist.min(axis=1)))


def _floyd_steinberg(rgba: np.ndarray, visible: np.ndarray, pal: np.ndarray) -> np.ndarray:
    """Palette index of every pixel, by Pillow's Floyd-Steinberg (C, RGB distance)."""
    rgb = rgba[..., :3].copy()
    rgb[~visible] = pal[0]  # exactly a palette colour: no error flows out of hidden pixels
    padded = np.concatenate([pal, np.repeat(pal[:1], 256 - len(pal), axis=0)])
    palette_image = Image.new("P", (1, 1))
    palette_image.putpalette(padded.tobytes())
    image = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    indices = np.asarray(image.quantize(palette=palette_image,
                                        dither=Image.Dither.FLOYDSTEINBERG)).astype(np.intp)
    return np.where(indices < len(pal), indices, 0)  # the padding repeats colour 0
