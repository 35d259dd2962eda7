"""Straight-alpha source-over compositing against a scalar reference formula."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.document.compositing import blend_over

px = st.tuples(*[st.integers(0, 255)] * 4)


def reference(dst: tuple, src: tuple, opacity: float) -> tuple:
    sa = src[3] / 255 * opacity
    da = dst[3] / 255
    oa = sa + da * (1 - sa)
    if oa == 0:
        return (0, 0, 0, 0)
    rgb = [(s * sa + d * da * (1 - sa)) / oa for s, d in zip(src[:3], dst[:3], strict=True)]
    return (*[round(c) for c in rgb], round(oa * 255))


@settings(max_examples=300, deadline=None)
@given(px, px, st.floats(0.0, 1.0))
def test_blend_matches_reference(dst: tuple, src: tuple, opacity: float) -> None:
    out = blend_over(np.array([[dst]], np.uint8), np.array([[src]], np.uint8), opacity)[0, 0]
    expected = reference(dst, src, opacity) if opacity > 0 else dst
    if out[3] == 0 and expected[3] == 0:
        return  # colour of an invisible pixel does not matter
    assert all(abs(int(a) - int(b)) <= 1 for a, b in zip(out, expected, strict=True))


def test_opaque_source_replaces_and_zero_opacity_keeps() -> None:
    dst = np.array([[[1, 2, 3, 255]]], np.uint8)
    src = np.array([[[9, 8, 7, 255]]], np.uint8)
    assert tuple(blend_over(dst, src)[0, 0]) == (9, 8, 7, 255)
    assert tuple(blend_over(dst, src, 0.0)[0, 0]) == (1, 2, 3, 255)
