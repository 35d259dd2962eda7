"""Skeleton editor benchmark (issue 7): dragging a joint across a 256x256 sprite at 8x zoom.

Each round is one mouse-move event through the real canvas (event filter, joint tool, preview
pose, partial update) plus the repaint Qt then performs (``processEvents`` on a shown widget).
Target: at most 2 ms per move event.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks/test_bench_skeleton.py \
         --benchmark-enable --benchmark-only -p no:cacheprovider
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.core.document.document import Document  # noqa: E402
from studio.core.skeleton.sequence import BASE_POSE  # noqa: E402
from studio.ui.canvas import CanvasWidget  # noqa: E402
from studio.ui.skeleton.joint_tool import TOOL_NAME, overlay_of  # noqa: E402
from tests.ui.conftest import send_mouse  # noqa: E402

SIZE, ZOOM = 256, 8
TARGET_MS = 2.0


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.areas: list[int] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            r = event.rect()
            self.areas.append(r.width() * r.height())
        return False


@pytest.fixture
def dragging_canvas(qapp):
    rng = np.random.default_rng(5)
    px = rng.integers(0, 256, (SIZE, SIZE, 4), dtype=np.uint8)
    px[..., 3] = 255
    doc = Document.from_image(px, "bench")
    doc.set_pose(0, BASE_POSE)
    canvas = CanvasWidget()
    canvas.resize(1280, 800)
    canvas.show()
    canvas.set_document(doc)
    overlay_of(canvas)
    canvas.set_tool(TOOL_NAME)
    x, y = BASE_POSE.point("LEFT ARM")
    # the grabbed wrist starts at the left of the view; the drag runs 140 px across the sprite
    canvas.set_view(ZOOM, round(100 - x * SIZE * ZOOM), round(400 - y * SIZE * ZOOM))
    QApplication.processEvents()
    yield canvas
    canvas.close()
    canvas.deleteLater()


def test_drag_joint_256_sprite_8x(benchmark, dragging_canvas):
    canvas = dragging_canvas
    doc = canvas.document
    x, y = BASE_POSE.point("LEFT ARM")
    start = canvas.viewport.to_screen(x * SIZE, y * SIZE)
    send_mouse(canvas, "press", start)
    QApplication.processEvents()
    counter = PaintCounter()
    canvas.installEventFilter(counter)
    path = [(start[0] + 8 * i + 0.5, start[1] + (i % 7) * 3) for i in range(1, 141)]
    state = {"i": 0}

    def one_move() -> None:
        pos = path[state["i"] % len(path)]
        state["i"] += 1
        send_mouse(canvas, "move", pos)
        QApplication.processEvents()

    benchmark.pedantic(one_move, rounds=400, iterations=1, warmup_rounds=20)
    send_mouse(canvas, "release", path[(state["i"] - 1) % len(path)])
    canvas.removeEventFilter(counter)
    assert doc.history.undo_count == 2  # set up + the one drag
    # only the changed region is repainted: the bounding box of the moving joint's bones
    # (it grows with the forearm being stretched across the sprite), never the whole view
    areas = sorted(counter.areas)
    assert areas and areas[-1] < 0.5 * 1280 * 800 and areas[len(areas) // 2] < 0.2 * 1280 * 800
    mean_ms = benchmark.stats.stats.mean * 1000
    print(f"\nmove + repaint: mean {mean_ms:.3f} ms, median "
          f"{benchmark.stats.stats.median * 1000:.3f} ms, repaints {len(counter.areas)}, "
          f"largest repaint {max(counter.areas)} px²")
    assert mean_ms <= TARGET_MS


def test_rotate_limb_alt_drag_256_sprite_8x(benchmark, dragging_canvas):
    """Issue 20: Alt-drag turns the arm about the shoulder (bone lengths kept); per move event
    with its repaint, target at most 2 ms."""
    from PySide6.QtCore import Qt

    canvas = dragging_canvas
    doc = canvas.document
    x, y = BASE_POSE.point("LEFT ELBOW")
    start = canvas.viewport.to_screen(x * SIZE, y * SIZE)
    alt = Qt.KeyboardModifier.AltModifier
    send_mouse(canvas, "press", start, modifiers=alt)
    QApplication.processEvents()
    sx, sy = canvas.viewport.to_screen(*(np.array(BASE_POSE.point("LEFT SHOULDER")) * SIZE))
    radius = float(np.hypot(start[0] - sx, start[1] - sy))
    path = [(sx + radius * np.cos(a), sy + radius * np.sin(a))
            for a in np.linspace(0.3, 2.8, 140)]
    state = {"i": 0}

    def one_move() -> None:
        pos = path[state["i"] % len(path)]
        state["i"] += 1
        send_mouse(canvas, "move", pos, modifiers=alt)
        QApplication.processEvents()

    benchmark.pedantic(one_move, rounds=400, iterations=1, warmup_rounds=20)
    send_mouse(canvas, "release", path[(state["i"] - 1) % len(path)], modifiers=alt)
    assert doc.history.undo_count == 2
    before, after = BASE_POSE.bone_lengths(), doc.frames[0].pose.bone_lengths()
    bone = ("LEFT SHOULDER", "LEFT ELBOW")
    assert after[bone] * SIZE == pytest.approx(before[bone] * SIZE, abs=1e-6)
    print(f"\nAlt-drag limb rotation + repaint: mean {benchmark.stats.stats.mean * 1000:.3f} ms,"
          f" median {benchmark.stats.stats.median * 1000:.3f} ms")
