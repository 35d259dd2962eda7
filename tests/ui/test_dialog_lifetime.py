"""Each opening of a dialog leaves nothing behind once it is closed (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QPushButton

from studio.core.document.document import Document
from studio.ui.main_window import MainWindow
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.skeleton_helpers import sprite
from tests.ui.test_skeleton_panel import panel_on_canvas


def _flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_new_sprite_dialog_is_gone_after_each_opening(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    new = window.findChild(QAction, "action.new")
    for _ in range(3):
        new.trigger()
        dialog = window.findChild(QDialog, "dialog.new")
        assert dialog is not None and dialog.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        _flush_deletes()
    assert window.findChildren(QDialog, "dialog.new") == []
    new.trigger()
    dialog = window.findChild(QDialog, "dialog.new")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # accepted: the sprite is made, the dialog goes
    _flush_deletes()
    assert len(window.documents) == 1 and window.findChildren(QDialog, "dialog.new") == []


def test_export_animation_dialog_is_gone_after_each_opening(qtbot, queue, library):
    panel, _canvas = panel_on_canvas(qtbot, queue, library, Document.from_image(sprite()))
    button = panel.findChild(QPushButton, "skeleton.export_open")
    for _ in range(3):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = panel.findChild(QDialog, "skeleton.export")
        assert dialog is not None and dialog.isVisible()
        dialog.reject()
        _flush_deletes()
    assert panel.findChildren(QDialog, "skeleton.export") == []
