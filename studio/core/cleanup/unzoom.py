"""Unzoom: turn an upscaled, blurred or noisy sprite back into one pixel per grid cell.

Each cell gives the per-channel median of its inner pixels (the ones away from the blurred
borders), so a cell's dominant colour wins rather than a blend with its neighbours. Then colours
closer than ``tolerance`` are merged into one, whose value is the median of all the inner pixels
of its cells: noise cancels out over every cell of that colour, and the art keeps few colours.
"""

from __future__ import annotations

import numpy as np

from studio.core.color.blas import single_blas_thread

from .grid import AxisGrid, Grid, detect_grid

DEFAULT_TOLERANCE = 24.0
"""RGBA distance under which two cell colours count as the same colour."""
ALPHA_THRESHOLD = 128
FINE_RADIUS = 8.0
"""Second pass of a colour's median: only pixels this close, so blurred borders do not count."""
FLATNESS = 20.0
"""Largest colour step to any neighbour for a pixel to count as inside a flat area."""
MIN_FLAT = 48
"""Flat pixels a colour needs for its value to come from flat pixels only."""
MAX_SAMPLES = 1 << 18
"""Image pixels looked at for that second pass (evenly strided)."""


def _inner_pixels(grid: AxisGrid, length: int) -> np.ndarray:
    """``(cells, n)`` pixel indices inside each cell, away from its borders (repeats pad rows)."""
    first, last = grid.cells(length)
    starts = grid.offset + np.arange(first, last + 1) * grid.scale
    margin = max(0.0, (grid.scale - 1.0) * 0.3)
    lo = np.ceil(starts + margin - 0.5).astype(np.intp)
    hi = np.floor(starts + grid.scale - margin - 0.5).astype(np.intp)
    centre = grid.centre_pixels(length)
    lo, hi = np.clip(lo, 0, length - 1), np.clip(hi, 0, length - 1)
    empty = hi < lo
    lo[empty], hi[empty] = centre[empty], centre[empty]
    count = int((hi - lo).max()) + 1
    picks = lo[:, None] + np.arange(count)[None, :]
    return np.minimum(picks, hi[:, None])


def cell_samples(rgba: np.ndarray, grid: Grid) -> np.ndarray:
    """``(rows, cols, n, 4)`` uint8: the inner pixels of each cell (padded by repeats)."""
    h, w = rgba.shape[:2]
    ys, xs = _inner_pixels(grid.y, h), _inner_pixels(grid.x, w)
    block = rgba[ys[:, :, None, None], xs[None, None, :, :]]  # (rows, ny, cols, nx, 4)
    rows, ny, cols, nx, _ = block.shape
    return block.transpose(0, 2, 1, 3, 4).reshape(rows, cols, ny * nx, 4)


def cluster_colors(colors: np.ndarray, tolerance: float, limit: int = 1024
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Greedy clusters of ``(N, 4)`` colours, most frequent first: label per colour, centres.

    Past ``limit`` clusters (not pixel art) the remaining colours each keep their own.
    """
    values, inverse, counts = np.unique(np.ascontiguousarray(colors).view(np.uint32).ravel(),
                                        return_inverse=True, return_counts=True)
    distinct = values.astype(np.uint32).view(np.uint8).reshape(-1, 4).astype(np.float64)
    label = np.full(len(distinct), -1, dtype=np.intp)
    centres: list[np.ndarray] = []
    for i in np.argsort(-counts, kind="stable"):
        if label[i] >= 0:
            continue
        near = (label < 0) if len(centres) < limit else np.zeros_like(label, dtype=bool)
        near &= np.sqrt(((distinct - distinct[i]) ** 2).sum(axis=1)) <= tolerance
        near[i] = True
        label[near] = len(centres)
        centres.append(distinct[i])
    return label[inverse.ravel()], np.asarray(centres)


def _cluster_values(rgba: np.ndarray, samples: np.ndarray, labels: np.ndarray,
                    centres: np.ndarray, tolerance: float) -> np.ndarray:
    """Each cluster's value: first the median of its cells' inner pixels near its centre, then
    the median of every flat pixel of the image within ``FINE_RADIUS`` of that (more samples, so
    noise cancels; flat ones only, so blurred borders do not pull it)."""
    flat = samples.reshape(len(labels), -1, 4)
    values = centres.copy()
    flat_mask = flat_pixels(rgba)
    pools = [rgba[flat_mask], rgba.reshape(-1, 4)]
    pools = [p[:: max(1, len(p) // MAX_SAMPLES)].astype(np.float32) for p in pools]
    fine = min(tolerance, FINE_RADIUS) ** 2
    for j in range(len(centres)):
        pixels = flat[labels == j].reshape(-1, 4).astype(np.float32)
        near = ((pixels - values[j]) ** 2).sum(axis=1) <= tolerance * tolerance
        values[j] = np.median(pixels[near], axis=0) if near.any() else values[j]
        for pool in pools:  # flat pixels when there are enough of them, else every pixel
            near = ((pool - values[j]) ** 2).sum(axis=1) <= fine
            if near.sum() >= MIN_FLAT:  # flat pixels: the mean has the least noise
                values[j] = pool[near].mean(axis=0)
                break
            if near.any() and pool is pools[-1]:  # with borders: the median resists blur
                values[j] = np.median(pool[near], axis=0)
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def flat_pixels(rgba: np.ndarray, threshold: float = FLATNESS) -> np.ndarray:
    """Pixels whose 8 neighbours all lie within ``threshold`` (RGBA distance) of them."""
    img = rgba.astype(np.float32)
    h, w = img.shape[:2]
    padded = np.pad(img, ((1, 1), (1, 1), (0, 0)), mode="edge")
    worst = np.zeros((h, w), dtype=np.float32)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dx or dy:
                shifted = padded[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
                np.maximum(worst, ((shifted - img) ** 2).sum(axis=2), out=worst)
    return worst <= threshold * threshold


@single_blas_thread
def unzoom(rgba: np.ndarray, grid: Grid | None = None,
           tolerance: float = DEFAULT_TOLERANCE) -> np.ndarray:
    """One pixel per grid cell of ``rgba`` (the grid is detected when not given).

    Alpha is snapped to 0/255 at 128 and invisible cells become (0, 0, 0, 0). An image with no
    detectable grid comes back unchanged (as a copy).
    """
    grid = detect_grid(rgba) if grid is None else grid
    if not grid.upscaled:
        return rgba.copy()
    samples = cell_samples(rgba, grid)
    rows, cols = samples.shape[:2]
    medians = np.rint(np.median(samples, axis=2)).astype(np.uint8).reshape(-1, 4)
    if tolerance > 0:
        labels, centres = cluster_colors(medians, tolerance)
        cells = _cluster_values(rgba, samples, labels, centres, tolerance)[labels]
    else:
        cells = medians
    cells = cells.reshape(rows, cols, 4).copy()
    solid = cells[..., 3] >= ALPHA_THRESHOLD
    cells[..., 3] = np.where(solid, 255, 0)
    cells[~solid] = 0
    return cells


def resample(rgba: np.ndarray, width: int, height: int) -> np.ndarray:
    """``rgba`` at ``width`` x ``height``: each output pixel is the median colour of the source
    block it covers (shrinking) or the source pixel under its centre (growing); alpha 0/255."""
    out = _resample_axis(_resample_axis(rgba, 1, width), 0, height)
    solid = out[..., 3] >= ALPHA_THRESHOLD
    out[..., 3] = np.where(solid, 255, 0)
    out[~solid] = 0
    return out


def _resample_axis(rgba: np.ndarray, axis: int, size: int) -> np.ndarray:
    length = rgba.shape[axis]
    if size > length:  # growing: the source pixel under each new pixel's centre
        source = np.floor((np.arange(size) + 0.5) * length / size).astype(np.intp)
        return np.ascontiguousarray(np.take(rgba, source, axis=axis))
    if size == length:
        return rgba.copy()
    keep = AxisGrid(1.0, 0.0)
    step = AxisGrid(length / size, 0.0)
    grid = Grid(step, keep) if axis == 1 else Grid(keep, step)
    cells = np.rint(np.median(cell_samples(rgba, grid), axis=2)).astype(np.uint8)
    return np.ascontiguousarray(cells[:, :size] if axis == 1 else cells[:size])
