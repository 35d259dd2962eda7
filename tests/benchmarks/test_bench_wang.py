"""Wang corner map: 10,000 random corner edits (with tile update) on a 128x128 map."""

from __future__ import annotations

import random

from studio.core.tiles.corners import CornerMap

EDITS = 10_000


def _edits(seed: int) -> list[tuple[int, int]]:
    rnd = random.Random(seed)
    return [(rnd.randint(0, 128), rnd.randint(0, 128)) for _ in range(EDITS)]


def test_bench_corner_edits_128(benchmark):
    edits = _edits(7)

    def run() -> int:
        cmap = CornerMap(128, 128)
        changed = 0
        for vx, vy in edits:  # toggle, so every edit really changes its vertex and tiles
            changed += len(cmap.set_corner(vx, vy, 1 - cmap.corner(vx, vy)))
        return changed

    changed = benchmark(run)
    assert changed > 3 * EDITS  # ~4 tiles per edit (fewer on the border)
    per_edit_us = benchmark.stats.stats.mean / EDITS * 1e6
    benchmark.extra_info["microseconds_per_edit"] = round(per_edit_us, 3)
    print(f"\nwang: {per_edit_us:.3f} us per corner edit + tile update")
    assert per_edit_us < 20.0


def test_bench_resolve_full_map_128(benchmark):
    """Resolving every cell of a 128x128 map to tile keys (what a full repaint needs)."""
    from studio.core.tiles.corners import TileSetTerrain

    ts = TileSetTerrain()
    for i in range(16):
        if i not in (6, 9):  # two missing combinations exercise the fallback path
            ts.add_tile(i, f"tile-{i}")
    cmap = CornerMap(128, 128)
    cmap.noise_fill(0.5, seed=3)
    result = benchmark(cmap.resolve, ts)
    assert len(result.keys) == 128 and result.fallback.any()
    print(f"\nwang: full 128x128 resolve {benchmark.stats.stats.mean * 1e3:.3f} ms")
