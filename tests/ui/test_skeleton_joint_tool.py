"""The joint tool with real mouse and key events on the canvas: hit-testing, dragging at 1x, 8x
and 32x, snapping, multi-select (Shift, rubber band), limb rotation, nudge, z order, undo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest

from studio.core.skeleton.pose import LABEL_INDEX, SKELETON_LABELS, hit_test
from studio.ui.skeleton.joint_tool import overlay_of
from tests.ui.conftest import drag, send_mouse
from tests.ui.skeleton_helpers import *  # noqa: F403 - the posed_canvas fixture
from tests.ui.skeleton_helpers import joint_image, joint_screen

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize("zoom", [1, 8, 32])
def test_drag_ends_exactly_where_released(posed_canvas, zoom) -> None:
    canvas = posed_canvas
    doc = canvas.document
    ex, ey = joint_image(canvas, "LEFT ELBOW")
    canvas.set_view(zoom, round(300 - ex * zoom), round(300 - ey * zoom))
    before = doc.frames[0].pose
    target = (ex + 3.25, ey - 2.75)
    start = joint_screen(canvas, "LEFT ELBOW")
    end = canvas.viewport.to_screen(*target)
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    drag(canvas, [start, mid, end])
    assert joint_image(canvas, "LEFT ELBOW") == pytest.approx(target, abs=1e-9)
    after = doc.frames[0].pose
    others = [i for i in range(18) if i != LABEL_INDEX["LEFT ELBOW"]]
    assert np.array_equal(after.xy[others], before.xy[others])  # nothing else moved
    assert doc.history.undo_count == 1  # the whole drag is one undo step
    doc.history.undo()
    assert doc.frames[0].pose == before


@pytest.mark.parametrize("zoom", [1, 8, 32])
def test_press_hits_the_joint_under_the_pointer(posed_canvas, zoom) -> None:
    canvas = posed_canvas
    overlay = overlay_of(canvas)
    ex, ey = joint_image(canvas, "RIGHT KNEE")
    canvas.set_view(zoom, round(300 - ex * zoom), round(300 - ey * zoom))
    sx, sy = joint_screen(canvas, "RIGHT KNEE")
    send_mouse(canvas, "press", (sx + 3, sy - 3))  # within the handle at any zoom
    send_mouse(canvas, "release", (sx + 3, sy - 3))
    assert overlay.selected == {LABEL_INDEX["RIGHT KNEE"]}
    # far from every joint: nothing is hit, and a click clears the selection
    send_mouse(canvas, "press", (sx + 40, sy + 40))
    send_mouse(canvas, "release", (sx + 40, sy + 40))
    assert overlay.selected == set()


def test_hit_test_picks_the_nearest_joint_within_the_radius() -> None:
    from tests.ui.skeleton_helpers import spread_pose

    pose = spread_pose()
    for label in SKELETON_LABELS:
        x, y = pose.point(label)
        assert hit_test(pose, x * 64 + 0.4, y * 64 - 0.4, 64, 64, 1.0) == label
    assert hit_test(pose, -50, -50, 64, 64, 3.0) is None


def test_snapping_drops_the_joint_on_a_pixel_centre(posed_canvas) -> None:
    canvas = posed_canvas
    overlay_of(canvas).snap = True
    canvas.set_view(8, 20, 20)
    start = joint_screen(canvas, "NOSE")
    drag(canvas, [start, canvas.viewport.to_screen(40.9, 10.1)])
    assert joint_image(canvas, "NOSE") == pytest.approx((40.5, 10.5))


def test_shift_click_and_rubber_band_select_several_that_move_together(posed_canvas) -> None:
    canvas = posed_canvas
    overlay = overlay_of(canvas)
    canvas.set_view(8, 20, 20)
    a, b = joint_screen(canvas, "LEFT KNEE"), joint_screen(canvas, "LEFT LEG")
    drag(canvas, [a])
    drag(canvas, [b], modifiers=SHIFT)
    assert overlay.selected == {LABEL_INDEX["LEFT KNEE"], LABEL_INDEX["LEFT LEG"]}
    knee, leg = joint_image(canvas, "LEFT KNEE"), joint_image(canvas, "LEFT LEG")
    end = (a[0] + 40, a[1] - 16)  # 5 px right, 2 px up at 8x
    drag(canvas, [a, end])
    assert joint_image(canvas, "LEFT KNEE") == pytest.approx((knee[0] + 5, knee[1] - 2))
    assert joint_image(canvas, "LEFT LEG") == pytest.approx((leg[0] + 5, leg[1] - 2))
    assert canvas.document.history.undo_count == 1
    # a rubber band around the whole right arm selects exactly its three joints
    pts = [joint_screen(canvas, n) for n in ("RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM")]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    drag(canvas, [(min(xs) - 30, min(ys) - 20), (max(xs) + 6, max(ys) + 6)])
    assert overlay.selected == {LABEL_INDEX[n] for n in
                                ("RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM")}


@pytest.mark.parametrize("modifier", [CTRL, ALT])
def test_modifier_drag_rotates_the_limb_about_its_parent(posed_canvas, modifier) -> None:
    canvas = posed_canvas
    doc = canvas.document
    canvas.set_view(8, 20, 20)
    before = doc.frames[0].pose
    shoulder = np.array(joint_image(canvas, "LEFT SHOULDER"))
    elbow = np.array(joint_image(canvas, "LEFT ELBOW"))
    wrist = np.array(joint_image(canvas, "LEFT ARM"))
    radius = np.hypot(*(elbow - shoulder))
    target = shoulder + radius * np.array([0.0, 1.0])  # swing the arm straight down
    drag(canvas, [joint_screen(canvas, "LEFT ELBOW"), canvas.viewport.to_screen(*target)],
         modifiers=modifier)
    new_elbow = np.array(joint_image(canvas, "LEFT ELBOW"))
    new_wrist = np.array(joint_image(canvas, "LEFT ARM"))
    assert new_elbow == pytest.approx(target, abs=1e-6)
    assert np.array_equal(joint_image(canvas, "LEFT SHOULDER"), shoulder)  # the pivot stays
    # the forearm turned with it and kept its length; the other arm did not move
    assert np.hypot(*(new_wrist - new_elbow)) == pytest.approx(np.hypot(*(wrist - elbow)))
    def turn(a, b):
        return math.remainder(math.atan2(*b[::-1]) - math.atan2(*a[::-1]), 2 * math.pi)

    upper = turn(elbow - shoulder, target - shoulder)
    assert abs(upper) > 0.3
    assert turn(wrist - elbow, new_wrist - new_elbow) == pytest.approx(upper)
    after = doc.frames[0].pose
    assert after.point("RIGHT ARM") == before.point("RIGHT ARM")
    assert canvas.tool_name == "skeleton.joints"  # Alt did not switch to the colour picker
    assert doc.history.undo_count == 1


def test_keep_bone_lengths_drag(posed_canvas) -> None:
    canvas = posed_canvas
    overlay_of(canvas).keep_bone_lengths = True
    canvas.set_view(8, 20, 20)
    hip = np.array(joint_image(canvas, "RIGHT HIP"))
    knee = np.array(joint_image(canvas, "RIGHT KNEE"))
    length = np.hypot(*(knee - hip))
    drag(canvas, [joint_screen(canvas, "RIGHT KNEE"), canvas.viewport.to_screen(*(hip + 30))])
    new_knee = np.array(joint_image(canvas, "RIGHT KNEE"))
    assert np.hypot(*(new_knee - hip)) == pytest.approx(length)
    direction = (new_knee - hip) / length
    assert direction == pytest.approx(np.array([1, 1]) / math.sqrt(2))


def test_arrow_keys_nudge_and_plus_minus_change_z(posed_canvas) -> None:
    canvas = posed_canvas
    doc = canvas.document
    canvas.set_view(8, 20, 20)
    drag(canvas, [joint_screen(canvas, "NECK")])
    x, y = joint_image(canvas, "NECK")
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Up)
    assert joint_image(canvas, "NECK") == pytest.approx((x + 2, y - 1))
    assert doc.history.undo_count == 3  # one step per nudge
    z = doc.frames[0].pose.z[LABEL_INDEX["NECK"]]
    QTest.keyClick(canvas, Qt.Key.Key_Plus)
    QTest.keyClick(canvas, Qt.Key.Key_Plus)
    QTest.keyClick(canvas, Qt.Key.Key_Minus)
    assert doc.frames[0].pose.z[LABEL_INDEX["NECK"]] == z + 1
    doc.history.undo()
    doc.history.undo()
    doc.history.undo()
    doc.history.undo()
    assert joint_image(canvas, "NECK") == pytest.approx((x + 2, y))


def test_drag_repaints_only_the_changed_region(posed_canvas, monkeypatch) -> None:
    canvas = posed_canvas
    canvas.set_view(8, 0, 0)  # the sprite covers 512x512 screen pixels
    updates: list = []
    monkeypatch.setattr(canvas, "update", lambda *args: updates.append(args))
    start = joint_screen(canvas, "LEFT ARM")
    send_mouse(canvas, "press", start)
    updates.clear()
    for step in range(1, 6):
        send_mouse(canvas, "move", (start[0] + 4 * step, start[1] + 2 * step))
    rects = [args[0] for args in updates]
    assert rects and all(isinstance(r, QRect) for r in rects)  # never a full repaint
    assert all(r.width() * r.height() < 0.1 * 512 * 512 for r in rects)
    # the rectangles cover the joint's old and new handle
    last = joint_screen(canvas, "LEFT ARM")
    assert rects[-1].contains(int(start[0] + 20), int(start[1] + 10))
    assert rects[0].contains(int(last[0]), int(last[1]))
    send_mouse(canvas, "release", (start[0] + 20, start[1] + 10))


def test_hover_shows_the_label_and_no_pose_means_no_edit(posed_canvas) -> None:
    canvas = posed_canvas
    overlay = overlay_of(canvas)
    canvas.set_view(8, 20, 20)
    sx, sy = joint_screen(canvas, "LEFT EYE")
    send_mouse(canvas, "move", (sx, sy), button=Qt.MouseButton.NoButton)
    assert overlay.hover == LABEL_INDEX["LEFT EYE"]
    canvas.document.set_pose(0, None)
    drag(canvas, [(sx, sy), (sx + 30, sy)])
    assert canvas.document.frames[0].pose is None


def test_rotation_and_bone_lengths_are_true_on_a_non_square_sprite(qtbot) -> None:
    from studio.core.document.document import Document
    from studio.ui.canvas import CanvasWidget
    from studio.ui.skeleton.joint_tool import TOOL_NAME
    from tests.ui.skeleton_helpers import spread_pose

    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.resize(900, 700)
    canvas.set_document(Document.new(96, 48))
    canvas.document.set_pose(0, spread_pose())
    overlay_of(canvas)
    canvas.set_tool(TOOL_NAME)
    canvas.set_view(8, 20, 20)
    hip = np.array(joint_image(canvas, "LEFT HIP"))
    knee = np.array(joint_image(canvas, "LEFT KNEE"))
    leg = np.array(joint_image(canvas, "LEFT LEG"))
    target = hip + np.hypot(*(knee - hip)) * np.array([np.cos(0.3), np.sin(0.3)])
    drag(canvas, [joint_screen(canvas, "LEFT KNEE"), canvas.viewport.to_screen(*target)],
         modifiers=CTRL)
    new_knee = np.array(joint_image(canvas, "LEFT KNEE"))
    new_leg = np.array(joint_image(canvas, "LEFT LEG"))
    assert new_knee == pytest.approx(target, abs=1e-6)  # under the pointer, in pixels
    assert np.hypot(*(new_leg - new_knee)) == pytest.approx(np.hypot(*(leg - knee)))


def _select(canvas, labels) -> None:
    overlay_of(canvas).selected = {LABEL_INDEX[label] for label in labels}


def test_alt_drag_turns_a_selection_together_about_its_centre(posed_canvas) -> None:
    canvas = posed_canvas
    doc = canvas.document
    canvas.set_view(8, 20, 20)
    chosen = ["RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM"]
    before = doc.frames[0].pose
    pts = np.array([joint_image(canvas, label) for label in chosen])
    middle = pts.mean(axis=0)
    grabbed = pts[2] - middle
    # drag the wrist a quarter turn about the selection's centre, with real Shift-clicks first
    send_mouse(canvas, "press", joint_screen(canvas, chosen[0]))
    send_mouse(canvas, "release", joint_screen(canvas, chosen[0]))
    for label in chosen[1:]:
        send_mouse(canvas, "press", joint_screen(canvas, label), modifiers=SHIFT)
        send_mouse(canvas, "release", joint_screen(canvas, label), modifiers=SHIFT)
    assert overlay_of(canvas).selected == {LABEL_INDEX[label] for label in chosen}
    turned = middle + np.array([-grabbed[1], grabbed[0]])  # +90 degrees on screen
    drag(canvas, [joint_screen(canvas, chosen[2]), canvas.viewport.to_screen(*turned)],
         modifiers=ALT)
    after = np.array([joint_image(canvas, label) for label in chosen])
    expected = middle + (pts - middle) @ np.array([[0.0, 1.0], [-1.0, 0.0]])
    assert after == pytest.approx(expected, abs=1e-6)
    untouched = [i for i in range(18) if SKELETON_LABELS[i] not in chosen]
    assert np.array_equal(doc.frames[0].pose.xy[untouched], before.xy[untouched])
    assert doc.history.undo_count == 1


def test_ctrl_drag_scales_a_selection_about_its_centre(posed_canvas) -> None:
    canvas = posed_canvas
    doc = canvas.document
    canvas.set_view(8, 20, 20)
    chosen = ["LEFT HIP", "LEFT KNEE", "LEFT LEG"]
    _select(canvas, chosen)
    pts = np.array([joint_image(canvas, label) for label in chosen])
    middle = pts.mean(axis=0)
    target = middle + (pts[2] - middle) * 1.5
    drag(canvas, [joint_screen(canvas, chosen[2]), canvas.viewport.to_screen(*target)],
         modifiers=CTRL)
    after = np.array([joint_image(canvas, label) for label in chosen])
    assert after == pytest.approx(middle + (pts - middle) * 1.5, abs=1e-6)
    doc.history.undo()
    assert np.array([joint_image(canvas, label) for label in chosen]) == pytest.approx(pts)
