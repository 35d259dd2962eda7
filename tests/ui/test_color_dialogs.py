"""Colors menu: Reduce colours and the clean-up dialogs, driven through real widgets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QPushButton, QSpinBox

from studio.core.color import count_colors
from studio.core.document.document import Document
from studio.ui.main_window import MainWindow
from tests.core.unzoom_cases import make_sprite, upscale
from tests.ui.generation_helpers import qloop  # noqa: F401 - fixture


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win._closing_confirmed = True


def _noisy_frames(count: int, size: int = 24) -> list[tuple[np.ndarray, int]]:
    rng = np.random.default_rng(3)
    frames = []
    for _ in range(count):
        img = rng.integers(0, 256, (size, size, 4)).astype(np.uint8)
        img[..., 3] = 255
        frames.append((img, 100))
    return frames


def _open(window: MainWindow, qtbot, action: str) -> QDialog:
    window.findChild(QAction, action).trigger()
    name = "reduce.dialog" if action == "colors.reduce" else "cleanup.dialog"
    shown = [d for d in window.findChildren(QDialog, name) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _click(qtbot, dialog: QDialog, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_reduce_all_frames_to_a_shared_palette_is_one_undo_step(window, qtbot) -> None:
    doc = Document.from_frames(_noisy_frames(3))
    window.add_document(doc)
    before = [f.layers[0].pixels.copy() for f in doc.frames]
    dialog = _open(window, qtbot, "colors.reduce")
    count = dialog.findChild(QSpinBox, "reduce.count")
    count.setValue(6)
    dialog.findChild(QComboBox, "reduce.dither").setCurrentIndex(
        dialog.findChild(QComboBox, "reduce.dither").findData("bayer4"))
    dialog.findChild(QComboBox, "reduce.method").setCurrentIndex(
        dialog.findChild(QComboBox, "reduce.method").findData("median_cut"))
    assert dialog.findChild(QCheckBox, "reduce.all_frames").isChecked()
    qtbot.waitUntil(lambda: "→ 6 colours" in dialog.summary.text() or
                    "→ 5 colours" in dialog.summary.text())
    assert dialog.preview.after_pixels is not None
    with qtbot.waitSignal(dialog.finished):
        _click(qtbot, dialog, "reduce.apply")
    images = [f.layers[0].pixels for f in doc.frames]
    assert count_colors(images) <= 6
    assert len(doc.palette) == count_colors(images)
    assert "colours" in window.statusBar().currentMessage()
    window.findChild(QAction, "action.undo").trigger()
    assert all(np.array_equal(f.layers[0].pixels, b) for f, b in zip(doc.frames, before,
                                                                      strict=True))
    assert doc.palette == []


def test_reduce_current_frame_to_the_document_palette(window, qtbot) -> None:
    doc = Document.from_frames(_noisy_frames(2))
    doc.set_palette([(0, 0, 0, 255), (255, 255, 255, 255)])
    window.add_document(doc)
    other = doc.frames[1].layers[0].pixels.copy()
    dialog = _open(window, qtbot, "colors.reduce")
    dialog.findChild(QCheckBox, "reduce.all_frames").setChecked(False)
    dialog.findChild(QCheckBox, "reduce.use_palette").setChecked(True)
    assert not dialog.findChild(QSpinBox, "reduce.count").isEnabled()
    _click(qtbot, dialog, "reduce.apply")
    assert count_colors([doc.frames[0].layers[0].pixels]) <= 2
    assert np.array_equal(doc.frames[1].layers[0].pixels, other)
    assert doc.palette == [(0, 0, 0, 255), (255, 255, 255, 255)]


def test_cancel_changes_nothing(window, qtbot) -> None:
    doc = Document.from_frames(_noisy_frames(1))
    window.add_document(doc)
    dialog = _open(window, qtbot, "colors.reduce")
    dialog.reject()
    assert not doc.history.can_undo


def test_unzoom_action_finds_the_grid_and_shrinks_every_frame(window, qtbot) -> None:
    sprite = make_sprite(np.random.default_rng(8), 16, 12)
    big = upscale(sprite, 5.0, (2.0, 3.0), (1, 2))
    doc = Document.from_frames([(big, 100), (big.copy(), 100)])
    window.add_document(doc)
    dialog = _open(window, qtbot, "cleanup.unzoom")
    assert "5.00 x 5.00" in dialog.status.text()
    assert not dialog.findChild(QCheckBox, "cleanup.all_frames").isEnabled()
    _click(qtbot, dialog, "cleanup.apply")
    assert doc.width < 25 and doc.height < 20
    ys, xs = np.nonzero(doc.frames[1].layers[0].pixels[..., 3])
    trimmed = doc.frames[1].layers[0].pixels[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    sy, sx = np.nonzero(sprite[..., 3])
    assert np.array_equal(trimmed, sprite[sy.min():sy.max() + 1, sx.min():sx.max() + 1])
    window.findChild(QAction, "action.undo").trigger()
    assert (doc.width, doc.height) == big.shape[1::-1]


@pytest.mark.parametrize("action", ["cleanup.remove_background", "cleanup.outline",
                                    "cleanup.orphans"])
def test_pixel_cleanups_preview_then_apply_on_all_frames(window, qtbot, action: str) -> None:
    img = np.zeros((12, 12, 4), np.uint8)
    img[...] = (240, 240, 240, 255)
    img[3:9, 3:9] = (200, 30, 30, 255)
    img[5, 5] = (0, 0, 255, 255)
    if action == "cleanup.outline":
        img[img[..., 0] == 240] = 0
    doc = Document.from_frames([(img, 100), (img.copy(), 100)])
    window.add_document(doc)
    window.canvas.set_color("primary", (0, 0, 0, 255))
    dialog = _open(window, qtbot, action)
    assert dialog.findChild(QCheckBox, "cleanup.all_frames").isChecked()
    before = doc.frames[0].layers[0].pixels.copy()
    assert not np.array_equal(dialog.preview.after_pixels, before)  # the preview shows it
    assert np.array_equal(doc.frames[0].layers[0].pixels, before)  # but nothing changed yet
    _click(qtbot, dialog, "cleanup.apply")
    for frame in doc.frames:
        assert np.array_equal(frame.layers[0].pixels, dialog.preview.after_pixels)
    window.findChild(QAction, "action.undo").trigger()
    assert np.array_equal(doc.frames[1].layers[0].pixels, before)


def test_pixellab_choice_is_offered_only_where_the_service_has_it(window, qtbot) -> None:
    window.add_document(Document.from_frames(_noisy_frames(1)))
    dialog = _open(window, qtbot, "cleanup.remove_background")
    backend = dialog.findChild(QComboBox, "cleanup.backend")
    assert backend.count() == 2 and not backend.model().item(1).isEnabled()  # not connected
    dialog.reject()
    dialog = _open(window, qtbot, "cleanup.outline")
    assert dialog.findChild(QComboBox, "cleanup.backend") is None  # local only


def test_resize_local_halves_every_frame_by_dominant_colour(window, qtbot) -> None:
    sprite = make_sprite(np.random.default_rng(2), 12, 10)
    big = upscale(sprite, 2.0, (0.0, 0.0), (0, 0))
    doc = Document.from_frames([(big, 100), (big.copy(), 100)])
    window.add_document(doc)
    dialog = _open(window, qtbot, "cleanup.resize")
    dialog.findChild(QSpinBox, "cleanup.width").setValue(12)
    dialog.findChild(QSpinBox, "cleanup.height").setValue(10)
    qtbot.waitUntil(lambda: "12 x 10" in dialog.status.text())
    _click(qtbot, dialog, "cleanup.apply")
    assert (doc.width, doc.height) == (12, 10)
    assert all(np.array_equal(f.layers[0].pixels, sprite) for f in doc.frames)
    window.findChild(QAction, "action.undo").trigger()
    assert (doc.width, doc.height) == (24, 20)


def test_reduce_preview_is_worked_out_off_the_gui_thread(window, qtbot, qloop) -> None:  # noqa: F811
    """In the app's loop the reduction runs in a worker thread; an answer for options that
    changed meanwhile is dropped, and the preview shows the latest options' answer."""
    import asyncio
    import threading

    import studio.ui.color.reduce_dialog as reduce_module

    doc = Document.from_frames(_noisy_frames(4))
    window.add_document(doc)
    dialog = _open(window, qtbot, "colors.reduce")
    summary = dialog.findChild(QLabel, "reduce.summary")
    count = dialog.findChild(QSpinBox, "reduce.count")
    threads: list[str] = []
    real_reduce = reduce_module.reduce_frames

    def reduce_in(images, options):
        threads.append(threading.current_thread().name)
        return real_reduce(images, options)

    reduce_module.reduce_frames = reduce_in
    try:
        async def scenario() -> None:
            count.setValue(5)
            dialog.update_preview()
            assert summary.text() == "Working out the colours…"  # the window stays free
            count.setValue(3)
            dialog.update_preview()  # the answer for 5 colours is dropped when it comes
            while dialog._previews.busy:
                await asyncio.sleep(0.01)

        qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    finally:
        reduce_module.reduce_frames = real_reduce
    assert threads and threading.main_thread().name not in threads
    assert summary.text().endswith("→ 3 colours")
    assert count_colors([f.layers[0].pixels for f in doc.frames]) > 3  # only previewed
    _click(qtbot, dialog, "reduce.apply")
    assert count_colors([f.layers[0].pixels for f in doc.frames]) <= 3


def test_unzoom_preview_finds_the_grid_in_a_worker_thread(window, qtbot, qloop) -> None:  # noqa: F811
    """In the app's loop the grid is detected off the GUI thread; Apply waits for nothing
    it needs (it detects the grid itself if the preview has not answered yet)."""
    import asyncio
    import threading

    import studio.ui.color.cleanup_dialog as cleanup_module

    sprite = make_sprite(np.random.default_rng(8), 16, 12)
    doc = Document.from_frames([(upscale(sprite, 5.0, (2.0, 3.0), (1, 2)), 100)])
    window.add_document(doc)
    threads: list[str] = []
    real_detect = cleanup_module.detect_grid

    def detect_in(image):
        threads.append(threading.current_thread().name)
        return real_detect(image)

    cleanup_module.detect_grid = detect_in
    try:
        async def scenario() -> QDialog:
            dialog = _open(window, qtbot, "cleanup.unzoom")
            assert dialog.grid is None  # not known yet: being worked out
            assert not dialog.findChild(QPushButton, "cleanup.apply").isEnabled()
            while dialog._previews.busy:
                await asyncio.sleep(0.01)
            return dialog

        dialog = qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    finally:
        cleanup_module.detect_grid = real_detect
    assert threads and threading.main_thread().name not in threads
    assert "5.00 x 5.00" in dialog.status.text()
    _click(qtbot, dialog, "cleanup.apply")
    assert doc.width < 25 and doc.height < 20


def _slowed(module, name: str):
    """Hold ``module.name`` on a gate; ``returned`` is set once a held call has answered."""
    import threading

    gate, returned = threading.Event(), threading.Event()
    real = getattr(module, name)

    def slow(*args, **kwargs):
        gate.wait(10)
        try:
            return real(*args, **kwargs)
        finally:
            returned.set()

    setattr(module, name, slow)
    return gate, returned, lambda: setattr(module, name, real)


async def _after(returned) -> None:
    import asyncio

    while not returned.is_set():
        await asyncio.sleep(0.01)
    for _ in range(20):  # the answer's callback runs on the loop
        await asyncio.sleep(0.005)


def test_a_reduce_answer_for_old_options_is_not_shown(window, qtbot, qloop) -> None:  # noqa: F811
    """Untick "All frames" (one frame being reduced), tick it again: the one-frame answer
    that arrives is dropped instead of being shown against four frames."""
    import asyncio

    import studio.ui.color.reduce_dialog as reduce_module

    doc = Document.from_frames(_noisy_frames(4))
    window.add_document(doc)
    doc.current_frame = 2
    gate, returned, restore = _slowed(reduce_module, "reduce_frames")
    try:
        async def scenario() -> str:
            dialog = _open(window, qtbot, "colors.reduce")
            all_frames = dialog.findChild(QCheckBox, "reduce.all_frames")
            all_frames.setChecked(False)
            dialog.update_preview()  # this frame only, in a worker
            all_frames.setChecked(True)  # changed again before the answer came
            gate.set()
            await _after(returned)
            summary = dialog.findChild(QLabel, "reduce.summary")
            assert "this frame" not in summary.text()  # the old answer was not shown
            while "all frames" not in summary.text():  # the answer for the options now
                await asyncio.sleep(0.01)
            return summary.text()

        summary = qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    finally:
        restore()
    assert "colours in all frames →" in summary


def test_a_late_local_answer_does_not_enable_apply_for_pixellab(window, qtbot,
                                                                 qloop) -> None:  # noqa: F811
    import asyncio

    import studio.ui.color.cleanup_ops as ops

    window.add_document(Document.from_frames(_noisy_frames(1)))
    gate, returned, restore = _slowed(ops, "remove_background")
    try:
        async def scenario() -> bool:
            dialog = _open(window, qtbot, "cleanup.remove_background")
            dialog.update_preview()  # the local preview, being worked out
            dialog.findChild(QComboBox, "cleanup.backend").setCurrentIndex(1)  # PixelLab
            dialog.update_preview()
            gate.set()
            await _after(returned)
            return dialog.findChild(QPushButton, "cleanup.apply").isEnabled()

        assert not qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    finally:
        restore()
