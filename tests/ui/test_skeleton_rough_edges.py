"""Skeleton rough edges (issue 14): K and the palette's joint tool, +/- change the selected
joints' z order (not the zoom), Reset pose, and Apply starter says what it replaced."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.skeleton.edits import frame_poses
from studio.core.skeleton.pose import LABEL_INDEX
from studio.ui.main_window import MainWindow
from studio.ui.skeleton.joint_tool import TOOL_NAME
from tests.ui.conftest import drag, send_mouse
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.skeleton_helpers import joint_image, joint_screen, spread_pose, sprite
from tests.ui.test_skeleton_panel import make_panel, offline_url  # noqa: F401 - fixture


@pytest.fixture
def posed_window(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    doc = Document.from_image(sprite(), name="hero")
    window.add_document(doc)
    doc.set_pose(0, spread_pose())
    doc.history.clear()
    window.canvas.set_view(8, 10, 10)
    window.activateWindow()
    window.canvas.setFocus()
    return window


def test_k_picks_the_joint_tool_which_the_palette_highlights(posed_window, qtbot):
    window = posed_window
    joints = window.findChild(QAction, "tool.joints")
    pencil = window.findChild(QAction, "tool.pencil")
    assert joints is not None and joints in window.tool_group.actions()
    assert pencil.isChecked() and not joints.isChecked()
    qtbot.keyClick(window.canvas, Qt.Key.Key_K)
    assert window.canvas.tool_name == TOOL_NAME
    assert joints.isChecked() and not pencil.isChecked()
    assert "(K)" in joints.toolTip()


def test_plus_minus_change_z_while_a_joint_is_selected_and_zoom_otherwise(posed_window, qtbot):
    window = posed_window
    canvas = window.canvas
    doc = canvas.document
    qtbot.keyClick(canvas, Qt.Key.Key_K)
    send_mouse(canvas, "press", joint_screen(canvas, "LEFT KNEE"))
    send_mouse(canvas, "release", joint_screen(canvas, "LEFT KNEE"))
    knee = LABEL_INDEX["LEFT KNEE"]
    z0, zoom = doc.frames[0].pose.z[knee], canvas.viewport.zoom
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert doc.frames[0].pose.z[knee] == pytest.approx(np.round(z0) + 1)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert doc.frames[0].pose.z[knee] == pytest.approx(np.round(z0) - 1)
    assert canvas.viewport.zoom == zoom  # no zooming while a joint is selected
    # nothing selected (click on empty canvas): + zooms in again
    drag(canvas, [canvas.viewport.to_screen(1, 1), canvas.viewport.to_screen(2, 1)])
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.viewport.zoom > zoom


def test_reset_pose_and_starter_that_says_what_it_replaced(qtbot, qloop, tmp_path, offline_url):  # noqa: F811
    doc = Document.from_image(sprite(), name="hero")

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            panel, queue, library, canvas = make_panel(qtbot, client, tmp_path, doc)
            status = panel.findChild(QLabel, "skeleton.status")
            reset = panel.findChild(QPushButton, "skeleton.reset_pose")
            qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)  # nothing estimated yet
            assert "no estimate" in status.text()
            qtbot.mouseClick(panel.estimate_button, Qt.MouseButton.LeftButton)
            await wait_for(lambda: doc.frames[0].pose is not None, timeout=20)
            estimate = doc.frames[0].pose
            knee = joint_image(canvas, "LEFT KNEE")
            drag(canvas, [joint_screen(canvas, "LEFT KNEE"),
                          canvas.viewport.to_screen(knee[0] + 3, knee[1])])
            edited = doc.frames[0].pose
            assert edited != estimate
            qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
            assert doc.frames[0].pose == estimate and "estimated pose" in status.text()
            doc.history.undo()
            assert doc.frames[0].pose == edited
            # the starter replaces the edited pose of frame 1: one undo step, and it says so
            panel.timeline.starter.setCurrentText("walk")
            qtbot.mouseClick(panel.findChild(QPushButton, "skeleton.apply_starter"),
                             Qt.MouseButton.LeftButton)
            assert len(doc.frames) == 8
            assert "replaced the poses of frame 1" in status.text()
            assert "Undo" in status.text()
            doc.history.undo()
            assert len(doc.frames) == 1 and doc.frames[0].pose == edited
            assert frame_poses(doc) == [edited]
            await queue.shutdown()
            library.close()
    run(qloop, scenario)
