"""Poses as data: retargeting a 16-frame sequence (target: at most 5 ms)."""

from __future__ import annotations

from studio.core.skeleton.retarget import retarget_sequence
from studio.core.skeleton.sequence import BASE_POSE, fit_starter


def test_retarget_16_frames(benchmark):
    source = list(fit_starter("walk", BASE_POSE).poses) * 2
    target = fit_starter("idle", BASE_POSE).poses[0]
    out = benchmark(retarget_sequence, source, source[0], (64, 64), target, (96, 80))
    assert len(out) == 16
