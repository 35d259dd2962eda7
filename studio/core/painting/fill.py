"""4-connected region growing on a boolean image, span by span (no per-pixel Python loop)."""

from __future__ import annotations

import numpy as np


def _row_runs(row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) columns of the True runs of a boolean row."""
    padded = np.concatenate(([False], row, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return edges[0::2], edges[1::2]


def contiguous_region(same: np.ndarray, x: int, y: int) -> np.ndarray:
    """Pixels reachable from (x, y) through 4-neighbours that are True in ``same``."""
    height = same.shape[0]
    region = np.zeros_like(same, dtype=bool)
    if not same[y, x]:
        return region
    runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    done: set[tuple[int, int]] = set()

    def runs_of(row: int) -> tuple[np.ndarray, np.ndarray]:
        if row not in runs:
            runs[row] = _row_runs(same[row])
        return runs[row]

    starts, _ = runs_of(y)
    stack = [(y, int(np.searchsorted(starts, x, side="right")) - 1)]
    while stack:
        row, idx = stack.pop()
        if (row, idx) in done:
            continue
        done.add((row, idx))
        starts, ends = runs_of(row)
        s, e = int(starts[idx]), int(ends[idx])
        region[row, s:e] = True
        for nrow in (row - 1, row + 1):
            if 0 <= nrow < height:
                nstarts, nends = runs_of(nrow)
                # runs of the neighbour row that overlap [s, e)
                lo = int(np.searchsorted(nends, s, side="right"))
                hi = int(np.searchsorted(nstarts, e, side="left"))
                stack.extend((nrow, j) for j in range(lo, hi) if (nrow, j) not in done)
    return region
