"""Frames strip: thumbnails of every frame; add, duplicate, delete, reorder, duration, playback
preview and onion skin. The layers list of the current frame lives in ``layers_panel``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.document.document import MAX_DURATION_MS, MIN_DURATION_MS, Document, Frame
from studio.core.document.geometry import Rect
from studio.core.document.tags import FrameTag, playback_order, tag_at
from studio.ui.frame_thumbnails import ThumbnailFiller, icons_by_frame, placeholder_icon

THUMB = 48


def _button(text: str, name: str, tip: str, checkable: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setToolTip(tip)
    b.setCheckable(checkable)
    # as wide as the label: the strip shares the bottom dock's width at 1280x800
    b.setMaximumWidth(b.fontMetrics().horizontalAdvance(text) + 30)
    return b


class FramesStrip(QWidget):
    error = Signal(str)

    def __init__(self, canvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frames.strip")
        self.canvas = canvas
        self.document: Document | None = None
        self.list = QListWidget()
        self.list.setObjectName("frames.list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setMovement(QListView.Movement.Snap)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setFixedHeight(THUMB + 40)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.add_button = _button("+", "frames.add", "Add an empty frame after this one")
        self.duplicate_button = _button("Dup", "frames.duplicate", "Duplicate this frame")
        self.delete_button = _button("−", "frames.delete", "Delete this frame")
        self.left_button = _button("◀", "frames.move_left", "Move this frame earlier")
        self.right_button = _button("▶", "frames.move_right", "Move this frame later")
        self.play_button = _button("Play", "frames.play", "Play / stop the preview (Enter)", True)
        self.onion_button = _button("Onion", "frames.onion",
                                    "Onion skin: previous frame red, next blue (F3)", True)
        self.duration = QSpinBox()
        self.duration.setObjectName("frames.duration")
        self.duration.setRange(MIN_DURATION_MS, MAX_DURATION_MS)
        self.duration.setSuffix(" ms")
        self.duration.setToolTip("Duration of this frame")
        self.duration.editingFinished.connect(self._on_duration)
        self.add_button.clicked.connect(self.add_frame)
        self.duplicate_button.clicked.connect(self.duplicate_frame)
        self.delete_button.clicked.connect(self.delete_frame)
        self.left_button.clicked.connect(lambda: self.move_frame(-1))
        self.right_button.clicked.connect(lambda: self.move_frame(1))
        self.play_button.toggled.connect(self.set_playing)
        self.onion_button.toggled.connect(canvas.set_onion_skin)
        controls = QHBoxLayout()
        for w in (self.add_button, self.duplicate_button, self.delete_button, self.left_button,
                  self.right_button, self.duration, self.play_button, self.onion_button):
            controls.addWidget(w)
        controls.addStretch(1)
        self.tags_label = QLabel(objectName="frames.tags")
        self.tags_label.setToolTip("Frame tags (Frame → Tag frames…, Alt+T); playback loops "
                                   "the tag of the current frame")
        controls.addWidget(self.tags_label)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.list)
        layout.addStretch(1)  # a tall dock keeps the buttons under its title, not mid-way
        self._loop: list[int] = []  # the playback order of the tag being played
        self._loop_pos = 0
        self._player = QTimer(self)
        self._player.setSingleShot(True)
        self._player.timeout.connect(self._advance)
        self.thumbnails = ThumbnailFiller(self.list, THUMB)
        self._shown: list[Frame] = []  # the frame of each row, to keep its icon over a rebuild
        self._placeholder = placeholder_icon(THUMB)
        self.set_document(None)

    # -- document ----------------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        self.set_playing(False)
        if self.document is not None:
            self.document.structure_changed.disconnect(self._schedule_rebuild)
            self.document.current_frame_changed.disconnect(self._on_frame)
            self.document.changed.disconnect(self._on_pixels)
        self.document = doc
        if doc is not None:
            doc.structure_changed.connect(self._schedule_rebuild)
            doc.current_frame_changed.connect(self._on_frame)
            doc.changed.connect(self._on_pixels)
        self.rebuild()

    def _schedule_rebuild(self) -> None:
        QTimer.singleShot(0, self.rebuild)  # never rebuild inside a drag-and-drop callback

    def rebuild(self) -> None:
        """One row per frame at once; thumbnails follow in slices (``self.thumbnails``).

        A frame that was shown before keeps its old icon until redrawn (no flicker when a
        duration or a layer changes); new frames show a blank placeholder."""
        doc = self.document
        old = icons_by_frame(self.list, self._shown)
        self.list.blockSignals(True)
        self.list.clear()
        self._shown = [] if doc is None else list(doc.frames)
        for i, frame in enumerate(self._shown):
            item = QListWidgetItem(old.get(id(frame), self._placeholder), str(i + 1))
            item.setToolTip(f"Frame {i + 1}: {frame.duration_ms} ms")
            self.list.addItem(item)
        if doc is not None:
            self.list.setCurrentRow(doc.current_frame)
        self.list.blockSignals(False)
        self.thumbnails.reset(doc)
        self._sync_controls()
        self.tags_label.setText(tags_text(doc.tags) if doc is not None else "")

    def _sync_controls(self) -> None:
        doc = self.document
        for w in (self.add_button, self.duplicate_button, self.duration, self.play_button,
                  self.left_button, self.right_button, self.delete_button):
            w.setEnabled(doc is not None)
        if doc is None:
            return
        count = len(doc.frames)
        self.delete_button.setEnabled(count > 1)
        self.left_button.setEnabled(doc.current_frame > 0)
        self.right_button.setEnabled(doc.current_frame < count - 1)
        self.duration.blockSignals(True)
        self.duration.setValue(doc.frames[doc.current_frame].duration_ms)
        self.duration.blockSignals(False)

    def _on_frame(self, index: int) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._sync_controls()

    def _on_row(self, row: int) -> None:
        if self.document is not None and row >= 0:
            self.document.current_frame = row

    def _on_pixels(self, frame: int, _rect: Rect) -> None:
        self.thumbnails.mark_stale(frame)

    def _on_rows_moved(self, _parent, start: int, _end: int, _dest_parent, dest: int) -> None:
        if self.document is None:
            return
        target = dest - 1 if dest > start else dest
        self._guard(lambda: self.document.move_frame(start, target))
        self.document.current_frame = target

    # -- actions ---------------------------------------------------------------------------
    def _guard(self, fn) -> bool:
        try:
            fn()
        except (ValueError, IndexError) as exc:
            self.error.emit(str(exc))
            self._schedule_rebuild()
            return False
        return True

    def add_frame(self) -> None:
        doc = self.document
        if doc is not None:
            index = doc.add_frame(doc.current_frame + 1)
            doc.current_frame = index

    def duplicate_frame(self) -> None:
        doc = self.document
        if doc is not None:
            doc.current_frame = doc.duplicate_frame(doc.current_frame)

    def delete_frame(self) -> None:
        doc = self.document
        if doc is not None:
            self._guard(lambda: doc.delete_frame(doc.current_frame))

    def move_frame(self, step: int) -> None:
        doc = self.document
        if doc is None:
            return
        src = doc.current_frame
        dst = max(0, min(len(doc.frames) - 1, src + step))
        if dst != src and self._guard(lambda: doc.move_frame(src, dst)):
            doc.current_frame = dst

    def _on_duration(self) -> None:
        doc = self.document
        if doc is not None:
            value = self.duration.value()
            if doc.frames[doc.current_frame].duration_ms != value:
                self._guard(lambda: doc.set_duration(doc.current_frame, value))

    # -- playback --------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.play_button.isChecked()

    def set_playing(self, on: bool) -> None:
        if self.play_button.isChecked() != on:
            self.play_button.setChecked(on)  # re-enters through toggled
            return
        self.play_button.setText("Stop" if on else "Play")
        if on and self.document is not None:
            doc = self.document
            tag = tag_at(doc.tags, doc.current_frame)
            self._loop = playback_order(tag) if tag is not None else []
            self._loop_pos = (self._loop.index(doc.current_frame)
                              if doc.current_frame in self._loop else 0)
            if self._loop:
                doc.current_frame = self._loop[self._loop_pos]
            self._player.start(doc.frames[doc.current_frame].duration_ms)
        else:
            self._player.stop()

    def _advance(self) -> None:
        doc = self.document
        if doc is None or not self.playing:
            return
        loop = [i for i in self._loop if i < len(doc.frames)]
        if loop:  # the tag's order: forward, reverse or ping-pong
            self._loop_pos = (self._loop_pos + 1) % len(loop)
            doc.current_frame = loop[self._loop_pos]
        else:
            doc.current_frame = (doc.current_frame + 1) % len(doc.frames)
        self._player.start(doc.frames[doc.current_frame].duration_ms)


def tags_text(tags: list[FrameTag]) -> str:
    """``walk 1–4 ⇄, idle 5–6`` (1-based frames; ⇄ ping-pong, ← reverse)."""
    marks = {"forward": "", "reverse": " ←", "pingpong": " ⇄", "pingpong_reverse": " ⇆"}
    return ", ".join(f"{t.name} {t.start + 1}–{t.end + 1}{marks[t.direction]}" for t in tags)
