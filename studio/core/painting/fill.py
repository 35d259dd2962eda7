"""4-connected region growing on a boolean image over its row runs, all in numpy.

The True pixels of each row form runs; runs of neighbouring rows that overlap are connected.
Connected runs get the same label by repeated min-propagation along those links with pointer
jumping, which converges in a few passes even for long snaking regions."""

from __future__ import annotations

import numpy as np


def row_runs(same: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, start and end (exclusive) column of every True run, in row-major order."""
    height, width = same.shape
    padded = np.zeros((height, width + 2), dtype=bool)
    padded[:, 1:-1] = same
    rows, cols = np.nonzero(padded[:, 1:] != padded[:, :-1])
    # every row begins and ends False, so its changes alternate start, end, start, ...
    return rows[0::2], cols[0::2], cols[1::2]


def _links(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray,
           width: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a, b) of runs where b lies in the row below a and overlaps it."""
    stride = width + 2
    start_key = rows * stride + starts
    end_key = rows * stride + ends
    below = (rows + 1) * stride
    lo = np.searchsorted(end_key, below + starts, side="right")
    hi = np.searchsorted(start_key, below + ends, side="left")
    counts = np.maximum(hi - lo, 0)
    src = np.repeat(np.arange(len(rows)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    dst = lo[src] + (np.arange(len(src)) - first)
    return src, dst


def run_labels(src: np.ndarray, dst: np.ndarray, count: int) -> np.ndarray:
    """Component label (its smallest run index) of each of ``count`` runs."""
    labels = np.arange(count)
    while True:
        low = np.minimum(labels[src], labels[dst])
        new = labels.copy()
        np.minimum.at(new, src, low)
        np.minimum.at(new, dst, low)
        new = new[new]
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def contiguous_region(same: np.ndarray, x: int, y: int) -> np.ndarray:
    """Pixels reachable from (x, y) through 4-neighbours that are True in ``same``."""
    height, width = same.shape
    region = np.zeros((height, width), dtype=bool)
    if not same[y, x]:
        return region
    rows, starts, ends = row_runs(same)
    seed = int(np.flatnonzero((rows == y) & (starts <= x) & (ends > x))[0])
    src, dst = _links(rows, starts, ends, width)
    labels = run_labels(src, dst, len(rows))
    keep = labels == labels[seed]
    delta = np.zeros((height, width + 1), dtype=np.int8)
    delta[rows[keep], starts[keep]] = 1  # runs of a row never touch, so no position repeats
    delta[rows[keep], ends[keep]] = -1
    region[:] = np.cumsum(delta, axis=1, dtype=np.int8)[:, :width] > 0
    return region
