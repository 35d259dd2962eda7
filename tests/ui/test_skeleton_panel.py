"""The skeleton panel end to end: estimate -> edit -> starter poses -> freeze -> animate against
the offline engine (frames land in the timeline and the document, one undo step), the request
body on the wire (MockTransport), errors, the timeline's actions and the export dialog."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest
from PySide6.QtCore import Qt

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from studio.core.skeleton.edits import frame_poses
from studio.core.skeleton.pose import LABEL_INDEX, SKELETON_LABELS
from studio.offline.algorithms.skeleton import estimate_skeleton
from studio.offline.imaging import USAGE, encode
from studio.offline.server import OfflineServer
from studio.ui.canvas import CanvasWidget
from studio.ui.skeleton.skeleton_panel import RESULT_LAYER, SkeletonPanel
from tests.ui.conftest import drag
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.skeleton_helpers import joint_image, joint_screen, spread_pose, sprite


@pytest.fixture(scope="module")
def offline_url():
    server = OfflineServer(job_seconds=0.2)
    yield server.start()
    server.stop()


def panel_on_canvas(qtbot, queue, library, doc, *, zoomed: bool = False):
    """A SkeletonPanel following a canvas that shows ``doc``; ``zoomed``: an 800x600 canvas at
    8x, so joints can be clicked."""
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    if zoomed:
        canvas.resize(800, 600)
    canvas.set_document(doc)
    if zoomed:
        canvas.set_view(8, 10, 10)
    panel = SkeletonPanel(queue, library, canvas, lambda: canvas.document)
    qtbot.addWidget(panel)
    return panel, canvas


def make_panel(qtbot, client, tmp_path, doc):
    library = ResultsLibrary(tmp_path / "lib")
    queue = JobQueue(client, library)
    panel, canvas = panel_on_canvas(qtbot, queue, library, doc, zoomed=True)
    return panel, queue, library, canvas


def test_estimate_edit_animate_end_to_end_offline(qtbot, qloop, tmp_path, offline_url):
    doc = Document.from_image(sprite(), name="hero")

    async def scenario():
        async with PixelLabClient(token="e2e-offline-token", base_url=offline_url) as client:
            panel, queue, library, canvas = make_panel(qtbot, client, tmp_path, doc)
            qtbot.mouseClick(panel.estimate_button, Qt.MouseButton.LeftButton)
            await wait_for(lambda: doc.frames[0].pose is not None, timeout=20)
            expected = {p["label"]: (p["x"] / 64, p["y"] / 64) for p in estimate_skeleton(sprite())}
            pose = doc.frames[0].pose
            for label in SKELETON_LABELS:
                assert pose.point(label) == pytest.approx(expected[label], abs=1e-6)
            assert canvas.tool_name == "skeleton.joints"
            # starter walk fitted to the estimate: 8 posed frames in the timeline
            panel.timeline.starter.setCurrentText("walk")
            qtbot.mouseClick(panel.timeline.starter_button, Qt.MouseButton.LeftButton)
            assert len(doc.frames) == 8 and all(p is not None for p in frame_poses(doc))
            panel.timeline.rebuild()
            assert panel.timeline.list.count() == 8
            # edit frame 3 by dragging its left knee with the mouse
            doc.current_frame = 3
            knee = joint_image(canvas, "LEFT KNEE")
            drag(canvas, [joint_screen(canvas, "LEFT KNEE"),
                          canvas.viewport.to_screen(knee[0] + 2, knee[1])])
            assert joint_image(canvas, "LEFT KNEE") == pytest.approx((knee[0] + 2, knee[1]))
            # freeze frame 0 and animate
            doc.current_frame = 0
            panel.timeline.freeze_box.setChecked(True)
            assert panel.timeline.frozen == {0}
            job = panel.animate()
            assert job is not None
            await wait_for(lambda: job.state.is_final, timeout=30)
            assert job.state is JobState.DONE, job.error
            await wait_for(lambda: "placed" in panel.status.text(), timeout=5)
            assert len(doc.frames[0].layers) == 1  # frozen: untouched
            for i in range(1, 8):
                layers = doc.frames[i].layers
                assert [ly.kind for ly in layers] == ["image", "ai"]
                assert layers[1].name == RESULT_LAYER and layers[1].pixels[..., 3].any()
            # the results are in the library, and the frozen frame came back as the reference
            records = library.results_for_job(job.id)
            assert len(records) == 8
            first = np.asarray(library.load_image(records[0].id).convert("RGBA"))
            assert np.array_equal(first, sprite())
            # one undo step removes every placed frame
            doc.history.undo()
            assert all(len(f.layers) == 1 for f in doc.frames)
            await queue.shutdown()
            library.close()
    run(qloop, scenario)


def _mock_transport(seen: list):
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append((request.url.path, body))
        if request.url.path.endswith("/animate-with-skeleton"):
            n = len(body["skeleton_keypoints"])
            size = body["image_size"]
            frame = np.zeros((size["height"], size["width"], 4), np.uint8)
            frame[..., 3] = 255
            return httpx.Response(200, json={"images": [encode(frame)] * n, "usage": USAGE})
        return httpx.Response(404, json={"detail": "not mocked"})
    return httpx.MockTransport(handler)


def test_request_on_the_wire_normalised_integer_z_and_nulls(qtbot, qloop, tmp_path):
    doc = Document.from_frames([(sprite(8), 100)] * 3, name="tiny")  # 8x8: padded to 16
    pose = spread_pose()
    for i in range(3):
        doc.set_pose(i, pose.with_points(z=pose.z + 0.3))
    seen: list = []

    async def scenario():
        async with PixelLabClient(token="t", base_url="http://mock.test/v2",
                                  transport=_mock_transport(seen)) as client:
            panel, queue, library, _canvas = make_panel(qtbot, client, tmp_path, doc)
            panel.timeline.set_frozen(0, True)
            panel.form.seed.setValue(77)
            panel.form.guidance.setValue(7.5)
            job = panel.animate()
            assert "padded" in panel.status.text()  # says what happens to the size
            await wait_for(lambda: job.state.is_final, timeout=10)
            path, body = seen[-1]
            assert path == "/v2/animate-with-skeleton"
            assert body["image_size"] == {"width": 16, "height": 16}
            assert body["seed"] == 77 and body["guidance_scale"] == 7.5
            assert body["view"] == "side" and body["direction"] == "east"
            assert len(body["skeleton_keypoints"]) == 3
            for frame in body["skeleton_keypoints"]:
                assert {p["label"] for p in frame} == set(SKELETON_LABELS)
                for p in frame:
                    assert 0 <= p["x"] <= 1 and 0 <= p["y"] <= 1
                    assert isinstance(p["z_index"], int)
            nose = body["skeleton_keypoints"][1][LABEL_INDEX["NOSE"]]
            assert nose["x"] == pytest.approx((pose.point("NOSE")[0] * 8 + 4) / 16)
            assert body["inpainting_images"][1:] == [None, None]
            assert body["mask_images"][1:] == [None, None]
            assert body["inpainting_images"][0]["type"] == "base64"
            assert "init_images" not in body
            await wait_for(lambda: "placed" in panel.status.text(), timeout=5)
            # results come back at the document size
            assert doc.frames[1].layers[-1].pixels.shape == (8, 8, 4)
            await queue.shutdown()
            library.close()
    run(qloop, scenario)


def test_missing_poses_and_empty_frames_are_reported_not_sent(qtbot, queue, library, fake_client):
    doc = Document.from_frames([(sprite(), 100), (sprite(), 100)])
    panel, canvas = panel_on_canvas(qtbot, queue, library, doc)
    doc.set_pose(0, spread_pose())
    assert panel.animate() is None
    assert "frame(s) 2 have no pose" in panel.status.text()
    assert fake_client.sent == []
    empty = Document.new(32, 32)
    canvas.set_document(empty)
    assert panel.document is empty  # follows the canvas
    assert panel.estimate() is None
    assert "empty" in panel.status.text()


def test_timeline_actions(qtbot, queue, library):
    doc = Document.from_frames([(sprite(), 100), (sprite(), 150), (sprite(), 100)])
    panel, canvas = panel_on_canvas(qtbot, queue, library, doc)
    timeline = panel.timeline
    assert timeline.objectName() == "skeleton.timeline"
    doc.set_pose(0, spread_pose())
    timeline.rebuild()
    assert timeline.list.count() == 3 and "(no pose)" in timeline.list.item(1).text()
    # copy the pose of frame 1 to frames 2 and 3 (selected in the list)
    timeline.list.item(1).setSelected(True)
    timeline.list.item(2).setSelected(True)
    assert timeline.copy_to_selected() == [1, 2]
    assert frame_poses(doc) == [spread_pose()] * 3
    # mirror, duplicate, interpolate
    qtbot.mouseClick(timeline.mirror_button, Qt.MouseButton.LeftButton)
    assert frame_poses(doc)[0] != spread_pose()
    qtbot.mouseClick(timeline.duplicate_button, Qt.MouseButton.LeftButton)
    assert len(doc.frames) == 4 and doc.current_frame == 1
    assert frame_poses(doc)[1] == frame_poses(doc)[0]
    qtbot.mouseClick(timeline.interpolate_button, Qt.MouseButton.LeftButton)
    assert len(doc.frames) == 5 and doc.current_frame == 2
    # errors are shown, not raised
    doc.current_frame = 4
    qtbot.mouseClick(timeline.interpolate_button, Qt.MouseButton.LeftButton)
    assert "next frame" in panel.status.text()
    # the onion box toggles the faint neighbouring poses
    timeline.onion_box.setChecked(False)
    assert panel.overlay.onion is False
    # playback walks through the frames
    doc.current_frame = 0
    timeline.play_button.setChecked(True)
    qtbot.waitUntil(lambda: doc.current_frame >= 2, timeout=2000)
    timeline.play_button.setChecked(False)


def test_z_spin_box_sets_the_selected_joints(qtbot, queue, library):
    doc = Document.from_image(sprite())
    panel, canvas = panel_on_canvas(qtbot, queue, library, doc, zoomed=True)
    doc.set_pose(0, spread_pose())
    qtbot.mouseClick(panel.joints.edit_button, Qt.MouseButton.LeftButton)
    drag(canvas, [joint_screen(canvas, "LEFT ARM")])
    assert panel.joints.z.isEnabled() and "Left Arm" in panel.joints.selection.text()
    panel.joints.z.setValue(15)
    panel.joints.apply_z()
    assert doc.frames[0].pose.z[LABEL_INDEX["LEFT ARM"]] == 15
    assert doc.history.undo_count == 2  # the pose set up + the z change
    panel.joints.show_box.setChecked(False)
    assert panel.overlay.enabled is False
    qtbot.mouseClick(panel.joints.edit_button, Qt.MouseButton.LeftButton)
    assert panel.overlay.enabled is True


def test_frozen_frames_follow_their_frame_when_frames_are_inserted(qtbot, queue, library):
    """Freezing marks a frame, not an index: inserting/deleting/moving frames (and undo) keeps
    the freeze on that frame, the request freezes it at its new index, and results of a job that
    was running meanwhile land on the frames they were made for."""
    a, b, c = sprite(), np.roll(sprite(), 3, axis=1), np.roll(sprite(), -3, axis=1)
    doc = Document.from_frames([(a, 100), (b, 100), (c, 100)])
    for i in range(3):
        doc.set_pose(i, spread_pose())
    panel, canvas = panel_on_canvas(qtbot, queue, library, doc)
    timeline = panel.timeline
    assert "all-black mask (black = keep" in timeline.freeze_box.toolTip()
    timeline.set_frozen(1, True)
    doc.current_frame = 0
    qtbot.mouseClick(timeline.duplicate_button, Qt.MouseButton.LeftButton)  # new frame 1
    assert len(doc.frames) == 4 and timeline.frozen == {2}
    qtbot.waitUntil(lambda: timeline.list.count() == 4, timeout=2000)  # debounced rebuild
    assert "❄" in timeline.list.item(2).text() and "❄" not in timeline.list.item(1).text()
    doc.add_frame(0)
    assert timeline.frozen == {3}
    doc.move_frame(3, 0)
    assert timeline.frozen == {0}
    doc.history.undo()
    doc.history.undo()
    assert timeline.frozen == {2}
    doc.set_pose(1, spread_pose())
    request, _plan = panel.build_request()
    frames = request.inpainting_images
    assert [f is not None for f in frames] == [False, False, True, False]
    assert not np.asarray(request.mask_images[2].to_pil().convert("L")).any()  # all black
    doc.delete_frame(2)
    assert timeline.frozen == set()
    doc.history.undo()
    assert timeline.frozen == {2}
    # a job made for the 4 frames; meanwhile a frame is inserted at the front
    job = panel.animate()
    entry = panel._jobs.pop(job.id)
    doc.add_frame(0)
    for n in range(4):
        px = np.zeros((64, 64, 4), np.uint8)
        px[..., 0], px[..., 3] = 10 * (n + 1), 255
        library.store_result(job.id, px, variant_index=n)
    panel._place(job, *entry)
    kinds = [[ly.kind for ly in f.layers] for f in doc.frames]
    assert kinds == [["image"], ["image", "ai"], ["image", "ai"], ["image"], ["image", "ai"]]
    assert [int(f.layers[-1].pixels[0, 0, 0]) for f in doc.frames] == [0, 10, 20, 0, 40]
