"""The main window: docks, tabs, files, recent files, drag-and-drop, paste, undo, layout, close."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTabBar,
)

from studio.core.fileio import load_project
from studio.ui.canvas.viewport import Viewport
from studio.ui.main_window import MainWindow
from tests.ui.conftest import drag, send_mouse


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win._closing_confirmed = True


def write_png(path, pixels: np.ndarray) -> None:
    Image.fromarray(pixels, "RGBA").save(path)


def sprite(w: int = 8, h: int = 6) -> np.ndarray:
    px = np.zeros((h, w, 4), np.uint8)
    px[1, 2] = (255, 0, 0, 255)
    px[h - 1, w - 1] = (0, 0, 255, 128)
    return px


def centre(window: MainWindow, x: int, y: int) -> tuple[float, float]:
    return window.canvas.viewport.to_screen(x + 0.5, y + 0.5)


def messages(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_window_has_canvas_docks_and_status_labels(window) -> None:
    assert window.findChild(type(window.canvas), "canvas") is window.canvas
    for name in ("panel.palette", "panel.layers", "panel.frames"):
        dock = window.findChild(QDockWidget, name)
        assert dock is not None and dock.isVisible()
    for name in ("status.cursor", "status.color", "status.zoom", "status.size",
                 "status.backend", "status.balance"):
        assert window.findChild(QLabel, name) is not None
    assert window.findChild(QTabBar, "documents.tabs") is not None


def test_add_panel_plugs_a_dock_in(window) -> None:
    panel = QLabel("later panel")
    dock = window.add_panel(panel, "panel.create", "Create")
    assert window.findChild(QDockWidget, "panel.create") is dock
    assert dock.toggleViewAction() in window.panels_menu.actions()


def test_tooltips_show_shortcuts(window) -> None:
    acts = window.actions_by_name
    assert acts["tool.pencil"].toolTip() == "Pencil (B)"
    assert "Ctrl+Z" in acts["undo"].toolTip()
    assert "Ctrl+Shift+Z" in acts["redo"].toolTip() and "Ctrl+Y" in acts["redo"].toolTip()
    assert "Ctrl+0" in acts["zoom_fit"].toolTip()
    for letter, tool in zip("BEGIMVH", ("pencil", "eraser", "fill", "picker", "select",
                                       "move", "hand"), strict=True):
        assert acts[f"tool.{tool}"].shortcut().toString() == letter


def test_new_document_draw_undo_redo_with_keys(window, qtbot) -> None:
    doc = window.files.new_document(16, 16)
    assert window.current_document() is doc and window.tabs.count() == 1
    window.canvas.set_view(8, 0, 0)
    drag(window.canvas, [centre(window, 1, 1), centre(window, 4, 1)])
    assert doc.frames[0].layers[0].pixels[1, 1:5, 3].all()
    assert window.tabs.tabText(0).startswith("*")
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not doc.frames[0].layers[0].pixels[..., 3].any()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.frames[0].layers[0].pixels[1, 1:5, 3].all()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert doc.frames[0].layers[0].pixels[1, 1:5, 3].all()
    qtbot.keyClick(window.canvas, Qt.Key.Key_G)
    assert window.canvas.tool_name == "fill"
    qtbot.keyClick(window.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    fitted = Viewport()
    fitted.fit(window.canvas.width(), window.canvas.height(), 16, 16)
    assert window.canvas.viewport.zoom == fitted.zoom != 8
    qtbot.keyClick(window.canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.viewport.zoom == 1


def test_status_bar_follows_cursor(window) -> None:
    doc = window.files.new_document(10, 10)
    window.canvas.set_view(8, 0, 0)
    drag(window.canvas, [centre(window, 3, 2)])
    send_mouse(window.canvas, "move", centre(window, 3, 2), Qt.MouseButton.NoButton)
    assert window.status_labels["status.cursor"].text() == "3, 2"
    assert window.status_labels["status.color"].text() == "#000000 a255"
    assert window.status_labels["status.zoom"].text() == "800%"
    assert window.status_labels["status.size"].text().startswith(f"{doc.width} x {doc.height}")


def test_open_save_project_and_recent_files(window, tmp_path) -> None:
    png = tmp_path / "hero.png"
    write_png(png, sprite())
    [doc] = window.files.open_paths([png])
    assert np.array_equal(doc.frames[0].layers[0].pixels, sprite())
    assert window.files.recent_files()[0] == str(png.resolve())
    assert window.recent_menu.actions()[0].text() == "hero.png"
    doc.add_frame()
    target = tmp_path / "hero.pxstudio"
    assert window.files.save_to(doc, target)
    assert not doc.dirty and doc.path == target
    again = load_project(target)
    assert len(again.frames) == 2
    assert np.array_equal(again.frames[0].layers[0].pixels, sprite())
    # opening an already open file just shows it
    assert window.files.open_paths([target]) == [doc] and window.tabs.count() == 1


def test_saving_a_layered_document_as_png_exports_without_marking_saved(window, tmp_path) -> None:
    doc = window.files.new_document(4, 4)
    doc.add_layer(0)
    assert window.files.save_to(doc, tmp_path / "flat.png")
    assert doc.dirty and (tmp_path / "flat.png").exists()
    plain = window.files.new_document(4, 4)
    plain.mark_dirty()
    assert window.files.save_to(plain, tmp_path / "plain.png")
    assert not plain.dirty


def test_bad_files_give_clear_errors_and_change_nothing(window, tmp_path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    empty = tmp_path / "empty.pxstudio"
    empty.write_bytes(b"")
    assert window.files.open_paths([broken, empty, tmp_path / "missing.gif"]) == []
    assert window.tabs.count() == 0 and window.documents == []
    assert "missing.gif" in window.last_error
    assert messages(window)
    doc = window.files.new_document(4, 4)
    doc.mark_dirty()
    folder = tmp_path / "a_folder.pxstudio"
    folder.mkdir()
    assert not window.files.save_to(doc, folder)
    assert doc.dirty and "a_folder.pxstudio" in window.last_error
    assert not window.files.save_to(doc, tmp_path / "x.jpg")
    assert ".jpg" in window.last_error


def test_sprite_sheet_import_slices_frames(window, tmp_path) -> None:
    sheet = np.zeros((8, 32, 4), np.uint8)
    for i in range(3):
        sheet[:, i * 8:(i + 1) * 8] = (10 * (i + 1), 0, 0, 255)  # the 4th cell stays empty
    path = tmp_path / "sheet.png"
    write_png(path, sheet)
    doc = window.files.import_sheet(path, 8, 8, duration_ms=80, skip_empty=True)
    assert len(doc.frames) == 3 and doc.size == (8, 8)
    assert [int(f.layers[0].pixels[0, 0, 0]) for f in doc.frames] == [10, 20, 30]
    assert doc.frames[0].duration_ms == 80
    assert window.files.import_sheet(path, 64, 8) is None and "does not fit" in window.last_error


def _drop(window: MainWindow, mime: QMimeData) -> tuple[bool, bool]:
    pos = QPointF(window.canvas.mapTo(window, QPoint(20, 20)))
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_drag_and_drop_of_png_opens_it(window, tmp_path) -> None:
    path = tmp_path / "dropped.png"
    write_png(path, sprite(5, 7))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert _drop(window, mime) == (True, True)
    doc = window.current_document()
    assert doc is not None and doc.size == (5, 7)
    assert np.array_equal(doc.frames[0].layers[0].pixels, sprite(5, 7))


def test_drop_of_foreign_file_is_refused_with_a_message(window, tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    accepted_enter, accepted_drop = _drop(window, mime)
    assert not accepted_enter
    assert window.documents == []


def _clipboard_image(pixels: np.ndarray) -> None:
    h, w = pixels.shape[:2]
    image = QImage(pixels.tobytes(), w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
    QGuiApplication.clipboard().setImage(image)


def test_paste_as_layer_and_as_document(window, qtbot) -> None:
    doc = window.files.new_document(10, 10)
    window.canvas.selection.rect = None
    _clipboard_image(sprite(4, 3))
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    layers = doc.frames[0].layers
    assert len(layers) == 2 and layers[1].name == "Pasted"
    assert tuple(layers[1].pixels[1, 2]) == (255, 0, 0, 255)
    assert window.canvas.active_layer == 1
    doc.history.undo()
    assert len(doc.frames[0].layers) == 1  # one undo step
    assert window.paste(as_document=True)
    pasted = window.current_document()
    assert pasted is not doc and pasted.size == (4, 3)
    assert tuple(pasted.frames[0].layers[0].pixels[1, 2]) == (255, 0, 0, 255)


def test_paste_without_image_reports_and_changes_nothing(window) -> None:
    doc = window.files.new_document(4, 4)
    QGuiApplication.clipboard().setText("just text")
    assert not window.paste()
    assert len(doc.frames[0].layers) == 1 and "no image" in window.last_error


def test_layout_is_remembered(qtbot, settings) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.findChild(QDockWidget, "panel.palette").hide()
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert not second.findChild(QDockWidget, "panel.palette").isVisible()
    assert second.findChild(QDockWidget, "panel.frames").isVisible()


def test_close_with_unsaved_changes_asks(window, qtbot) -> None:
    doc = window.files.new_document(4, 4)
    doc.mark_dirty()
    window.close()
    assert window.isVisible()
    box = window.findChild(QMessageBox, "unsaved")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()
    window.close()
    box = [b for b in window.findChildren(QMessageBox, "unsaved") if b.isVisible()][0]
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_closing_a_dirty_tab_asks_and_clean_tab_closes(window) -> None:
    clean = window.files.new_document(4, 4)
    dirty = window.files.new_document(4, 4)
    dirty.mark_dirty()
    assert not window.close_document(dirty)
    box = [b for b in window.findChildren(QMessageBox, "unsaved") if b.isVisible()][0]
    box.button(QMessageBox.StandardButton.Discard).click()
    assert window.documents == [clean] and window.current_document() is clean
    assert window.close_document(clean) and window.current_document() is None


def test_view_actions_reach_the_canvas(window) -> None:
    window.files.new_document(8, 8)
    acts = window.actions_by_name
    acts["onion"].trigger()
    assert window.canvas.onion_skin.enabled and window.frames_strip.onion_button.isChecked()
    acts["tiled"].trigger()
    assert window.canvas.renderer.tiled
    acts["grid"].trigger()
    assert not window.canvas.renderer.show_grid
    acts["zoom_100"].trigger()
    acts["zoom_in"].trigger()
    assert window.canvas.viewport.zoom == 2
    acts["zoom_out"].trigger()
    assert window.canvas.viewport.zoom == 1
    acts["select_all"].trigger()
    assert tuple(window.canvas.selection.rect) == (0, 0, 8, 8)
    acts["deselect"].trigger()
    assert window.canvas.selection.rect is None
    window.canvas.primary, window.canvas.secondary = (1, 1, 1, 255), (2, 2, 2, 255)
    acts["swap_colors"].trigger()
    assert window.canvas.primary == (2, 2, 2, 255)


def test_enter_plays_only_from_the_canvas(window, qtbot) -> None:
    doc = window.files.new_document(4, 4)
    doc.add_frame()
    window.activateWindow()
    window.frames_strip.duration.setFocus()
    qtbot.keyClick(window.frames_strip.duration, Qt.Key.Key_Return)
    assert not window.frames_strip.playing
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert window.frames_strip.playing
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert not window.frames_strip.playing


def test_save_from_the_close_prompt_saves_then_closes(window, qtbot, tmp_path) -> None:
    saved = window.files.new_document(4, 4)
    assert window.files.save_to(saved, tmp_path / "kept.pxstudio")
    saved.mark_dirty()
    fresh = window.files.new_document(4, 4)
    fresh.mark_dirty()
    window.close()
    box = [b for b in window.findChildren(QMessageBox, "unsaved") if b.isVisible()][0]
    box.button(QMessageBox.StandardButton.Save).click()
    assert not saved.dirty  # saved in place at once
    dialogs = [d for d in window.findChildren(QFileDialog) if d.isVisible()]
    assert len(dialogs) == 1 and window.isVisible()  # the untitled one asks for a name
    dialogs[0].fileSelected.emit(str(tmp_path / "fresh.pxstudio"))
    assert not fresh.dirty and (tmp_path / "fresh.pxstudio").exists()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_png_clipboard_data_keeps_exact_alpha_and_bad_data_is_refused(window) -> None:
    import io

    doc = window.files.new_document(6, 4)
    buffer = io.BytesIO()
    Image.fromarray(sprite(6, 4), "RGBA").save(buffer, "PNG")
    mime = QMimeData()
    mime.setData("image/png", buffer.getvalue())
    assert window.files.paste_mime(mime)
    assert np.array_equal(doc.frames[0].layers[1].pixels, sprite(6, 4))
    broken = QMimeData()
    broken.setData("image/png", buffer.getvalue()[:40])
    assert not window.files.paste_mime(broken)
    assert len(doc.frames[0].layers) == 2 and window.last_error


def test_dropped_files_are_read_off_the_gui_thread_under_the_app_loop(window, tmp_path,
                                                                       monkeypatch) -> None:
    import asyncio
    import threading

    import qasync

    import studio.ui.file_actions as file_actions

    good, bad = tmp_path / "big.png", tmp_path / "bad.png"
    write_png(good, sprite(9, 4))
    bad.write_bytes(b"\x89PNG broken")
    readers: list[str] = []
    real_open = file_actions.open_document

    def open_document(path):
        readers.append(threading.current_thread().name)
        return real_open(path)

    monkeypatch.setattr(file_actions, "open_document", open_document)
    loop = qasync.QEventLoop(QApplication.instance(), already_running=False)
    asyncio.set_event_loop(loop)
    try:
        async def scenario():
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, bad, good)])
            assert _drop(window, mime) == (True, True)
            assert window.documents == [] and window.files.busy  # returned at once
            while window.files.busy:
                await asyncio.sleep(0.01)

        loop.run_until_complete(scenario())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    assert readers and threading.main_thread().name not in readers
    assert [d.size for d in window.documents] == [(9, 4)]  # the second drop of it just shows
    assert "bad.png" in window.last_error
    assert window.files.recent_files()[0] == str(good.resolve())
