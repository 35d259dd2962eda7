"""The joint tool (mode-table name ``skeleton.joints``) and the keyboard/hover filter behind it.

Press on a joint selects it (Shift toggles it in the selection); press on empty canvas starts a
rubber band. Dragging moves the selected joints so the grabbed one ends exactly under the
pointer (image coordinates, optionally snapped to pixel centres); with Ctrl or Alt held the
grabbed joint's limb turns about its parent joint instead (bone lengths kept). With several
joints selected, Alt-drag turns them together about their centre and Ctrl-drag scales them.
Arrow keys nudge the selection by one
pixel, + and - change its z order. Each drag, nudge or z change is one undo step
(``Document.set_pose``); during a drag only the changed screen region is repainted.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from studio.core.skeleton.joint_ops import centre, transform_joints
from studio.core.skeleton.pose import (
    LABEL_INDEX,
    PARENT,
    SKELETON_LABELS,
    Pose,
    descendants,
    hit_test,
    move_joint,
    rotate_limb,
)
from studio.ui.canvas.tools import TOOLS, PointerEvent, Tool, ToolSpec, register_tool
from studio.ui.skeleton.overlay import SkeletonOverlay

TOOL_NAME = "skeleton.joints"
NUDGES = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
          Qt.Key.Key_Down: (0, 1)}
Z_KEYS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_Minus: -1}


def overlay_of(canvas) -> SkeletonOverlay:
    """The canvas' skeleton overlay, installed (with its input filter) on first use."""
    for overlay in canvas.screen_overlays:
        if isinstance(overlay, SkeletonOverlay):
            return overlay
    overlay = SkeletonOverlay(canvas)
    canvas.add_screen_overlay(overlay)
    canvas._skeleton_filter = SkeletonInputFilter(canvas, overlay)  # kept alive by the canvas
    canvas.installEventFilter(canvas._skeleton_filter)
    return overlay


def _image_point(ctx, ev: PointerEvent, snap: bool) -> tuple[float, float]:
    if snap:
        return ev.x + 0.5, ev.y + 0.5
    return ctx.viewport.to_image(ev.sx, ev.sy)


class JointTool(Tool):
    cursor = "ArrowCursor"

    def __init__(self) -> None:
        self.mode: str | None = None  # "move", "rotate" or "band"
        self.start: Pose | None = None
        self.grabbed = -1
        self.anchor = (0.0, 0.0)
        self.rotate_modifier = False  # set by the input filter from the real Qt modifiers
        self.scale_modifier = False  # Ctrl without Alt: scales a multi-selection
        self._dirty: QRect | None = None

    def press(self, ctx, ev: PointerEvent) -> None:
        overlay = overlay_of(ctx)
        overlay.hover = None
        pose = overlay.frame_pose()
        doc = ctx.document
        hit = None
        if pose is not None:
            fx, fy = ctx.viewport.to_image(ev.sx, ev.sy)
            label = hit_test(pose, fx, fy, doc.width, doc.height, overlay.hit_radius(ctx.viewport))
            hit = None if label is None else LABEL_INDEX[label]
        if hit is None:
            if not ev.shift:
                overlay.selected.clear()
            self.mode, self.anchor = "band", (ev.sx, ev.sy)
            ctx.update()
            return
        if ev.shift:
            overlay.selected.symmetric_difference_update({hit})
            if hit not in overlay.selected:
                self.mode = None
                ctx.update()
                return
        elif hit not in overlay.selected:
            overlay.selected = {hit}
        self.mode = "rotate" if self.rotate_modifier else "move"
        if len(overlay.selected) > 1 and self.rotate_modifier:  # the selection turns together
            self.mode = "scale" if self.scale_modifier else "turn"
        self.start, self.grabbed = pose, hit
        self._dirty = overlay.region(pose, self._affected(overlay), ctx.viewport)
        ctx.update(self._dirty)

    def _affected(self, overlay: SkeletonOverlay) -> set[int]:
        moved = set(overlay.selected)
        if self.mode == "rotate" or overlay.keep_bone_lengths:
            for i in list(moved):
                moved.update(LABEL_INDEX[d] for d in descendants(SKELETON_LABELS[i]))
        return moved

    def target_pose(self, ctx, ev: PointerEvent) -> Pose:
        """The pose the drag has reached at ``ev``.

        Turning and length keeping work on image pixels (not on 0..1 coordinates) so they stay
        true on non-square sprites.
        """
        overlay = overlay_of(ctx)
        start = self.start
        assert start is not None
        doc = ctx.document
        size = np.array([doc.width, doc.height], dtype=np.float64)
        x, y = _image_point(ctx, ev, overlay.snap)
        label = SKELETON_LABELS[self.grabbed]
        pixels = start.with_points(start.xy * size)
        if self.mode in ("turn", "scale"):
            return self._group_pose(start, overlay.selected, (doc.width, doc.height), (x, y))
        if self.mode == "rotate":
            pivot = pixels.xy[LABEL_INDEX[PARENT.get(label, label)]]
            old = pixels.xy[self.grabbed] - pivot
            if label not in PARENT or not old.any() or (x, y) == tuple(pivot):
                return start
            angle = math.atan2(y - pivot[1], x - pivot[0]) - math.atan2(old[1], old[0])
            turned = rotate_limb(pixels, label, angle)
            return start.with_points(turned.xy / size)
        if overlay.keep_bone_lengths and len(overlay.selected) == 1:
            moved = move_joint(pixels, label, x, y, keep_bone_lengths=True)
            return start.with_points(moved.xy / size)
        delta = np.array([x, y]) / size - start.xy[self.grabbed]
        xy = start.xy.copy()
        xy[sorted(overlay.selected)] += delta
        return start.with_points(xy)

    def _group_pose(self, start: Pose, selected: set[int], size: tuple[int, int],
                    point: tuple[float, float]) -> Pose:
        """The selection turned (Alt) or scaled (Ctrl) about its centre, by how far the
        grabbed joint's direction or distance from that centre changed."""
        pivot = centre(start, selected, size)
        grabbed = start.xy[self.grabbed] * np.asarray(size, dtype=np.float64) - pivot
        now = np.asarray(point) - pivot
        if not grabbed.any() or not now.any():
            return start
        if self.mode == "scale":
            factor = float(np.hypot(*now) / np.hypot(*grabbed))
            return transform_joints(start, selected, size, scale=max(factor, 0.05), pivot=pivot)
        angle = math.atan2(now[1], now[0]) - math.atan2(grabbed[1], grabbed[0])
        return transform_joints(start, selected, size, angle=angle, pivot=pivot)

    def move(self, ctx, ev: PointerEvent) -> None:
        overlay = overlay_of(ctx)
        if self.mode == "band":
            overlay.band = QRectF(QPointF(*self.anchor), QPointF(ev.sx, ev.sy))
            ctx.update()
            return
        if self.mode not in ("move", "rotate", "turn", "scale"):
            return
        pose = self.target_pose(ctx, ev)
        overlay.preview = pose
        region = overlay.region(pose, self._affected(overlay), ctx.viewport)
        ctx.update(region.united(self._dirty) if self._dirty is not None else region)
        self._dirty = region

    def release(self, ctx, ev: PointerEvent) -> None:
        overlay = overlay_of(ctx)
        mode = self.mode
        if mode == "band":
            self._select_band(ctx, overlay, ev)
        elif mode in ("move", "rotate", "turn", "scale") and self.start is not None:
            pose = self.target_pose(ctx, ev)
            overlay.preview = None
            if pose != self.start:
                ctx.document.set_pose(ctx.frame, pose, {
                    "rotate": "Rotate limb", "turn": "Turn joints",
                    "scale": "Scale joints"}.get(mode, "Move joints"))
        self.mode, self.start, self._dirty = None, None, None
        ctx.update()

    def _select_band(self, ctx, overlay: SkeletonOverlay, ev: PointerEvent) -> None:
        band = QRectF(QPointF(*self.anchor), QPointF(ev.sx, ev.sy)).normalized()
        overlay.band = None
        pose = overlay.frame_pose()
        if pose is None or band.width() < 2 or band.height() < 2:
            return
        pts = overlay.screen_points(pose, ctx.viewport)
        overlay.selected |= {i for i, (x, y) in enumerate(pts) if band.contains(QPointF(x, y))}

    def cancel(self, ctx) -> None:
        overlay = overlay_of(ctx)
        overlay.preview, overlay.band = None, None
        self.mode, self.start, self._dirty = None, None, None
        ctx.update()


def nudge(canvas, dx: int, dy: int) -> bool:
    """Move the selected joints by whole image pixels (one undo step)."""
    overlay = overlay_of(canvas)
    pose = overlay.frame_pose()
    if pose is None or not overlay.selected:
        return False
    doc = canvas.document
    xy = pose.xy.copy()
    xy[sorted(overlay.selected)] += np.array([dx / doc.width, dy / doc.height])
    doc.set_pose(canvas.frame, pose.with_points(xy), "Nudge joints")
    return True


def shift_z(canvas, step: int) -> bool:
    """Raise (+1) or lower (-1) the z order of the selected joints (one undo step)."""
    overlay = overlay_of(canvas)
    pose = overlay.frame_pose()
    if pose is None or not overlay.selected:
        return False
    z = pose.z.copy()
    z[sorted(overlay.selected)] = np.round(z[sorted(overlay.selected)]) + step
    canvas.document.set_pose(canvas.frame, pose.with_points(z=z), "Joint z order")
    return True


class SkeletonInputFilter(QObject):
    """Gives the joint tool what the canvas does not pass on: Ctrl/Alt on press (the canvas
    turns Alt into the colour picker), arrow/+/- keys, and hover labels."""

    def __init__(self, canvas, overlay: SkeletonOverlay) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.overlay = overlay
        self._resending = False

    def active(self) -> bool:
        return self.canvas.tool_name == TOOL_NAME and self.canvas.document is not None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if not self.active():
            if self.overlay.hover is not None:  # another tool took over: drop the label
                self.overlay.hover = None
                self.canvas.update()
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            return self._press(event)
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if event.buttons() == Qt.MouseButton.NoButton:
                self._hover(event.position())
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            return self._claim_z_keys(event)
        return False

    def _claim_z_keys(self, event: QKeyEvent) -> bool:
        """While joints are selected, + and - change their z order instead of zooming (the
        window's View shortcuts): accepting the override delivers them as key presses."""
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                           | Qt.KeyboardModifier.KeypadModifier))
        if event.key() in Z_KEYS and plain and self.overlay.selected:
            event.accept()
            return True
        return False

    def _press(self, event: QMouseEvent) -> bool:
        if self._resending:
            return False
        mods = event.modifiers()
        rotate = bool(mods & (Qt.KeyboardModifier.ControlModifier
                              | Qt.KeyboardModifier.AltModifier))
        tool = self.canvas.tool(TOOL_NAME)
        tool.rotate_modifier = rotate
        tool.scale_modifier = bool(mods & Qt.KeyboardModifier.ControlModifier
                                   and not mods & Qt.KeyboardModifier.AltModifier)
        if mods & Qt.KeyboardModifier.AltModifier:  # re-send without Alt: not the picker
            plain = QMouseEvent(event.type(), event.position(), event.globalPosition(),
                                event.button(), event.buttons(),
                                mods & ~Qt.KeyboardModifier.AltModifier)
            self._resending = True
            try:
                QApplication.sendEvent(self.canvas, plain)
            finally:
                self._resending = False
            return True
        return False

    def _hover(self, pos: QPointF) -> None:
        overlay, canvas = self.overlay, self.canvas
        pose = overlay.frame_pose()
        hover = None
        if pose is not None:
            fx, fy = canvas.viewport.to_image(pos.x(), pos.y())
            doc = canvas.document
            label = hit_test(pose, fx, fy, doc.width, doc.height,
                             overlay.hit_radius(canvas.viewport))
            hover = None if label is None else LABEL_INDEX[label]
        if hover != overlay.hover:
            old = overlay.hover
            overlay.hover = hover
            for index in (old, hover):
                if index is not None and pose is not None:
                    canvas.update(overlay.label_rect(pose, index, canvas.viewport).adjusted(
                        -2, -2, 2, 2))

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in NUDGES:
            return nudge(self.canvas, *NUDGES[key])
        if key in Z_KEYS:
            return shift_z(self.canvas, Z_KEYS[key])
        return False


def register() -> None:
    if TOOL_NAME not in TOOLS:
        register_tool(ToolSpec(TOOL_NAME, "Joints", "K", JointTool))


def install_joint_tool(window) -> None:
    """The joint tool in the window's tool palette (``tool.joints``, key K); choosing it
    installs the skeleton overlay, so arrows and +/- work before the first click."""
    from studio.ui.menus import add_tool_action  # noqa: PLC0415 (menus imports the window)

    action = window.tool_actions.get(TOOL_NAME) or add_tool_action(window, TOOL_NAME)
    action.setObjectName("tool.joints")
    canvas = window.canvas
    canvas.tool_changed.connect(lambda name: overlay_of(canvas) if name == TOOL_NAME else None)


register()
