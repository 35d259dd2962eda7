"""Mask brush core cost: 1000 round dabs of radius 8 (size 17) along strokes on 200x200."""

from __future__ import annotations

import random

from studio.core.painting import mask as mask_ops

DABS = 1000


def test_bench_mask_dabs_200(benchmark):
    rnd = random.Random(5)
    points = [(rnd.randint(0, 199), rnd.randint(0, 199)) for _ in range(DABS)]

    def run() -> None:
        mask = mask_ops.new_mask(200, 200)
        for x, y in points:
            mask_ops.stamp(mask, x, y, 17, "round")

    benchmark(run)
    per_dab_us = benchmark.stats.stats.mean / DABS * 1e6
    benchmark.extra_info["microseconds_per_dab"] = round(per_dab_us, 2)
    print(f"\nmask: {per_dab_us:.2f} us per dab (core only, no repaint)")
    assert per_dab_us < 1000
