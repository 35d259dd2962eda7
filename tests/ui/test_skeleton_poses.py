"""Poses as data in the Skeleton panel, through its widgets: save the posed frames to the pose
library, load a pose file, retarget a sequence onto a sprite of other proportions (previewed on
the timeline, one undo step), mirror and reset the selected joints, export the rig."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton, QSlider, QSpinBox

from studio.core.document.document import Document
from studio.core.fileio.pose_files import PoseFile, write_pose_file
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from studio.core.skeleton.edits import frame_poses
from studio.core.skeleton.pose import LABEL_INDEX
from studio.core.skeleton.retarget import bone_lengths_px
from studio.core.skeleton.sequence import BASE_POSE, fit_starter
from studio.ui.skeleton.joint_tool import overlay_of
from tests.ui.test_skeleton_panel import panel_on_canvas


class NoClient:
    async def send(self, request):  # pragma: no cover - nothing is sent in these tests
        raise AssertionError("no request should be sent")


@pytest.fixture
def posing(qtbot, tmp_path):
    library = ResultsLibrary(tmp_path / "lib")
    queue = JobQueue(NoClient(), library)
    doc = Document.new(48, 64, name="tall hero")
    estimate = fit_starter("idle", BASE_POSE).poses[0]
    doc.set_pose(0, estimate)
    panel, canvas = panel_on_canvas(qtbot, queue, library, doc, zoomed=True)
    panel.joints.remember_estimate(doc, 0, estimate)
    doc.history.clear()
    yield panel, doc, estimate, tmp_path
    library.close()


def click(qtbot, panel, name: str) -> None:
    qtbot.mouseClick(panel.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_retarget_a_saved_walk_onto_this_sprite(qtbot, posing):
    panel, doc, estimate, tmp_path = posing
    walk = fit_starter("walk", BASE_POSE).poses
    write_pose_file(tmp_path / "stroll.pose.json",
                    PoseFile("stroll", tuple(walk), tuple(90 for _ in walk), (64, 64)))
    entry = panel.poses.import_file(tmp_path / "stroll.pose.json")
    library = panel.findChild(QListWidget, "pose.library")
    assert entry is not None and library.currentItem().text() == "stroll"
    assert not library.currentItem().icon().isNull()  # a stick-figure thumbnail
    click(qtbot, panel, "pose.retarget")
    assert len(doc.frames) == len(walk)
    assert "replaced the poses of frame 1" in panel.status.text()
    want = bone_lengths_px(estimate, (48, 64))
    for pose in frame_poses(doc):
        assert np.abs(bone_lengths_px(pose, (48, 64)) - want).max() < 1.0
    assert panel.timeline.list.count() == len(walk)  # previewed on the timeline
    doc.history.undo()  # one step takes it all back
    assert len(doc.frames) == 1 and doc.frames[0].pose == estimate


def test_save_then_apply_to_a_frame(qtbot, posing):
    panel, doc, estimate, _tmp = posing
    panel.poses.name.setText("my idle")
    click(qtbot, panel, "pose.save")
    assert panel.findChild(QListWidget, "pose.library").currentItem().text() == "my idle"
    doc.add_frame(1)
    doc.current_frame = 1
    click(qtbot, panel, "pose.apply")
    applied = doc.frames[1].pose
    assert applied is not None and "put on frame 2" in panel.status.text()
    assert np.abs(bone_lengths_px(applied, (48, 64)) - bone_lengths_px(estimate, (48, 64))
                  ).max() < 1e-6


def test_mirror_and_reset_the_selected_joints(qtbot, posing):
    panel, doc, estimate, _tmp = posing
    arm = [LABEL_INDEX[n] for n in ("RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM")]
    overlay_of(panel.canvas).selected = set(arm)
    click(qtbot, panel, "pose.mirror")
    moved = doc.frames[0].pose
    middle = (estimate.xy[arm, 0] * 48).mean()
    assert moved.xy[arm, 0] * 48 == pytest.approx(2 * middle - estimate.xy[arm, 0] * 48)
    click(qtbot, panel, "pose.reset_joints")
    assert doc.frames[0].pose == estimate
    assert doc.history.undo_count == 2


def test_export_rig_writes_pixels_per_frame(qtbot, posing):
    panel, doc, estimate, tmp_path = posing
    path = panel.poses.export_rig_to(tmp_path / "tall.rig.json")
    data = json.loads(path.read_text())
    neck = data["frames"][0]["joints"]["NECK"]
    x, y = estimate.point("NECK")
    assert (neck["x"], neck["y"]) == (round(x * 48, 3), round(y * 64, 3))
    assert "written" in panel.status.text()


def test_a_damaged_pose_file_is_refused_with_a_reason(qtbot, posing):
    panel, _doc, _estimate, tmp_path = posing
    bad = tmp_path / "bad.pose.json"
    bad.write_text('{"format": "pixel-studio-pose", "version": 1}')
    assert panel.poses.import_file(bad) is None
    assert "sprite_size" in panel.status.text()


def test_another_frame_is_drawn_over_the_sprite_as_a_reference(qtbot, posing):
    panel, doc, _estimate, tmp_path = posing
    canvas = panel.canvas
    red = np.zeros((64, 48, 4), np.uint8)
    red[...] = (255, 0, 0, 255)
    doc.add_frame(1)
    doc.set_pixels(1, 0, doc.bounds, red)
    frame = panel.findChild(QSpinBox, "pose.reference_frame")
    opacity = panel.findChild(QSlider, "pose.reference_opacity")
    opacity.setValue(100)
    frame.setValue(2)
    canvas.show()
    shot = canvas.grab().toImage()
    x, y = canvas.viewport.to_screen(2.5, 60.5)  # a sprite pixel away from the joints
    assert shot.pixelColor(int(x), int(y)).getRgb()[:3] == (255, 0, 0)
    frame.setValue(0)  # none
    shot = canvas.grab().toImage()
    assert shot.pixelColor(int(x), int(y)).getRgb()[:3] != (255, 0, 0)
    assert panel.overlay.reference is None


def test_animation_export_writes_the_rig_beside_the_sheet_at_its_scale(qtbot, posing):
    """The skeleton panel's Export button opens File → Export…; its rig box, on for a posed
    sprite, writes the joints at the sheet's scale."""
    from studio.core.exporters.document_export import ExportSettings, export_document, has_poses
    from studio.ui.export_dialog import ExportDialog

    panel, doc, estimate, tmp_path = posing
    opened: list[ExportDialog] = []
    panel._export = lambda: opened.append(ExportDialog(ExportSettings(), list(doc.tags),
                                                       panel, has_poses=has_poses(doc)))
    panel.export_button.click()
    [dialog] = opened
    assert dialog.rig.isEnabled() and dialog.rig.isChecked()  # the document has poses
    dialog.scale.setValue(2)
    dialog.path.setText(str(tmp_path / "hero.png"))
    export_document(doc, dialog.settings())
    dialog.deleteLater()
    rig = json.loads((tmp_path / "hero.rig.json").read_text())
    assert rig["image"] == "hero.png" and rig["frame_size"] == {"w": 96, "h": 128}
    wrist = rig["frames"][0]["joints"]["LEFT ARM"]
    x, y = estimate.point("LEFT ARM")
    assert (wrist["x"], wrist["y"]) == (round(x * 96, 3), round(y * 128, 3))
    sheet = json.loads((tmp_path / "hero.json").read_text())
    assert list(sheet["frames"]) == ["0"]  # the same frame numbering as the rig
