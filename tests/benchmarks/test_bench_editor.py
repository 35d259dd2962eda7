"""Editor benchmarks (issue 17): magic wand, selection transform preview, sheet export.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks/test_bench_editor.py \
         --benchmark-enable --benchmark-only -q
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.core.document.document import Document  # noqa: E402
from studio.core.document.tags import FrameTag  # noqa: E402
from studio.core.exporters.document_export import ExportSettings, export_document  # noqa: E402
from studio.core.selection.shapes import magic_wand  # noqa: E402
from studio.ui.canvas import CanvasWidget  # noqa: E402
from studio.ui.canvas.selection_overlay import handle_boxes  # noqa: E402

SPRITE = 400


def generated_sprite(size: int = SPRITE, seed: int = 5) -> np.ndarray:
    """A sprite like a generated one: a round figure of a few flat colour bands on a
    transparent background, with some single-pixel noise (dithering, stray pixels)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    c = size / 2
    r = np.hypot(xx - c, yy - c)
    band = (r / (size / 14)).astype(int) % 5
    palette = rng.integers(0, 256, size=(5, 4), dtype=np.uint8)
    palette[:, 3] = 255
    px = palette[band]
    noise = rng.random((size, size)) < 0.02
    px[noise] = palette[(band[noise] + 1) % 5]
    px[r > size * 0.45] = 0
    return np.ascontiguousarray(px)


@pytest.mark.parametrize("contiguous", [True, False])
def test_bench_magic_wand_400(benchmark, contiguous: bool) -> None:
    px = generated_sprite()
    sel = benchmark(magic_wand, px, 5, 5, 0, contiguous)  # the transparent background
    assert sel is not None and sel.pixel_count > 0.15 * SPRITE * SPRITE
    benchmark.extra_info["selected"] = sel.pixel_count


def test_bench_magic_wand_400_inside_a_band(benchmark) -> None:
    px = generated_sprite()
    sel = benchmark(magic_wand, px, 200, 200, 8, True)
    assert sel is not None and sel.pixel_count > 1000


def _mouse(canvas: CanvasWidget, kind: QEvent.Type, pos: QPointF) -> None:
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else \
        Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else \
        Qt.MouseButton.LeftButton
    QApplication.sendEvent(canvas, QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button,
                                               held, Qt.KeyboardModifier.NoModifier))


def test_bench_transform_preview_400_at_8x(benchmark, qtbot) -> None:
    """One mouse move while dragging a scale handle of the whole 400x400 layer at 8x:
    event handling, nearest-neighbour rescale, outline, and the synchronous repaint."""
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.resize(1600, 1000)
    canvas.show()
    qtbot.waitExposed(canvas)
    doc = Document.from_image(generated_sprite())
    canvas.set_document(doc)
    canvas.set_view(8, -1200, -1200)  # the sprite's middle fills the view
    canvas.set_tool("move")
    canvas.selection.rect = doc.bounds.inflated(-100)  # 200x200 selected, handles in view
    handle = handle_boxes(canvas.viewport, canvas.selection.rect)["se"].center()
    _mouse(canvas, QEvent.Type.MouseButtonPress, handle)
    offsets = iter(range(10**6))

    def move() -> None:
        d = 8 * (next(offsets) % 40 + 1)
        _mouse(canvas, QEvent.Type.MouseMove, handle + QPointF(d, d))
        canvas.repaint()

    benchmark(move)
    assert canvas.transform.floating is not None
    assert canvas.transform.floating.rect.w > 200
    _mouse(canvas, QEvent.Type.MouseButtonRelease, handle)


def test_bench_export_sheet_64_frames_128(benchmark, tmp_path) -> None:
    rng = np.random.default_rng(2)
    frames = [(generated_sprite(128, int(s)), 100) for s in rng.integers(0, 1000, 64)]
    doc = Document.from_frames(frames, "bench")
    doc.set_tags([FrameTag("walk", 0, 31), FrameTag("run", 32, 63, "pingpong")])

    settings = ExportSettings("sheet", str(tmp_path / "sheet.png"))  # what File → Export runs
    written = benchmark(export_document, doc, settings)
    data = json.loads(written[1].read_text())
    assert len(data["frames"]) == 64 and len(data["meta"]["frameTags"]) == 2
