"""Frames strip, layers list and palette panel against a real document and canvas."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from studio.core.document.document import Document, Layer
from studio.core.document.geometry import Rect
from studio.ui.canvas import CanvasWidget
from studio.ui.frames_strip import FramesStrip
from studio.ui.layers_panel import LayersPanel
from studio.ui.palette_panel import DEFAULT_PALETTE, SWATCH, PalettePanel
from tests.ui.conftest import send_mouse


@pytest.fixture
def canvas(qtbot):
    widget = CanvasWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def doc() -> Document:
    d = Document.new(6, 4)
    d.set_pixels(0, 0, Rect(0, 0, 1, 1), np.array([[[9, 9, 9, 255]]], np.uint8))
    return d


# -- frames strip ------------------------------------------------------------------------------
@pytest.fixture
def strip(qtbot, canvas, doc):
    widget = FramesStrip(canvas)
    qtbot.addWidget(widget)
    canvas.set_document(doc)
    widget.set_document(doc)
    return widget


def test_frames_add_duplicate_delete_reorder(strip, doc, qtbot) -> None:
    strip.duplicate_button.click()
    assert len(doc.frames) == 2 and doc.current_frame == 1
    assert np.array_equal(doc.frames[1].layers[0].pixels, doc.frames[0].layers[0].pixels)
    strip.add_button.click()
    assert len(doc.frames) == 3 and not doc.frames[2].layers[0].pixels.any()
    qtbot.waitUntil(lambda: strip.list.count() == 3)
    assert strip.list.currentRow() == 2
    marker = doc.frames[2]
    strip.left_button.click()
    assert doc.frames[1] is marker and doc.current_frame == 1
    strip.delete_button.click()
    assert len(doc.frames) == 2 and marker not in doc.frames
    doc.history.undo()
    assert doc.frames[1] is marker


def test_frame_duration_and_thumbnails(strip, doc, qtbot) -> None:
    strip.duration.setValue(250)
    strip.duration.editingFinished.emit()
    assert doc.frames[0].duration_ms == 250
    qtbot.waitUntil(lambda: strip.thumbnails.pending == 0)  # the first thumbnail is drawn
    before = strip.list.item(0).icon().pixmap(48, 48).toImage()
    doc.set_pixels(0, 0, Rect(0, 0, 6, 4), np.full((4, 6, 4), 200, np.uint8))
    qtbot.waitUntil(lambda: strip.list.item(0).icon().pixmap(48, 48).toImage() != before,
                    timeout=2000)


def test_rows_moved_by_drag_reorder_frames(strip, doc, qtbot) -> None:
    strip.add_button.click()
    strip.add_button.click()
    qtbot.waitUntil(lambda: strip.list.count() == 3)
    first = doc.frames[0]
    strip.list.model().moveRow(strip.list.rootIndex(), 0, strip.list.rootIndex(), 3)
    qtbot.waitUntil(lambda: doc.frames[2] is first)


def test_play_cycles_frames_and_stop(strip, doc, qtbot) -> None:
    strip.add_button.click()
    for i in range(2):
        doc.set_duration(i, 10)
    doc.current_frame = 0
    seen: set[int] = set()
    doc.current_frame_changed.connect(lambda i: seen.add(i))
    strip.play_button.click()
    qtbot.waitUntil(lambda: seen >= {0, 1}, timeout=2000)
    strip.play_button.click()
    assert not strip.playing
    frame = doc.current_frame
    qtbot.wait(60)
    assert doc.current_frame == frame


def test_onion_toggle_reaches_canvas(strip, canvas) -> None:
    strip.onion_button.click()
    assert canvas.onion_skin.enabled
    strip.onion_button.click()
    assert not canvas.onion_skin.enabled


# -- layers ------------------------------------------------------------------------------------
@pytest.fixture
def layers(qtbot, canvas, doc):
    widget = LayersPanel(canvas)
    qtbot.addWidget(widget)
    canvas.set_document(doc)
    widget.set_document(doc)
    return widget


def ai_layer(doc: Document) -> int:
    px = np.zeros((4, 6, 4), np.uint8)
    px[2, 3] = (0, 255, 0, 255)
    return doc.add_layer(0, Layer("AI result", px, kind="ai"))


def test_accept_merges_ai_layer_in_one_step(layers, doc) -> None:
    ai_layer(doc)
    layers.refresh()
    layers.list.setCurrentRow(0)  # top row = the AI layer
    assert layers.accept_button.objectName() == "layers.accept" and layers.accept_button.isEnabled()
    layers.accept_button.click()
    assert len(doc.frames[0].layers) == 1
    assert tuple(doc.frames[0].layers[0].pixels[2, 3]) == (0, 255, 0, 255)
    doc.history.undo()
    assert len(doc.frames[0].layers) == 2


def test_reject_drops_ai_layer_and_buttons_follow_kind(layers, doc) -> None:
    ai_layer(doc)
    layers.refresh()
    layers.list.setCurrentRow(1)  # the image layer
    assert not layers.accept_button.isEnabled() and not layers.reject_button.isEnabled()
    layers.list.setCurrentRow(0)
    assert layers.reject_button.objectName() == "layers.reject"
    layers.reject_button.click()
    assert [ly.kind for ly in doc.frames[0].layers] == ["image"]


def test_visibility_checkbox_and_selection(layers, doc, canvas) -> None:
    layers.add_button.click()
    assert len(doc.frames[0].layers) == 2 and canvas.active_layer == 1
    layers.list.setCurrentRow(1)
    assert canvas.active_layer == 0
    layers.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert doc.frames[0].layers[0].visible is False
    doc.history.undo()
    assert doc.frames[0].layers[0].visible is True


# -- palette -----------------------------------------------------------------------------------
@pytest.fixture
def palette(qtbot, canvas, doc):
    widget = PalettePanel(canvas)
    qtbot.addWidget(widget)
    widget.resize(200, 300)
    widget.show()
    widget.set_document(doc)
    return widget


def test_swatch_clicks_set_primary_and_secondary(palette, canvas) -> None:
    grid = palette.grid
    send_mouse(grid, "press", (SWATCH * 2 + 3, 3))
    assert canvas.primary == DEFAULT_PALETTE[2]
    send_mouse(grid, "press", (3, 3), Qt.MouseButton.RightButton)
    assert canvas.secondary == DEFAULT_PALETTE[0]
    assert palette.primary.objectName() == "palette.primary"


def test_load_gpl_and_hex_palettes(palette, doc, tmp_path) -> None:
    gpl = tmp_path / "p.gpl"
    gpl.write_text("GIMP Palette\nName: t\n#\n255 0 0 red\n0 0 255 blue\n")
    assert palette.load_file(gpl)
    assert doc.palette == [(255, 0, 0, 255), (0, 0, 255, 255)]
    assert palette.grid.colors == doc.palette
    hexfile = tmp_path / "p.hex"
    hexfile.write_text("00ff00\n112233\n")
    assert palette.load_file(hexfile)
    assert doc.palette[0] == (0, 255, 0, 255)
    doc.history.undo()
    assert doc.palette == [(255, 0, 0, 255), (0, 0, 255, 255)]


def test_bad_palette_reports_and_keeps_palette(palette, doc, tmp_path, qtbot) -> None:
    bad = tmp_path / "bad.hex"
    bad.write_text("not a colour\n")
    with qtbot.waitSignal(palette.error) as blocker:
        assert not palette.load_file(bad)
    assert "bad.hex" in blocker.args[0]
    assert doc.palette == []


def test_pick_palette_from_image_and_add_primary(palette, doc, canvas) -> None:
    palette.pick_button.click()
    assert doc.palette == [(9, 9, 9, 255)]
    canvas.set_color("primary", (1, 2, 3, 255))
    palette.add_button.click()
    assert doc.palette == [(9, 9, 9, 255), (1, 2, 3, 255)]
    assert palette.grid.index_at(SWATCH + 2, 2) == 1
    assert palette.grid.swatch_rect(1).topLeft() == QPoint(SWATCH, 0)
