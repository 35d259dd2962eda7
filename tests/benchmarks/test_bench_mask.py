"""Mask brush with repaint (issue 6): 1000 dabs of radius 8 on a 200x200 sprite at 16x zoom.

Every dab goes through the whole path the canvas uses: MaskStroke -> Document.set_mask_pixels
(history atom) -> mask_changed -> FrameDisplay recomposite of the dab's rectangle (with the
mask tint) -> the canvas asks for a partial update -> that screen rectangle is rendered into an
offscreen QImage (nearest-neighbour blit + grid + overlays). Target: <= 1 ms per dab.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks/test_bench_mask.py \
         --benchmark-enable --benchmark-only -p no:cacheprovider -s
"""

from __future__ import annotations

import math
import os
import random

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from studio.core.document.document import Document  # noqa: E402
from studio.core.painting.mask_stroke import MaskStroke  # noqa: E402
from studio.ui.canvas import CanvasWidget  # noqa: E402
from studio.ui.mask import MaskController  # noqa: E402

DABS = 1000
SIZE = 17  # radius 8: a 17 px round tip
VIEW_W, VIEW_H = 3200, 3200  # the whole sprite is on screen at 16x
ZOOM = 16


def walk(seed: int = 11) -> list[tuple[int, int]]:
    """Strokes of single-pixel steps, each dab reaching unpainted pixels: rows 17 px apart,
    alternating direction, with a little random vertical jitter."""
    rnd = random.Random(seed)
    points: list[tuple[int, int]] = []
    row, x, step = 8, 8, 1
    while len(points) < DABS:
        points.append((x, row + rnd.choice((-1, 0, 0, 1))))
        x += step
        if not 8 <= x <= 191:
            step, x, row = -step, x - step, row + 17
    return points


def test_bench_mask_brush_with_repaint(benchmark, qapp):
    canvas = CanvasWidget()
    canvas.resize(VIEW_W, VIEW_H)
    MaskController(canvas)
    canvas.set_tool("mask.brush")
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(200, 200, 4), dtype=np.uint8)
    points = walk()
    target = QImage(VIEW_W, VIEW_H, QImage.Format.Format_ARGB32_Premultiplied)
    exposed: list[QRect] = []
    canvas.update = lambda *args: exposed.extend(a for a in args if isinstance(a, QRect))
    state: dict[str, object] = {}

    def setup():
        doc = Document.from_image(pixels, "bench")
        doc.frames[0].mask = np.zeros((200, 200), np.uint8)
        canvas.set_document(doc)
        canvas.set_view(ZOOM, 0.0, 0.0)
        canvas.display()
        exposed.clear()
        state["doc"] = doc
        return (), {}

    def run():
        doc = state["doc"]
        stroke = MaskStroke(doc, 0, SIZE, "round")
        painter = QPainter(target)
        try:
            stroke.begin(*points[0])
            for x, y in points[1:]:
                stroke.move_to(x, y)
                state["repaints"] = int(state.get("repaints", 0)) + bool(exposed)
                while exposed:
                    rect = exposed.pop()
                    canvas.renderer.paint(painter, rect, canvas.display(),
                                          canvas.screen_overlays)
            stroke.end()
        finally:
            painter.end()

    benchmark.pedantic(run, setup=setup, rounds=5, iterations=1)
    per_dab_ms = benchmark.stats.stats.mean / DABS * 1000
    benchmark.extra_info["ms_per_dab"] = round(per_dab_ms, 4)
    doc = state["doc"]
    repainted = int(state["repaints"]) / 5 / (DABS - 1)
    benchmark.extra_info["dabs_with_repaint"] = round(repainted, 3)
    assert repainted > 0.9  # nearly every dab changed pixels and was repainted
    assert doc.history.undo_count == 1  # the whole stroke is one undo step
    assert math.isclose(float(doc.frames[0].mask.max()), 255.0)
    print(f"\nmask brush: {per_dab_ms * 1000:.0f} us per dab incl. recomposite and repaint "
          f"({repainted:.0%} of the dabs changed pixels)")
    assert per_dab_ms <= 1.0
