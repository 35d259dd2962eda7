"""Part D of issue 17 through the real window: File → Export…, Export again (Ctrl+Alt+E) with
the remembered settings, and preferences kept between sessions."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QMessageBox, QSpinBox

from studio.core.document.tags import FrameTag
from studio.ui.main_window import MainWindow
from tests.ui.editor_helpers import ALT, CTRL, RED, action, fill_rect, key, open_editor
from tests.ui.generation_helpers import qloop  # noqa: F401 - fixture


@pytest.fixture
def window(qtbot, settings):
    yield from open_editor(qtbot, settings)


def _export_dialog(window) -> QDialog:
    action(window, "file.export").trigger()
    dialog = window.findChild(QDialog, "export.dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_export_a_tag_as_sheet_and_export_again(window, qtbot, tmp_path) -> None:
    fill_rect(window, 0, 0, 1, 1)
    doc = window.current_document()
    doc.add_frame()
    doc.add_frame()
    doc.set_tags([FrameTag("walk", 1, 2, "reverse")])
    dialog = _export_dialog(window)
    dialog.findChild(QComboBox, "export.scope").setCurrentIndex(1)
    dialog.findChild(QSpinBox, "export.scale").setValue(2)
    dialog.findChild(QLineEdit, "export.path").setText(str(tmp_path / "hero.png"))
    dialog.accept()
    data = json.loads((tmp_path / "hero.json").read_text())
    assert len(data["frames"]) == 2 and data["meta"]["frameTags"] == [
        {"name": "walk", "from": 0, "to": 1, "direction": "reverse"}]
    with Image.open(tmp_path / "hero.png") as img:
        assert img.size[1] == 32  # 16 px frames at 2x
    assert "Exported 2 files" in window.statusBar().currentMessage()
    (tmp_path / "hero.json").unlink()
    key(qtbot, window, Qt.Key.Key_E, CTRL | ALT)
    assert (tmp_path / "hero.json").exists()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "export.dialog") is None)
    again = _export_dialog(window)  # opens with this document's last settings
    assert again.findChild(QSpinBox, "export.scale").value() == 2
    assert again.findChild(QComboBox, "export.scope").currentData() == "walk"
    again.reject()


def test_export_a_gif_of_the_document(window, tmp_path) -> None:
    fill_rect(window, 0, 0, 2, 2)
    dialog = _export_dialog(window)
    dialog.findChild(QComboBox, "export.kind").setCurrentIndex(3)  # GIF
    dialog.findChild(QLineEdit, "export.path").setText(str(tmp_path / "a.gif"))
    dialog.accept()
    with Image.open(tmp_path / "a.gif") as img:
        frame = np.asarray(img.convert("RGBA"))
    assert tuple(frame[0, 0]) == RED


def test_a_gif_with_too_many_colours_says_so(window, tmp_path) -> None:
    doc = window.current_document()
    rng = np.random.default_rng(5)
    pixels = doc.frames[0].layers[0].pixels
    pixels[:] = rng.integers(0, 256, pixels.shape, dtype=np.uint8) | 0x80  # > 255 colours
    dialog = _export_dialog(window)
    dialog.findChild(QComboBox, "export.kind").setCurrentIndex(3)  # GIF
    dialog.findChild(QLineEdit, "export.path").setText(str(tmp_path / "busy.gif"))
    dialog.accept()
    assert (tmp_path / "busy.gif").exists()
    box = window.findChild(QMessageBox, "message")
    assert box is not None and "at most 255" in box.text() and "APNG" in box.text()


def test_bad_export_settings_stay_in_the_dialog(window) -> None:
    dialog = _export_dialog(window)
    dialog.findChild(QLineEdit, "export.path").setText("")
    dialog.accept()
    assert dialog.isVisible()
    assert "Choose where" in dialog.findChild(QLabel, "export.problem").text()
    dialog.reject()


def test_export_into_a_missing_folder_reports_a_sentence(window, tmp_path) -> None:
    dialog = _export_dialog(window)
    target = tmp_path / "file.txt"
    target.write_text("x")
    dialog.findChild(QLineEdit, "export.path").setText(str(target / "inside" / "a.png"))
    dialog.accept()
    assert window.last_error and "Nothing was changed" in window.last_error


def test_preferences_persist_between_sessions(window, qtbot, settings) -> None:
    window.findChild(QSpinBox, "tool.size").setValue(5)
    window.findChild(QSpinBox, "tool.tolerance").setValue(12)
    action(window, "action.grid").trigger()
    assert not window.canvas.renderer.show_grid
    window.save_layout()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.canvas.brush_size == 5 and again.canvas.wand_tolerance == 12
    assert not again.canvas.renderer.show_grid
    assert not again.findChild(QAction, "action.grid").isChecked()
    again._closing_confirmed = True


def test_a_posed_sprite_exports_its_rig_beside_the_sheet(window, qtbot, tmp_path) -> None:
    """The one export dialog carries the rig data of a posed sprite (the skeleton panel's
    Export button opens this same dialog); a sprite without poses does not offer it."""
    from PySide6.QtWidgets import QCheckBox

    from tests.ui.skeleton_helpers import spread_pose

    fill_rect(window, 0, 0, 2, 2)
    doc = window.current_document()
    dialog = _export_dialog(window)
    assert not dialog.findChild(QCheckBox, "export.rig").isVisible()  # no poses: not offered
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "export.dialog") is None)
    doc.add_frame()
    doc.add_frame()
    doc.set_tags([FrameTag("walk", 1, 2, "forward")])
    pose = spread_pose()
    for frame in doc.frames[1:]:
        frame.pose = pose
    dialog = _export_dialog(window)
    rig = dialog.findChild(QCheckBox, "export.rig")
    assert rig.isVisible() and rig.isEnabled() and rig.isChecked()
    dialog.findChild(QComboBox, "export.scope").setCurrentIndex(1)  # the tag: frames 2-3
    dialog.findChild(QSpinBox, "export.scale").setValue(3)
    dialog.findChild(QLineEdit, "export.path").setText(str(tmp_path / "hero.png"))
    dialog.accept()
    data = json.loads((tmp_path / "hero.rig.json").read_text())
    assert data["image"] == "hero.png" and len(data["frames"]) == 2
    assert data["frame_size"] == {"w": doc.width * 3, "h": doc.height * 3}
    assert all(f["joints"] is not None for f in data["frames"])
    assert "Exported 3 files" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "export.dialog") is None)
    dialog = _export_dialog(window)
    dialog.findChild(QComboBox, "export.kind").setCurrentIndex(
        dialog.findChild(QComboBox, "export.kind").findData("gif"))
    assert not dialog.findChild(QCheckBox, "export.rig").isEnabled()  # only with a sheet
    dialog.reject()


def test_the_mask_brush_is_kept_between_sessions(window, qtbot, settings) -> None:
    """Size and tip of the mask brush come back in the next session, for the mask controller
    the AI panels create after the window restored its preferences."""
    from studio.ui.mask import MaskController

    mask = MaskController.of(window.canvas)
    mask.settings.size = 23
    mask.settings.shape = "square"
    window.save_layout()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    restored = MaskController.of(again.canvas).settings
    assert (restored.size, restored.shape) == (23, "square")
    settings.setValue("prefs/mask.size", "huge")  # a hand-edited file: the default stays
    third = MainWindow(settings)
    qtbot.addWidget(third)
    assert MaskController.of(third.canvas).settings.size == 8
    assert MaskController.of(third.canvas).settings.shape == "square"
    again._closing_confirmed = third._closing_confirmed = True


def test_in_the_app_loop_the_export_is_written_off_the_gui_thread(window, qtbot, tmp_path,
                                                                   qloop) -> None:  # noqa: F811
    """Export in the running studio: encoding in a worker thread on a copy (edits made while
    it runs are not in the file), then the status bar says what was written."""
    import asyncio
    import threading

    import studio.ui.export_actions as export_module
    from studio.core.exporters.document_export import ExportSettings

    fill_rect(window, 0, 0, 1, 1)
    doc = window.current_document()
    threads: list[str] = []
    real = export_module.export_document

    def export_in(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    export_module.export_document = export_in
    try:
        async def scenario() -> bool:
            task = window.exporter.run(doc, ExportSettings("png_frame", str(tmp_path / "a.png")))
            assert isinstance(task, asyncio.Task) and not (tmp_path / "a.png").exists()
            fill_rect(window, 5, 5, 6, 6)  # an edit while it runs: not in this export
            return await task

        assert qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    finally:
        export_module.export_document = real
    assert threads and threading.main_thread().name not in threads
    with Image.open(tmp_path / "a.png") as img:
        assert img.getpixel((5, 5))[3] == 0 and img.getpixel((0, 0))[3] == 255
    assert "Exported 1 file: a.png" in window.statusBar().currentMessage()
