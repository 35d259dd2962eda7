"""Find the pixel grid of an upscaled sprite: scale (also non-integer) and offset on each axis.

Each axis gets an edge profile: how much each column (row) differs from the one before, averaged
over the image. Cell borders of an upscaled sprite repeat every ``scale`` pixels, so the profile
has a spectral peak at frequency 1/scale whose phase gives the offset; blur and noise smear the
edges but leave that phase. The strongest peak may be a harmonic (scale/2, scale/3...), so the
candidates scale_peak * k are checked by rebuilding the axis from cell centres: the largest
scale whose rebuild is about as good as the best one wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.core.color.blas import single_blas_thread

MIN_SCALE = 1.5
MAX_SCALE = 32.0
MIN_COHERENCE = 0.35
"""Below this spectral coherence an axis counts as not upscaled (scale 1)."""
ROW_SAMPLES = 128
"""Rows (columns) averaged into an edge profile; more adds time, not accuracy."""


@dataclass(frozen=True)
class AxisGrid:
    scale: float
    offset: float
    """Where cell 0 starts, in [0, scale): pixel x is in cell floor((x + 0.5 - offset) / scale)."""
    coherence: float = 1.0

    def cells(self, length: int) -> tuple[int, int]:
        """First and last cell index touched by pixels 0..length-1."""
        first = int(np.floor((0.5 - self.offset) / self.scale))
        last = int(np.floor((length - 0.5 - self.offset) / self.scale))
        return first, last

    def centre_pixels(self, length: int) -> np.ndarray:
        """Pixel nearest to the centre of each cell, clipped to the image."""
        first, last = self.cells(length)
        centres = self.offset + (np.arange(first, last + 1) + 0.5) * self.scale
        return np.clip(np.floor(centres).astype(np.intp), 0, length - 1)


@dataclass(frozen=True)
class Grid:
    x: AxisGrid
    y: AxisGrid

    @property
    def upscaled(self) -> bool:
        return self.x.scale > 1 or self.y.scale > 1


def edge_profile(rgba: np.ndarray, axis: int) -> np.ndarray:
    """Mean colour change between neighbouring pixels along ``axis`` (1: columns, 0: rows).

    Entry ``i`` compares pixel ``i - 1`` and ``i`` (entry 0 is 0). Colours are premultiplied by
    alpha so the noise in invisible pixels does not count, and the noise floor (the lower
    quartile) is taken off.
    """
    img = rgba if axis == 1 else rgba.transpose(1, 0, 2)
    step = max(1, img.shape[0] // ROW_SAMPLES)
    rows = img[::step].astype(np.float32)
    rows[..., :3] *= rows[..., 3:] / 255.0
    diff = np.abs(np.diff(rows, axis=1)).sum(axis=2).mean(axis=0)
    diff = np.clip(diff - np.percentile(diff, 25), 0, None)  # the noise floor carries no grid
    return np.concatenate([[0.0], diff])


def _spectrum(profile: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(profile)
    size = 1 << int(np.ceil(np.log2(max(64 * n, 2))))
    values = np.fft.rfft(profile - profile.mean(), size)
    return np.fft.rfftfreq(size), values


def _coherence(profile: np.ndarray, scale: float) -> tuple[float, float]:
    """Coherence 0..1 of the profile's edges with period ``scale``, and the offset it implies."""
    x = np.arange(len(profile))
    phasor = (profile * np.exp(-2j * np.pi * x / scale)).sum()
    total = profile.sum()
    coherence = float(abs(phasor) / total) if total > 0 else 0.0
    offset = float((-np.angle(phasor) / (2 * np.pi) * scale) % scale)
    return coherence, offset


def _rebuild_error(rgba: np.ndarray, axis: int, grid: AxisGrid) -> float:
    """Mean difference between the image and the image rebuilt from cell-centre pixels."""
    img = rgba if axis == 1 else rgba.transpose(1, 0, 2)
    length = img.shape[1]
    first, _ = grid.cells(length)
    cell = np.floor((np.arange(length) + 0.5 - grid.offset) / grid.scale).astype(np.intp) - first
    source = grid.centre_pixels(length)[cell]
    step = max(1, img.shape[0] // ROW_SAMPLES)
    rows = img[::step].astype(np.int16)
    return float(np.abs(rows - rows[:, source]).mean())


def detect_axis(rgba: np.ndarray, axis: int, max_scale: float = MAX_SCALE) -> AxisGrid:
    """Scale and offset along one axis (scale 1 when the axis shows no grid)."""
    profile = edge_profile(rgba, axis)
    length = len(profile)
    max_scale = min(max_scale, length / 2)
    if max_scale < MIN_SCALE or profile.sum() <= 0:
        return AxisGrid(1.0, 0.0, 0.0)
    freqs, values = _spectrum(profile)
    band = (freqs >= 1 / max_scale) & (freqs <= 1 / MIN_SCALE)
    peak = float(freqs[band][np.argmax(np.abs(values[band]))])
    candidates = []
    for k in range(1, int(max_scale * peak) + 1):
        scale = _refine(profile, k / peak)
        coherence, offset = _coherence(profile, scale)
        if coherence >= MIN_COHERENCE:
            scale, offset = fit_edges(profile, scale, offset)
            candidates.append(AxisGrid(scale, offset, coherence))
    if not candidates:
        return AxisGrid(1.0, 0.0, 0.0)
    errors = [_rebuild_error(rgba, axis, c) for c in candidates]
    best = min(errors)
    good = [c for c, e in zip(candidates, errors, strict=True) if e <= 1.25 * best + 1.0]
    return max(good, key=lambda c: c.scale)


def _refine(profile: np.ndarray, scale: float) -> float:
    """The period near ``scale`` (within 3 %) with the highest coherence (a local search)."""
    width = min(scale * scale / len(profile), scale * 0.03) / 8  # ~ a spectral bin as a period
    x = np.arange(len(profile))
    for step in (width, width / 10):
        cands = scale + step * np.arange(-8, 9)
        cands = cands[(cands >= MIN_SCALE) & (cands <= len(profile) / 2)]
        if len(cands) == 0:
            break
        phasors = np.exp(-2j * np.pi * x[None, :] / cands[:, None]) @ profile
        scale = float(cands[np.argmax(np.abs(phasors))])
    return scale


def fit_edges(profile: np.ndarray, scale: float, offset: float, rounds: int = 3
              ) -> tuple[float, float]:
    """Scale and offset fitted (weighted least squares) to the centroids of the edges seen near
    each predicted cell border; more precise than the spectrum for non-integer scales."""
    x = np.arange(len(profile), dtype=np.float64)
    half = max(0.75, min(scale / 2 - 0.25, 3.0))
    for _ in range(rounds):
        ks = np.arange(np.floor(-offset / scale), np.ceil((len(profile) - offset) / scale) + 1)
        borders = offset + ks * scale
        near = np.abs(x[None, :] - borders[:, None]) <= half
        weight = (profile[None, :] * near).sum(axis=1)
        used = weight > 0.05 * max(float(weight.max()), 1e-9)
        if used.sum() < 3:
            break
        centroid = (profile[None, :] * near * x[None, :]).sum(axis=1)[used] / weight[used]
        slope, intercept = np.polyfit(ks[used], centroid, 1, w=np.sqrt(weight[used]))
        if not MIN_SCALE <= slope <= len(profile) / 2 or abs(slope - scale) > 0.05 * scale:
            break
        scale, offset = float(slope), float(intercept % slope)
    return scale, offset


@single_blas_thread
def detect_grid(rgba: np.ndarray, max_scale: float = MAX_SCALE) -> Grid:
    """The grid on both axes; a weak axis borrows the scale found on the other one."""
    gx, gy = detect_axis(rgba, 1, max_scale), detect_axis(rgba, 0, max_scale)
    if gx.coherence < MIN_COHERENCE <= gy.coherence:
        gx = _borrow(rgba, 1, gy.scale)
    elif gy.coherence < MIN_COHERENCE <= gx.coherence:
        gy = _borrow(rgba, 0, gx.scale)
    return Grid(gx, gy)


def _borrow(rgba: np.ndarray, axis: int, scale: float) -> AxisGrid:
    coherence, offset = _coherence(edge_profile(rgba, axis), scale)
    return AxisGrid(scale, offset, coherence)
