"""Tileset preview: full repaint of a 128x128-tile map at 1x, and corner edits through the view."""

from __future__ import annotations

import os
import random

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPointF, QRect  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from studio.ui.tileset.map_view import TileMapView  # noqa: E402
from tests.ui.tileset_helpers import corner_tiles  # noqa: E402

TS = 16
SIDE = 128
EDITS = 10_000


@pytest.fixture
def big_view(qapp) -> TileMapView:
    view = TileMapView(TS, SIDE, SIDE)
    view.set_tileset(0, corner_tiles(TS, missing=(6, 9)))  # fallbacks are drawn too
    view.noise_fill(0.5, seed=3)
    view.set_zoom(1.0)
    view.set_offset(QPointF(0, 0))
    yield view
    view.deleteLater()


def _repaint(view: TileMapView, target: QImage) -> None:
    painter = QPainter(target)
    view.render_region(painter, QRect(0, 0, target.width(), target.height()))
    painter.end()


def test_bench_full_repaint_128x128_at_1x(benchmark, big_view):
    target = QImage(SIDE * TS, SIDE * TS, QImage.Format.Format_ARGB32_Premultiplied)
    _repaint(big_view, target)  # build the tile cache once, like the first paint on screen
    benchmark(_repaint, big_view, target)
    ms = benchmark.stats.stats.mean * 1e3
    benchmark.extra_info["milliseconds_per_repaint"] = round(ms, 3)
    print(f"\ntileset preview: full 128x128 repaint at 1x {ms:.2f} ms")
    assert ms <= 30.0


def test_bench_cold_cache_rebuild_128x128(benchmark, big_view):
    """Recomposing the whole 1:1 map cache (after a tileset change), then one repaint."""
    target = QImage(SIDE * TS, SIDE * TS, QImage.Format.Format_ARGB32_Premultiplied)

    def rebuild() -> None:
        big_view.renderer.mark_all()
        _repaint(big_view, target)

    benchmark(rebuild)
    print(f"\ntileset preview: cold rebuild + repaint {benchmark.stats.stats.mean * 1e3:.2f} ms")


def test_bench_view_corner_edits_128(benchmark, big_view):
    """10,000 corner edits through the view (model update, dirty cells, repaint request)."""
    rnd = random.Random(11)
    edits = [(rnd.randint(0, SIDE), rnd.randint(0, SIDE)) for _ in range(EDITS)]
    vertices = big_view.model.vertices

    def run() -> int:
        changed = 0
        for vx, vy in edits:  # toggle so each edit really changes four tiles
            changed += len(big_view.paint_corner(vx, vy, 1 - int(vertices[vy, vx])))
        big_view.renderer.flush()
        return changed

    changed = benchmark.pedantic(run, rounds=3, iterations=1)
    assert changed > 3 * EDITS
    per_edit_us = benchmark.stats.stats.mean / EDITS * 1e6
    benchmark.extra_info["microseconds_per_edit"] = round(per_edit_us, 3)
    print(f"\ntileset preview: {per_edit_us:.2f} us per corner edit incl. cache update")
