"""Joint editing controls: the joint tool button, Reset pose (back to the estimate), snapping,
keep bone lengths, and the z order of the selected joints."""

from __future__ import annotations

import weakref

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Document
from studio.core.skeleton.edits import reset_pose
from studio.core.skeleton.pose import SKELETON_LABELS, Pose
from studio.ui.skeleton.joint_tool import TOOL_NAME
from studio.ui.skeleton.overlay import SkeletonOverlay


class JointControls(QWidget):
    message = Signal(str)

    def __init__(self, canvas, overlay: SkeletonOverlay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas, self.overlay = canvas, overlay
        self.document: Document | None = None
        self.edit_button = QPushButton("Edit joints", objectName="skeleton.edit")
        self.edit_button.setToolTip("Joint tool (K): drag joints, Shift adds, Ctrl/Alt-drag "
                                    "turns a limb, arrows nudge, +/- z order of the selected "
                                    "joints")
        self.reset_button = QPushButton("Reset pose", objectName="skeleton.reset_pose")
        self.reset_button.setToolTip("Put this frame's pose back to the estimated skeleton "
                                     "(one undo step)")
        self.estimates: weakref.WeakKeyDictionary[Document, dict[int, Pose]] = (
            weakref.WeakKeyDictionary())
        self.show_box = QCheckBox("show", objectName="skeleton.show")
        self.show_box.setChecked(overlay.enabled)
        self.show_box.setToolTip("Show the skeleton on the canvas")
        self.snap = QCheckBox("snap", objectName="skeleton.snap")
        self.snap.setToolTip("Drop joints on pixel centres")
        self.keep_lengths = QCheckBox("keep lengths", objectName="skeleton.keep_lengths")
        self.keep_lengths.setToolTip("Dragging a joint turns its bone (children follow)")
        self.selection = QLabel(objectName="skeleton.selection")
        self.z = QSpinBox(objectName="skeleton.z", minimum=-99, maximum=99)
        self.z.setToolTip("z order of the selected joints (higher is drawn in front)")
        self.z.setEnabled(False)
        tools, chosen = QHBoxLayout(), QHBoxLayout()
        for w in (self.edit_button, self.reset_button, self.show_box, self.snap):
            tools.addWidget(w)
        tools.addStretch(1)
        # "keep lengths" on the second row: five in one row overflow the dock at 1280x800
        for w in (self.keep_lengths, self.selection, QLabel("z order"), self.z):
            chosen.addWidget(w)
        chosen.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addLayout(chosen)
        self.edit_button.clicked.connect(self.edit)
        self.reset_button.clicked.connect(self.reset_pose)
        self.show_box.toggled.connect(self._show)
        self.snap.toggled.connect(lambda on: setattr(overlay, "snap", on))
        self.keep_lengths.toggled.connect(lambda on: setattr(overlay, "keep_bone_lengths", on))
        self.z.editingFinished.connect(self.apply_z)
        canvas.installEventFilter(self)  # refresh the selection readout after mouse/key input

    def edit(self) -> None:
        """Switch to the joint tool (and show the skeleton)."""
        self.show_box.setChecked(True)
        self.canvas.set_tool(TOOL_NAME)

    def remember_estimate(self, doc: Document, frame: int, pose: Pose) -> None:
        """Keep the estimated pose of ``frame``: Reset pose goes back to it."""
        self.estimates.setdefault(doc, {})[frame] = pose

    def reset_pose(self) -> bool:
        """The current frame's pose back to its estimate (or the document's nearest one)."""
        doc = self.document
        known = self.estimates.get(doc, {}) if doc is not None else {}
        if doc is None or not known:
            self.message.emit("There is no estimate to go back to: press Estimate skeleton "
                              "first.")
            return False
        frame = doc.current_frame
        source = frame if frame in known else min(known, key=lambda f: abs(f - frame))
        reset_pose(doc, frame, known[source])
        self.overlay.selected.clear()
        self.refresh()
        where = "" if source == frame else f" (the estimate of frame {source + 1})"
        self.message.emit(f"Frame {frame + 1} is back to the estimated pose{where}; "
                          "Undo restores your edit.")
        return True

    def _show(self, on: bool) -> None:
        self.overlay.enabled = on
        self.canvas.update()

    def set_document(self, doc: Document | None) -> None:
        self.document = doc
        self.refresh()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in (event.Type.MouseButtonRelease, event.Type.KeyRelease):
            self.refresh()
        return False

    def refresh(self) -> None:
        pose = self.overlay.frame_pose()
        chosen = sorted(self.overlay.selected)
        if pose is None or not chosen:
            self.selection.setText("no joint selected")
            self.z.setEnabled(False)
            return
        names = ", ".join(SKELETON_LABELS[i].title() for i in chosen[:2])
        self.selection.setText(names + (f" +{len(chosen) - 2}" if len(chosen) > 2 else ""))
        self.z.setEnabled(True)
        self.z.blockSignals(True)
        self.z.setValue(int(round(pose.z[chosen[0]])))
        self.z.blockSignals(False)

    def apply_z(self) -> None:
        """Set the z order of every selected joint (one undo step)."""
        pose = self.overlay.frame_pose()
        doc = self.document
        chosen = sorted(self.overlay.selected)
        if pose is None or doc is None or not chosen:
            return
        z = pose.z.copy()
        z[chosen] = self.z.value()
        if not np.array_equal(z, pose.z):
            doc.set_pose(self.canvas.frame, pose.with_points(z=z), "Joint z order")
