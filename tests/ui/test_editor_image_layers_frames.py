"""Part C of issue 17 through the real window: the Image menu, the Layers panel (thumbnails,
opacity, rename, reorder, duplicate, merge down, reference image), the Frame menu (prev/next
keys, first/last, tags) and tag playback."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSlider,
    QSpinBox,
    QToolButton,
)

from studio.core.document.tags import FrameTag
from studio.ui.layer_menu import add_reference
from tests.ui.editor_helpers import (
    ALT,
    BLUE,
    RED,
    action,
    drag_pixels,
    fill_rect,
    key,
    open_editor,
    pixels,
)


@pytest.fixture
def window(qtbot, settings):
    yield from open_editor(qtbot, settings)


def _dialog(window, name: str) -> QDialog:
    found = window.findChild(QDialog, name)
    assert found is not None and found.isVisible(), name
    return found


def test_canvas_size_with_an_anchor_is_one_step(window) -> None:
    fill_rect(window, 0, 0, 1, 1)
    action(window, "image.canvas_size").trigger()
    dialog = _dialog(window, "canvas_size.dialog")
    dialog.findChild(QSpinBox, "canvas_size.width").setValue(30)
    dialog.findChild(QSpinBox, "canvas_size.height").setValue(20)
    dialog.findChild(QToolButton, "canvas_size.anchor_se").click()
    dialog.accept()
    doc = window.current_document()
    assert doc.size == (30, 20) and tuple(pixels(window)[4, 6]) == RED
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert doc.size == (24, 16)


def test_scale_sprite_by_a_whole_factor_and_free(window, qtbot) -> None:
    fill_rect(window, 1, 1, 1, 1)
    action(window, "image.scale").trigger()
    dialog = _dialog(window, "scale.dialog")
    dialog.findChild(QComboBox, "scale.factor").setCurrentIndex(0)  # x2
    dialog.accept()
    doc = window.current_document()
    assert doc.size == (48, 32) and pixels(window)[2:4, 2:4, 3].all()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "scale.dialog") is None)
    action(window, "image.scale").trigger()
    dialog = _dialog(window, "scale.dialog")
    dialog.findChild(type(dialog.free), "scale.free").setChecked(True)
    dialog.findChild(QSpinBox, "scale.width").setValue(10)
    dialog.findChild(QSpinBox, "scale.height").setValue(7)
    dialog.accept()
    assert doc.size == (10, 7) and doc.history.undo_count == 2


def test_flip_rotate_crop_and_trim_the_whole_document(window, qtbot) -> None:
    fill_rect(window, 2, 3, 2, 1)
    doc = window.current_document()
    doc.add_frame()
    action(window, "image.flip_h").trigger()
    assert tuple(pixels(window)[3, 21]) == RED
    action(window, "image.rotate_cw").trigger()
    assert doc.size == (16, 24)
    doc.history.undo()
    doc.history.undo()
    key(qtbot, window, Qt.Key.Key_M)
    drag_pixels(window, [(1, 2), (5, 5)])
    action(window, "image.crop_selection").trigger()
    assert doc.size == (5, 4) and tuple(pixels(window)[1, 1]) == RED
    assert len(doc.frames) == 2 and doc.frames[1].layers[0].pixels.shape == (4, 5, 4)
    action(window, "image.trim").trigger()
    assert doc.size == (2, 1)
    for _ in range(2):
        doc.history.undo()
    assert doc.size == (24, 16)


def test_layers_panel_thumbnail_opacity_rename_reorder(window, qtbot) -> None:
    fill_rect(window, 0, 0, 2, 2)
    panel = window.layers_panel
    lst = panel.findChild(QListWidget, "layers.list")
    assert not lst.item(0).icon().isNull()
    doc = window.current_document()
    action(window, "layer.new").trigger()
    assert len(doc.frames[0].layers) == 2 and window.canvas.active_layer == 1
    slider = panel.findChild(QSlider, "layers.opacity")
    slider.setFocus()
    steps = doc.history.undo_count
    qtbot.keyClick(slider, Qt.Key.Key_PageDown)
    assert doc.frames[0].layers[1].opacity == pytest.approx(0.9)
    assert doc.history.undo_count == steps + 1
    lst.item(0).setText("Shading")
    assert doc.frames[0].layers[1].name == "Shading"
    panel.findChild(QToolButton, "layers.down").click()
    assert doc.frames[0].layers[0].name == "Shading" and window.canvas.active_layer == 0
    panel.findChild(QToolButton, "layers.up").click()
    assert doc.frames[0].layers[1].name == "Shading"


def test_duplicate_and_merge_down_from_the_layer_menu(window) -> None:
    fill_rect(window, 0, 0, 1, 1)
    doc = window.current_document()
    action(window, "layer.duplicate").trigger()
    assert [ly.name for ly in doc.frames[0].layers] == ["Layer 1", "Layer 1 copy"]
    px = doc.frames[0].layers[1].pixels.copy()
    px[5, 5] = BLUE
    doc.set_pixels(0, 1, doc.bounds, px)
    action(window, "layer.merge_down").trigger()
    assert len(doc.frames[0].layers) == 1 and tuple(pixels(window)[5, 5]) == BLUE
    doc.history.undo()
    assert len(doc.frames[0].layers) == 2


def test_reference_layer_shows_on_the_canvas_but_not_in_exports(window, tmp_path) -> None:
    ref = np.zeros((16, 24, 4), np.uint8)
    ref[...] = (0, 200, 0, 255)
    path = tmp_path / "ref.png"
    Image.fromarray(ref, "RGBA").save(path)
    assert action(window, "layer.reference") is not None
    assert add_reference(window, path)
    doc = window.current_document()
    assert doc.frames[0].layers[0].kind == "reference"
    assert window.canvas.layer == 1  # still drawing on the sprite's layer
    assert "[reference]" in window.layers_panel.list.item(1).text()
    assert doc.composite(0)[0, 0, 3] == 0
    shown = window.canvas.grab().toImage()
    sx, sy = window.canvas.viewport.to_screen(0.5, 0.5)
    assert shown.pixelColor(int(sx), int(sy)).green() > shown.pixelColor(int(sx),
                                                                          int(sy)).red()
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    assert not add_reference(window, bad)
    assert "Choose a PNG" in window.last_error and len(doc.frames[0].layers) == 2


def test_frame_keys_and_first_last(window, qtbot) -> None:
    doc = window.current_document()
    for _ in range(3):
        doc.add_frame()
    doc.current_frame = 0
    key(qtbot, window, Qt.Key.Key_Period)
    assert doc.current_frame == 1
    key(qtbot, window, Qt.Key.Key_Right, ALT)
    assert doc.current_frame == 2
    key(qtbot, window, Qt.Key.Key_Comma)
    assert doc.current_frame == 1
    key(qtbot, window, Qt.Key.Key_Left, ALT)
    key(qtbot, window, Qt.Key.Key_Left, ALT)
    assert doc.current_frame == 3  # wraps around
    action(window, "frames.first").trigger()
    assert doc.current_frame == 0
    action(window, "frames.last").trigger()
    assert doc.current_frame == 3


def test_tag_dialog_creates_a_tag_and_playback_loops_it(window) -> None:
    doc = window.current_document()
    for _ in range(4):
        doc.add_frame()
    doc.current_frame = 1
    action(window, "frames.tag").trigger()
    dialog = _dialog(window, "tag.dialog")
    dialog.findChild(QLineEdit, "tag.name").setText("walk")
    dialog.findChild(QSpinBox, "tag.to").setValue(4)
    dialog.findChild(QComboBox, "tag.direction").setCurrentIndex(2)  # ping-pong
    dialog.accept()
    assert doc.tags == [FrameTag("walk", 1, 3, "pingpong")]
    strip = window.frames_strip
    strip.rebuild()
    assert strip.findChild(QLabel, "frames.tags").text() == "walk 2–4 ⇄"
    strip.set_playing(True)
    seen = [doc.current_frame]
    for _ in range(5):
        strip._player.timeout.emit()
        seen.append(doc.current_frame)
    strip.set_playing(False)
    assert seen == [1, 2, 3, 2, 1, 2]


def test_tag_dialog_refuses_a_duplicate_name_with_a_sentence(window) -> None:
    doc = window.current_document()
    doc.add_frame()
    doc.set_tags([FrameTag("walk", 0, 0)])
    doc.current_frame = 1
    action(window, "frames.tag").trigger()
    dialog = _dialog(window, "tag.dialog")
    dialog.findChild(QLineEdit, "tag.name").setText("walk")
    dialog.accept()
    assert dialog.isVisible() and "already called" in dialog.findChild(
        QLabel, "tag.problem").text()
    dialog.reject()
    assert doc.tags == [FrameTag("walk", 0, 0)]


def test_crop_without_a_selection_explains(window) -> None:
    window.canvas.selection.selection = None
    action(window, "image.crop_selection").trigger()
    assert window.current_document().size == (24, 16)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert any("Select the area to keep" in b.text() for b in boxes)


def test_a_locked_layer_refuses_tools_and_says_why(window, qtbot) -> None:
    fill_rect(window, 0, 0, 2, 2)
    doc = window.current_document()
    panel = window.layers_panel
    panel.findChild(QToolButton, "layers.lock").click()
    assert doc.frames[0].layers[0].locked and "🔒" in panel.list.item(0).text()
    key(qtbot, window, Qt.Key.Key_B)
    drag_pixels(window, [(5, 5), (8, 5)])
    assert pixels(window)[5, 5, 3] == 0
    assert "locked" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert tuple(pixels(window)[0, 0]) == RED
    panel.findChild(QToolButton, "layers.lock").click()
    drag_pixels(window, [(5, 5)])
    assert pixels(window)[5, 5, 3] == 255
