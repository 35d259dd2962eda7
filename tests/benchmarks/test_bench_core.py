"""Core document benchmarks: brush strokes, fill, composite, undo, project save/load.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks/test_bench_core.py \
     --benchmark-enable --benchmark-only -q
"""

from __future__ import annotations

import math

import numpy as np

from studio.core.document.document import Document, Layer
from studio.core.fileio.project import load_project_bytes, project_bytes
from studio.core.painting import pixels as tools
from studio.core.painting.stroke import Stroke

SIZE = 400
DABS = 1000


def dab_path() -> list[tuple[int, int]]:
    """1000 positions on a wobbly loop across the canvas, one pixel-ish apart."""
    return [(int(200 + 150 * math.cos(i / 160) + 20 * math.sin(i / 7)),
             int(200 + 150 * math.sin(i / 160))) for i in range(DABS)]


def stroke_1000_dabs(doc: Document) -> None:
    path = dab_path()
    stroke = Stroke(doc, 0, 0, (200, 30, 30, 255), size=9, shape="circle")  # radius 4
    stroke.begin(*path[0])
    for x, y in path[1:]:
        stroke.move_to(x, y)
    stroke.end()


def test_bench_brush_stroke_1000_dabs_radius_4(benchmark) -> None:
    def setup():
        return (Document.new(SIZE, SIZE),), {}

    benchmark.pedantic(stroke_1000_dabs, setup=setup, rounds=10, iterations=1)
    per_dab_ms = benchmark.stats.stats.median * 1000 / DABS
    benchmark.extra_info["per_dab_ms"] = per_dab_ms
    assert per_dab_ms < 1.0


def test_bench_undo_redo_of_a_stroke(benchmark) -> None:
    doc = Document.new(SIZE, SIZE)
    stroke_1000_dabs(doc)

    def cycle() -> None:
        doc.history.undo()
        doc.history.redo()

    benchmark(cycle)


def test_bench_flood_fill_contiguous_400(benchmark) -> None:
    doc = Document.new(SIZE, SIZE)
    stroke_1000_dabs(doc)
    colours = iter(range(10**9))

    def fill() -> None:
        tools.flood_fill(doc, 0, 0, 0, 0, (0, 0, next(colours) % 250 + 1, 255))

    benchmark(fill)


def test_bench_composite_three_layers_400(benchmark) -> None:
    rng = np.random.default_rng(0)
    doc = Document.new(SIZE, SIZE)
    for i in range(2):
        doc.add_layer(0, Layer(f"L{i}", rng.integers(0, 256, (SIZE, SIZE, 4), dtype=np.uint8),
                               opacity=0.7))
    benchmark(doc.composite, 0)


def test_bench_project_save_load_8_frames(benchmark) -> None:
    rng = np.random.default_rng(1)
    frames = [(rng.integers(0, 4, (SIZE, SIZE, 4), dtype=np.uint8) * 60, 100) for _ in range(8)]
    doc = Document.from_frames(frames)
    benchmark(lambda: load_project_bytes(project_bytes(doc)))
