"""Palette dock: formats, built-in palettes, remove / drag / edit / sort, remap, colour count."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QColorDialog, QComboBox, QLabel, QPushButton, QSpinBox

from studio.core.color import count_colors
from studio.core.document.document import Document
from studio.core.fileio.palette_formats import load_palette_file
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.palette_panel import SWATCH, PalettePanel
from tests.ui.conftest import drag, send_mouse
from tests.ui.generation_helpers import qloop  # noqa: F401 - fixture

RED, GREEN, BLUE, WHITE = (255, 0, 0, 255), (0, 200, 0, 255), (0, 0, 255, 255), \
    (255, 255, 255, 255)


@pytest.fixture
def doc() -> Document:
    rng = np.random.default_rng(1)
    frames = []
    for _ in range(2):
        img = rng.integers(0, 256, (8, 8, 4)).astype(np.uint8)
        img[..., 3] = 255
        frames.append((img, 100))
    d = Document.from_frames(frames)
    d.set_palette([RED, GREEN, BLUE])
    d.history.clear()
    return d


@pytest.fixture
def panel(qtbot, doc):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.set_document(doc)
    widget = PalettePanel(canvas)
    qtbot.addWidget(widget)
    widget.resize(220, 400)
    widget.show()
    widget.set_document(doc)
    return widget


@pytest.mark.parametrize("suffix", [".gpl", ".hex", ".pal", ".txt"])
def test_save_and_load_every_format(panel, doc, tmp_path, suffix: str) -> None:
    path = tmp_path / f"mine{suffix}"
    assert panel.save_file(path)
    assert load_palette_file(path) == [RED, GREEN, BLUE]
    doc.set_palette([WHITE])
    assert panel.load_file(path)
    assert doc.palette == [RED, GREEN, BLUE]


def test_bad_file_says_why_and_changes_nothing(panel, doc, tmp_path, qtbot) -> None:
    bad = tmp_path / "broken.pal"
    bad.write_text("JASC-PAL\n0100\n5\n1 2 3\n")
    with qtbot.waitSignal(panel.error) as blocker:
        assert not panel.load_file(bad)
    assert "broken.pal" in blocker.args[0] and "header says 5 colours" in blocker.args[0]
    assert doc.palette == [RED, GREEN, BLUE]


def test_builtin_palette_is_one_undo_step(panel, doc) -> None:
    combo = panel.findChild(QComboBox, "palette.builtin")
    index = next(i for i in range(combo.count()) if combo.itemData(i) == "Endesga 32")
    combo.activated.emit(index)
    assert len(doc.palette) == 32 and doc.palette[0] == (0xBE, 0x4A, 0x2F, 255)
    doc.history.undo()
    assert doc.palette == [RED, GREEN, BLUE]


def test_remove_the_clicked_colour(panel, doc, qtbot) -> None:
    send_mouse(panel.grid, "press", (SWATCH + 3, 3))
    send_mouse(panel.grid, "release", (SWATCH + 3, 3))
    qtbot.mouseClick(panel.findChild(QPushButton, "palette.remove"), Qt.MouseButton.LeftButton)
    assert doc.palette == [RED, BLUE]


def test_drag_a_swatch_to_reorder(panel, doc) -> None:
    drag(panel.grid, [(3, 3), (SWATCH, 4), (2 * SWATCH + 4, 4)])
    assert doc.palette == [GREEN, BLUE, RED]
    doc.history.undo()
    assert doc.palette == [RED, GREEN, BLUE]


def test_double_click_edits_a_colour_with_the_colour_dialog(panel, doc, qtbot) -> None:
    qtbot.mouseDClick(panel.grid, Qt.MouseButton.LeftButton, pos=panel.grid.swatch_rect(2)
                      .center())
    dialog = panel.findChild(QColorDialog, "palette.edit")
    assert dialog is not None and dialog.isVisible()
    dialog.setCurrentColor(dialog.currentColor().fromRgb(10, 20, 30, 255))
    dialog.accept()
    assert doc.palette[2] == (10, 20, 30, 255)


def test_sort_by_luminance_and_hue(panel, doc) -> None:
    doc.set_palette([WHITE, BLUE, RED, (0, 0, 0, 255)])
    panel.findChild(QAction, "palette.sort_luminance").trigger()
    assert doc.palette[0] == (0, 0, 0, 255) and doc.palette[-1] == WHITE
    panel.findChild(QAction, "palette.sort_hue").trigger()
    assert doc.palette[-2:] == [RED, BLUE]


@pytest.mark.parametrize("dither", ["none", "floyd_steinberg"])
def test_remap_every_frame_to_the_palette(panel, doc, qtbot, dither: str) -> None:
    combo = panel.findChild(QComboBox, "palette.remap_dither")
    combo.setCurrentIndex(combo.findData(dither))
    qtbot.mouseClick(panel.findChild(QPushButton, "palette.remap"), Qt.MouseButton.LeftButton)
    for frame in doc.frames:
        used = {tuple(c) for c in frame.layers[0].pixels.reshape(-1, 4).tolist()}
        assert used <= {RED, GREEN, BLUE}
    label = panel.findChild(QLabel, "palette.count")
    assert label.text() == f"Sprite uses {count_colors([f.layers[0].pixels for f in doc.frames])}" \
        " colours"
    doc.history.undo()
    assert count_colors([f.layers[0].pixels for f in doc.frames]) > 3


def test_colour_count_follows_edits(panel, doc, qtbot) -> None:
    label = panel.findChild(QLabel, "palette.count")
    qtbot.waitUntil(lambda: label.text() == "Sprite uses 128 colours")
    before = label.text()
    flat = np.zeros((8, 8, 4), np.uint8)
    flat[...] = RED
    for index in range(2):
        doc.set_pixels(index, 0, doc.bounds, flat)
    qtbot.waitUntil(lambda: label.text() == "Sprite uses 1 colour")
    assert before != label.text()


def test_palette_from_the_sprite_and_from_an_image_keeps_the_max_count(panel, doc, tmp_path):
    panel.findChild(QSpinBox, "palette.max_colors").setValue(5)
    panel.pick_button.click()
    assert len(doc.palette) == 5  # 128 colours reduced with k-means
    image = np.zeros((4, 4, 4), np.uint8)
    image[..., 3] = 255
    image[:2] = (10, 20, 30, 255)
    image[2:, :, :3] = (200, 100, 50)
    path = tmp_path / "colours.png"
    Image.fromarray(image, "RGBA").save(path)
    assert panel.load_file(path)
    assert sorted(doc.palette) == [(10, 20, 30, 255), (200, 100, 50, 255)]


def test_inside_the_app_loop_the_colour_count_runs_in_a_worker_thread(panel, doc, qloop,  # noqa: F811
                                                                      monkeypatch) -> None:
    import asyncio
    import threading

    from studio.ui.color import palette_editing

    counted_on = []
    real = palette_editing.count_colors
    monkeypatch.setattr(palette_editing, "count_colors", lambda frames: counted_on.append(
        threading.current_thread()) or real(frames))
    label = panel.findChild(QLabel, "palette.count")
    label.setText("")

    async def count() -> None:
        panel.update_count()
        assert label.text() == ""  # not counted on the GUI thread...
        while not label.text():
            await asyncio.sleep(0.01)

    qloop.run_until_complete(asyncio.wait_for(count(), 10))
    assert label.text() == "Sprite uses 128 colours"
    assert counted_on and threading.main_thread() not in counted_on  # ...but in a worker
