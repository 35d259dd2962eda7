"""The pose timeline (objectName ``skeleton.timeline``): every frame with its pose as a small
thumbnail; duplicate, interpolate, copy and mirror poses, starter poses, freeze, playback.

Frames selected in the list (besides the current one) are the targets of "Copy pose".
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Document, Frame
from studio.core.skeleton import edits as pose_edits
from studio.core.skeleton.pose import BONES, LABEL_INDEX, PoseError, side_of
from studio.core.skeleton.requests import pose_of
from studio.core.skeleton.sequence import starter_names
from studio.ui.frame_thumbnails import ThumbnailFiller, icons_by_frame, placeholder_icon
from studio.ui.qt_images import rgba_to_qimage
from studio.ui.skeleton.overlay import SIDE_COLORS

THUMB = 56
_BONES = [(LABEL_INDEX[p], LABEL_INDEX[c], side_of(c)) for p, c in BONES]


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setToolTip(tip)
    return button


def pose_thumbnail(doc: Document, index: int, size: int = THUMB) -> QIcon:
    """The frame's pixels (nearest neighbour) with its skeleton drawn over them."""
    image = rgba_to_qimage(doc.composite(index))
    longest = max(doc.width, doc.height)
    scale = size // longest if longest <= size else size / longest  # whole steps when growing
    w, h = max(1, round(doc.width * scale)), max(1, round(doc.height * scale))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    ox, oy = (size - w) / 2, (size - h) / 2
    painter.drawImage(QPointF(ox, oy), image.scaled(w, h))
    pose = pose_of(doc.frames[index].pose)
    if pose is not None:
        pts = pose.xy * np.array([w, h]) + np.array([ox, oy])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for a, b, side in _BONES:
            painter.setPen(QPen(SIDE_COLORS[side], 1.5))
            painter.drawLine(QPointF(*pts[a]), QPointF(*pts[b]))
    painter.end()
    return QIcon(pixmap)


class PoseTimeline(QWidget):
    error = Signal(str)
    message = Signal(str)  # what an action did (e.g. which poses a starter replaced)
    frozen_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("skeleton.timeline")
        self.document: Document | None = None
        # Frozen frames are remembered as Frame objects, not indices, so inserting, deleting or
        # moving frames (and undoing that) keeps the freeze on the frame the artist chose.
        self._frozen_frames: list[Frame] = []
        self.list = QListWidget(objectName="skeleton.frames")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFixedHeight(THUMB + 44)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.currentRowChanged.connect(self._on_row)
        self.duplicate_button = _button("Duplicate", "skeleton.duplicate",
                                        "Add a copy of this frame (pixels and pose) after it")
        self.interpolate_button = _button("In-between", "skeleton.interpolate",
                                          "Add a frame whose pose lies between this frame's "
                                          "and the next one's")
        self.copy_button = _button("Copy pose", "skeleton.copy_pose",
                                   "Copy this frame's pose to the other selected frames")
        self.mirror_button = _button("Mirror", "skeleton.mirror", "Swap left and right")
        self.freeze_box = QCheckBox("Freeze", objectName="skeleton.freeze")
        self.freeze_box.setToolTip("Keep this frame's pixels when animating: the frame is sent "
                                   "as its own inpainting image with an all-black mask "
                                   "(black = keep, white = regenerate), so nothing of it is "
                                   "regenerated")
        self.starter = QComboBox(objectName="skeleton.starter")
        self.starter.addItems(list(starter_names()))
        self.starter_button = _button("Apply starter", "skeleton.apply_starter",
                                      "Put the starter poses, fitted to this frame's skeleton, "
                                      "on this frame and the following ones")
        self.onion_box = QCheckBox("Onion", objectName="skeleton.onion")
        self.onion_box.setChecked(True)
        self.play_button = _button("Play", "skeleton.play", "Play the frames")
        self.play_button.setCheckable(True)
        grid = QGridLayout()
        widgets = (self.duplicate_button, self.interpolate_button, self.copy_button,
                   self.mirror_button, self.starter, self.starter_button, self.freeze_box,
                   self.onion_box, self.play_button)
        for i, widget in enumerate(widgets):
            grid.addWidget(widget, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(grid)
        self.duplicate_button.clicked.connect(lambda: self._run(pose_edits.duplicate_frame))
        self.interpolate_button.clicked.connect(
            lambda: self._run(pose_edits.insert_interpolated))
        self.copy_button.clicked.connect(self.copy_to_selected)
        self.mirror_button.clicked.connect(lambda: self._run(pose_edits.mirror_pose))
        self.starter_button.clicked.connect(self.apply_starter)
        self.freeze_box.toggled.connect(self._on_freeze)
        self.play_button.toggled.connect(self.set_playing)
        self._player = QTimer(self, singleShot=True)
        self._player.timeout.connect(self._advance)
        self._rebuild_timer = QTimer(self, singleShot=True, interval=120)
        self._rebuild_timer.timeout.connect(self.rebuild)
        # thumbnails are drawn a slice at a time (a 64-frame document must not stall)
        self.thumbnails = ThumbnailFiller(self.list, THUMB, pose_thumbnail)
        self._placeholder = placeholder_icon(THUMB)
        self._shown: list[Frame] = []  # the frame of each row, to keep its icon over a rebuild

    # -- document ----------------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        if doc is self.document:
            return
        self.set_playing(False)
        if self.document is not None:
            old = self.document
            old.pose_changed.disconnect(self._schedule)
            old.structure_changed.disconnect(self._on_structure)
            old.changed.disconnect(self._schedule)
            old.current_frame_changed.disconnect(self._on_frame)
        self.document = doc
        self._frozen_frames = []
        if doc is not None:
            doc.pose_changed.connect(self._schedule)
            doc.structure_changed.connect(self._on_structure)
            doc.changed.connect(self._schedule)
            doc.current_frame_changed.connect(self._on_frame)
        self.rebuild()

    def _schedule(self, *_args) -> None:
        self._rebuild_timer.start()

    def _on_structure(self) -> None:
        self._schedule()

    @property
    def frozen(self) -> set[int]:
        """Indices of the frozen frames in the document as it is now."""
        doc = self.document
        if doc is None:
            return set()
        return {i for i, frame in enumerate(doc.frames)
                if any(frame is f for f in self._frozen_frames)}

    @frozen.setter
    def frozen(self, indices: set[int]) -> None:
        frames = self.document.frames if self.document is not None else []
        self._frozen_frames = [frames[i] for i in sorted(indices) if 0 <= i < len(frames)]

    def rebuild(self) -> None:
        self._rebuild_timer.stop()
        doc = self.document
        old = icons_by_frame(self.list, self._shown)
        self.list.blockSignals(True)
        self.list.clear()
        self._shown = [] if doc is None else list(doc.frames)
        if doc is not None:
            frozen = self.frozen
            for i in range(len(doc.frames)):
                text = f"{i + 1}" + (" ❄" if i in frozen else "")
                if pose_of(doc.frames[i].pose) is None:
                    text += " (no pose)"
                self.list.addItem(QListWidgetItem(old.get(id(doc.frames[i]), self._placeholder),
                                                  text))
            self.list.setCurrentRow(doc.current_frame)
        self.list.blockSignals(False)
        self.thumbnails.reset(doc)
        self._sync_controls()

    def _sync_controls(self) -> None:
        doc = self.document
        for w in (self.duplicate_button, self.interpolate_button, self.copy_button,
                  self.mirror_button, self.starter_button, self.freeze_box, self.play_button):
            w.setEnabled(doc is not None)
        if doc is not None:
            self.freeze_box.blockSignals(True)
            self.freeze_box.setChecked(doc.current_frame in self.frozen)
            self.freeze_box.blockSignals(False)

    def _on_row(self, row: int) -> None:
        if self.document is not None and row >= 0:
            self.document.current_frame = row

    def _on_frame(self, index: int) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._sync_controls()

    # -- actions -----------------------------------------------------------------------------
    def _run(self, action) -> None:
        doc = self.document
        if doc is None:
            return
        try:
            action(doc, doc.current_frame)
        except PoseError as exc:
            self.error.emit(str(exc))

    def copy_to_selected(self) -> list[int]:
        doc = self.document
        if doc is None:
            return []
        targets = [self.list.row(item) for item in self.list.selectedItems()]
        targets = [t for t in targets if t != doc.current_frame]
        if not targets:
            self.error.emit("Select the frames to copy the pose to (Ctrl+click in the timeline)")
            return []
        try:
            return pose_edits.copy_pose(doc, doc.current_frame, targets)
        except PoseError as exc:
            self.error.emit(str(exc))
            return []

    def apply_starter(self) -> None:
        """Starter poses from this frame on (one undo step); says which poses it replaced."""
        name = self.starter.currentText()
        self._run(lambda doc, frame: self.message.emit(
            pose_edits.apply_starter_and_say(doc, name, frame)))

    def set_frozen(self, index: int, frozen: bool) -> None:
        indices = self.frozen
        (indices.add if frozen else indices.discard)(index)
        self.frozen = indices
        self.frozen_changed.emit()
        self.rebuild()

    def _on_freeze(self, on: bool) -> None:
        if self.document is not None:
            self.set_frozen(self.document.current_frame, on)

    # -- playback ----------------------------------------------------------------------------
    def set_playing(self, on: bool) -> None:
        if self.play_button.isChecked() != on:
            self.play_button.setChecked(on)
            return
        if on and self.document is not None and len(self.document.frames) > 1:
            self._player.start(self.document.frames[self.document.current_frame].duration_ms)
        else:
            self._player.stop()

    def _advance(self) -> None:
        doc = self.document
        if doc is None or not self.play_button.isChecked():
            return
        doc.current_frame = (doc.current_frame + 1) % len(doc.frames)
        self._player.start(doc.frames[doc.current_frame].duration_ms)
