"""Each opening of a dialog leaves nothing behind once it is closed (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QPushButton

from studio.core.document.document import Document
from studio.ui.canvas import CanvasWidget
from studio.ui.main_window import MainWindow
from studio.ui.skeleton.skeleton_panel import SkeletonPanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.skeleton_helpers import sprite


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


def test_the_skeleton_panel_exports_through_the_one_export_dialog(qtbot, queue, library):
    """Its Export button opens File → Export… (given by the studio); without a document, or
    without the studio's exporter, it does nothing."""
    opened: list[bool] = []
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    panel = SkeletonPanel(queue, library, canvas, lambda: canvas.document,
                          export=lambda: opened.append(True))
    qtbot.addWidget(panel)
    button = panel.findChild(QPushButton, "skeleton.export_open")
    assert panel.open_export() is None and opened == []  # no document yet
    canvas.set_document(Document.from_image(sprite()))
    panel.set_document(canvas.document)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [True]


def test_export_dialog_is_gone_after_each_opening(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.add_document(Document.from_image(sprite()))
    export = window.findChild(QAction, "file.export")
    for _ in range(3):
        export.trigger()
        dialog = window.findChild(QDialog, "export.dialog")
        assert dialog is not None and dialog.isVisible()
        dialog.reject()
        _flush_deletes()
    assert window.findChildren(QDialog, "export.dialog") == []
    window._closing_confirmed = True
