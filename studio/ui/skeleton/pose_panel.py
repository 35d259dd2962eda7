"""Poses as data in the Skeleton panel: the pose library, pose files, fitting and rig export.

The library (``pose.library``) lists the built-in starters and the user's saved poses, each with
a stick-figure thumbnail. "Apply to frame" puts the chosen pose on the current frame;
"Retarget to timeline" (``pose.retarget``) puts the whole sequence on the frames from the current
one on, fitted to this sprite's proportions (bone lengths and root), so it can be checked on the
timeline (play, onion) before Animate is pressed. Both are one undo step and say what they
replaced. "Save pose" (``pose.save``) keeps this document's posed frames under a name; "Load pose
file" (``pose.load``) adds a pose file or the service's keypoints to the library; "Export rig"
(``pose.export_rig``) writes every frame's joint positions in pixels (see
``studio.core.exporters.rig``). Mirror and Reset act on the selected joints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import Document
from studio.core.exporters.rig import export_rig
from studio.core.exporters.sheet import ExportError
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.pose_files import SUFFIX, PoseFile, read_pose_file
from studio.core.fileio.pose_library import PoseEntry, PoseLibrary
from studio.core.skeleton.apply import apply_poses, reference_pose
from studio.core.skeleton.edits import frame_poses
from studio.core.skeleton.joint_ops import mirror_joints, reset_joints
from studio.core.skeleton.pose import BONES, LABEL_INDEX, Pose, PoseError
from studio.ui.skeleton.overlay import SkeletonOverlay

THUMB = 56
Estimates = Callable[[Document], dict[int, Pose]]


def stick_figure(pose: Pose, size: int = THUMB) -> QPixmap:
    """A small drawing of the pose's bones (right side warm, left side cool)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(40, 42, 48))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    xy = pose.xy
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = max(float((hi - lo).max()), 1e-6)
    scale = (size - 10) / span
    offset = (size - (hi - lo) * scale) / 2

    def point(label: str) -> QPointF:
        x, y = (xy[LABEL_INDEX[label]] - lo) * scale + offset
        return QPointF(float(x), float(y))

    for parent, child in BONES:
        side = QColor(240, 140, 90) if "RIGHT" in child else \
            QColor(110, 170, 240) if "LEFT" in child else QColor(230, 230, 230)
        painter.setPen(QPen(side, 2))
        painter.drawLine(point(parent), point(child))
    painter.end()
    return pixmap


class PosePanel(QWidget):
    message = Signal(str)
    posed = Signal()  # poses were put on frames: the timeline shows them

    def __init__(self, canvas, overlay: SkeletonOverlay, folder: Path, estimates: Estimates,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas, self.overlay, self.estimates = canvas, overlay, estimates
        self.library = PoseLibrary(folder)
        self.document: Document | None = None
        self.list = QListWidget(objectName="pose.library")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setFixedHeight(THUMB * 2 + 40)
        self.list.setToolTip("Saved poses and the starters: pick one, then apply it")
        self.apply_button = QPushButton("Apply to frame", objectName="pose.apply")
        self.retarget_button = QPushButton("Retarget to timeline", objectName="pose.retarget")
        self.retarget_button.setToolTip("Put the whole sequence on the frames from the current "
                                        "one on, fitted to this sprite's proportions; check it "
                                        "on the timeline before Animate (one undo step)")
        self.name = QLineEdit(objectName="pose.name", placeholderText="name")
        self.save_button = QPushButton("Save pose", objectName="pose.save")
        self.save_button.setToolTip("Keep this document's posed frames in the pose library")
        self.load_button = QPushButton("Load pose file…", objectName="pose.load")
        self.rig_button = QPushButton("Export rig…", objectName="pose.export_rig")
        self.rig_button.setToolTip("Every frame's joint positions in pixels, as JSON beside "
                                   "your sprite sheet (for hitboxes and attachments)")
        self.mirror_button = QPushButton("Mirror joints", objectName="pose.mirror")
        self.reset_button = QPushButton("Reset joints", objectName="pose.reset_joints")
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Poses"))
        layout.addWidget(self.list)
        for row in ((self.apply_button, self.retarget_button),
                    (self.name, self.save_button, self.load_button),
                    (self.mirror_button, self.reset_button, self.rig_button)):
            line = QHBoxLayout()
            for widget in row:
                line.addWidget(widget)
            layout.addLayout(line)
        self.apply_button.clicked.connect(lambda: self.apply(whole_timeline=False))
        self.retarget_button.clicked.connect(lambda: self.apply(whole_timeline=True))
        self.save_button.clicked.connect(lambda: self.save_current(self.name.text()))
        self.load_button.clicked.connect(self.ask_load)
        self.rig_button.clicked.connect(self.ask_export_rig)
        self.mirror_button.clicked.connect(self.mirror_selection)
        self.reset_button.clicked.connect(self.reset_selection)

    def set_document(self, doc: Document | None) -> None:
        self.document = doc

    # -- the library ---------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        self.list.clear()
        for entry in self.library.entries():
            item = QListWidgetItem(entry.name)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip("built-in starter" if entry.builtin else str(entry.path))
            try:
                item.setIcon(QIcon(stick_figure(self.library.load(entry).poses[0])))
            except (FileFormatError, PoseError):
                item.setToolTip(f"{entry.path}: this file cannot be read")
            self.list.addItem(item)
            if entry.name == select:
                self.list.setCurrentItem(item)

    def selected_entry(self) -> PoseEntry | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select(self, name: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).text() == name:
                self.list.setCurrentRow(row)
                return True
        return False

    # -- apply, save, load -----------------------------------------------------------------------
    def apply(self, whole_timeline: bool) -> bool:
        doc, entry = self.document, self.selected_entry()
        if doc is None or entry is None:
            return self._say("Pick a pose in the library and open a sprite first.")
        try:
            pose_file = self.library.load(entry)
            estimates = self.estimates(doc)
            estimate = estimates.get(doc.current_frame) or next(iter(estimates.values()), None)
            text = apply_poses(doc, list(pose_file.poses), pose_file.sprite_size,
                               reference_pose(doc, estimate), doc.current_frame,
                               whole_timeline=whole_timeline,
                               durations_ms=list(pose_file.durations_ms), label=entry.name)
        except (FileFormatError, PoseError) as exc:
            return self._say(f"Could not apply \u201c{entry.name}\u201d: {exc}")
        self.canvas.update()
        self.posed.emit()
        if whole_timeline:
            text += " Press Play to check it before Animate."
        self._say(text)
        return True

    def save_current(self, name: str) -> PoseEntry | None:
        doc = self.document
        poses = [] if doc is None else [p for p in frame_poses(doc) if p is not None]
        if doc is None or not poses:
            self._say("There is no pose to save: estimate or pose a frame first.")
            return None
        durations = [f.duration_ms for f in doc.frames if f.pose is not None]
        try:
            entry = self.library.save(PoseFile(name or doc.name, tuple(poses), tuple(durations),
                                               (doc.width, doc.height)))
        except (FileFormatError, FileExistsError, OSError) as exc:
            self._say(f"Not saved: {exc}.")
            return None
        self.refresh(select=entry.name)
        self._say(f"Saved {len(poses)} pose(s) as \u201c{entry.name}\u201d in the pose library.")
        return entry

    def import_file(self, path: Path | str) -> PoseEntry | None:
        doc = self.document
        size = None if doc is None else (doc.width, doc.height)
        try:
            pose_file = read_pose_file(path, size)
            entry = self._store_unique(pose_file)
        except (FileFormatError, OSError) as exc:
            self._say(f"Could not load the pose file: {exc}")
            return None
        self.refresh(select=entry.name)
        self._say(f"Added \u201c{entry.name}\u201d ({len(pose_file.poses)} pose(s)) to the "
                  "pose library; apply it to a frame or retarget it to the timeline.")
        return entry

    def _store_unique(self, pose_file: PoseFile) -> PoseEntry:
        names = {e.name for e in self.library.entries()}
        name, n = pose_file.name, 2
        while name in names:
            name, n = f"{pose_file.name} {n}", n + 1
        return self.library.save(PoseFile(name, pose_file.poses, pose_file.durations_ms,
                                          pose_file.sprite_size))

    def ask_load(self) -> QFileDialog:
        dialog = QFileDialog(self, "Load a pose file", "", f"Poses (*{SUFFIX} *.json)")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()
        return dialog

    # -- rig export ------------------------------------------------------------------------------
    def export_rig_to(self, path: Path | str) -> Path | None:
        doc = self.document
        if doc is None or not any(f.pose is not None for f in doc.frames):
            self._say("There are no poses to export: estimate or pose the frames first.")
            return None
        target = Path(path)
        try:
            written = export_rig(doc, target, image_name=target.name.split(".")[0] + ".png")
        except (ExportError, OSError, PoseError) as exc:
            self._say(f"Rig not exported: {exc}")
            return None
        self._say(f"Rig data for {len(doc.frames)} frame(s) written to {written.name}.")
        return written

    def ask_export_rig(self) -> QFileDialog:
        dialog = QFileDialog(self, "Export rig data", "", "Rig JSON (*.rig.json)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("rig.json")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.export_rig_to)
        dialog.open()
        return dialog

    # -- the selected joints ---------------------------------------------------------------------
    def mirror_selection(self) -> bool:
        return self._edit_selection("Mirror joints", lambda pose, chosen, doc: mirror_joints(
            pose, chosen, (doc.width, doc.height)))

    def reset_selection(self) -> bool:
        def reset(pose: Pose, chosen: set[int], doc: Document) -> Pose:
            estimates = self.estimates(doc)
            estimate = estimates.get(doc.current_frame) or next(iter(estimates.values()), None)
            if estimate is None:
                raise PoseError("there is no estimate to go back to: press Estimate skeleton")
            return reset_joints(pose, chosen, estimate)
        return self._edit_selection("Reset joints", reset)

    def _edit_selection(self, label: str, edit) -> bool:
        doc, pose = self.document, self.overlay.frame_pose()
        chosen = set(self.overlay.selected)
        if doc is None or pose is None or not chosen:
            return self._say("Select joints first (the joint tool, K).")
        try:
            doc.set_pose(doc.current_frame, edit(pose, chosen, doc), label)
        except PoseError as exc:
            return self._say(f"{label}: {exc}")
        self.canvas.update()
        return True

    def _say(self, text: str) -> bool:
        self.message.emit(text)
        return False
