"""Recorded (undoable) edits of a Document; mixed into ``document.Document``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from studio.core.document.geometry import Rect
from studio.core.document.history import MaskAtom, PixelAtom
from studio.core.document.model import (
    MAX_DURATION_MS,
    MIN_DURATION_MS,
    Color,
    Frame,
    Layer,
    blank_pixels,
)
from studio.core.document.recording import RecordedEdits
from studio.core.document.tags import (
    FrameTag,
    check_tags,
    tags_after_delete,
    tags_after_insert,
)


class DocumentEditsMixin(RecordedEdits):
    """Every method records exactly one history step (or joins the open group)."""

    # -- pixels and masks ------------------------------------------------------------------
    def set_pixels(self, frame: int, layer: int, rect: Rect, new_pixels: np.ndarray,
                   label: str = "Draw") -> Rect:
        """Replace the pixels of ``rect`` (clipped to the image); returns the changed rect."""
        self._layer_index(frame, layer)
        new_pixels = np.asarray(new_pixels, dtype=np.uint8)
        if new_pixels.shape != (rect.h, rect.w, 4):
            raise ValueError(f"pixels of shape {new_pixels.shape} do not fit {rect}")
        clipped = rect.clamp(self.width, self.height)
        if clipped.is_empty:
            return clipped
        src = new_pixels[clipped.translated(-rect.x, -rect.y).slices()]
        before = self.read_pixels(frame, layer, clipped).copy()
        after = np.array(src, dtype=np.uint8, copy=True)
        self.apply_pixels(frame, layer, clipped, after)
        self.history.push(PixelAtom(frame, layer, clipped, before, after), label)
        return clipped

    def set_mask_pixels(self, frame: int, rect: Rect, values: np.ndarray,
                        label: str = "Mask") -> Rect:
        """Replace mask values (uint8, 0 keep / 255 regenerate) of ``rect``; creates the mask."""
        self._frame_index(frame)
        values = np.asarray(values, dtype=np.uint8)
        if values.shape != (rect.h, rect.w):
            raise ValueError(f"mask values of shape {values.shape} do not fit {rect}")
        clipped = rect.clamp(self.width, self.height)
        if clipped.is_empty:
            return clipped
        self.history.begin(label)
        try:
            if self.frames[frame].mask is None:
                self.set_mask(frame, np.zeros((self.height, self.width), dtype=np.uint8), label)
            before = self.read_mask(frame, clipped).copy()
            after = values[clipped.translated(-rect.x, -rect.y).slices()].copy()
            self.apply_mask(frame, clipped, after)
            self.history.push(MaskAtom(frame, clipped, before, after), label)
        finally:
            self.history.end()
        return clipped

    def set_mask(self, frame: int, mask: np.ndarray | None, label: str = "Mask") -> None:
        """Replace the whole mask of a frame (None removes it)."""
        f = self.frames[self._frame_index(frame)]
        if mask is not None:
            mask = np.array(mask, dtype=np.uint8, copy=True)
            if mask.shape != (self.height, self.width):
                raise ValueError(f"mask shape {mask.shape} does not match the image")
        old = f.mask

        def put(value: np.ndarray | None) -> Callable[[], None]:
            def apply() -> None:
                f.mask = value
                self.mask_changed.emit(frame, self.bounds)
            return apply

        size = (0 if old is None else old.nbytes) + (0 if mask is None else mask.nbytes)
        self._record(label, put(mask), put(old), size + 64)

    def set_pose(self, frame: int, pose: Any, label: str = "Pose") -> None:
        f = self.frames[self._frame_index(frame)]
        old = f.pose

        def put(value: Any) -> Callable[[], None]:
            def apply() -> None:
                f.pose = value
                self.pose_changed.emit(frame)
            return apply

        self._record(label, put(pose), put(old))

    # -- frames ----------------------------------------------------------------------------
    def add_frame(self, index: int | None = None, frame: Frame | None = None) -> int:
        """Insert a frame (default: blank layers named like the current frame's) at ``index``."""

        index = len(self.frames) if index is None else max(0, min(index, len(self.frames)))
        if frame is None:
            ref = self.frames[self.current_frame]
            layers = [Layer(ly.name, ly.pixels.copy() if ly.kind == "reference" else
                            blank_pixels(self.width, self.height), ly.visible, ly.opacity,
                            ly.kind) for ly in ref.layers if ly.kind in ("image", "reference")]
            frame = Frame(layers or [Layer("Layer 1", blank_pixels(self.width, self.height))],
                          ref.duration_ms)
        self._check_frame(frame)
        new = frame
        old_tags, new_tags = list(self.tags), tags_after_insert(self.tags, index)

        def redo() -> None:
            self.frames.insert(index, new)
            self.tags = list(new_tags)
            self._structure()

        def undo() -> None:
            self.frames.pop(index)
            self.tags = list(old_tags)
            self._structure()

        self._record("Add frame", redo, undo, _frame_bytes(new))
        return index

    def duplicate_frame(self, index: int) -> int:
        copy_ = self.frames[self._frame_index(index)].copy()
        return self.add_frame(index + 1, copy_)

    def delete_frame(self, index: int) -> None:
        self._frame_index(index)
        if len(self.frames) == 1:
            raise ValueError("cannot delete the only frame")
        removed = self.frames[index]
        old_tags, new_tags = list(self.tags), tags_after_delete(self.tags, index)

        def redo() -> None:
            self.frames.pop(index)
            self.tags = list(new_tags)
            self._structure()

        def undo() -> None:
            self.frames.insert(index, removed)
            self.tags = list(old_tags)
            self._structure()

        self._record("Delete frame", redo, undo, _frame_bytes(removed))

    def move_frame(self, src: int, dst: int) -> None:
        self._frame_index(src)
        self._frame_index(dst)
        if src == dst:
            return

        def mover(a: int, b: int) -> Callable[[], None]:
            def apply() -> None:
                self.frames.insert(b, self.frames.pop(a))
                self._structure()
            return apply

        self._record("Move frame", mover(src, dst), mover(dst, src))

    def set_duration(self, frame: int, duration_ms: int) -> None:

        f = self.frames[self._frame_index(frame)]
        if not MIN_DURATION_MS <= int(duration_ms) <= MAX_DURATION_MS:
            raise ValueError(f"duration {duration_ms} ms is outside 1..65535 ms")
        old, new = f.duration_ms, int(duration_ms)
        self._record("Frame duration", lambda: _set_attr(self, f, "duration_ms", new),
                     lambda: _set_attr(self, f, "duration_ms", old))

    def set_tags(self, tags: list[FrameTag], label: str = "Frame tags") -> None:
        """Replace the frame tags as one step; ValueError (a plain sentence) for a bad tag."""
        new = list(tags)
        check_tags(new, len(self.frames))
        old = list(self.tags)

        def put(values: list[FrameTag]) -> Callable[[], None]:
            def apply() -> None:
                self.tags = list(values)
                self.structure_changed.emit()
            return apply

        self._record(label, put(new), put(old))

    # -- document-wide ---------------------------------------------------------------------
    def set_palette(self, colors: list[Color]) -> None:
        new = [tuple(int(c) for c in color) for color in colors]
        if any(len(c) != 4 or not all(0 <= v <= 255 for v in c) for c in new):
            raise ValueError("palette colours must be (r, g, b, a) with values 0..255")
        old = list(self.palette)
        self._record("Palette", lambda: _replace(self.palette, new),
                     lambda: _replace(self.palette, old))

    def set_extra(self, key: str, value: Any) -> None:
        """Set (value None: delete) one entry of ``extras``; the value must be JSON-able."""
        old = copy.deepcopy(self.extras.get(key))
        had = key in self.extras
        new = copy.deepcopy(value)

        def put(present: bool, v: Any) -> Callable[[], None]:
            def apply() -> None:
                if present and v is not None:
                    self.extras[key] = copy.deepcopy(v)
                else:
                    self.extras.pop(key, None)
            return apply

        self._record("Edit", put(True, new), put(had, old))


def _set_attr(doc: Any, frame: Frame, attr: str, value: Any) -> None:
    setattr(frame, attr, value)
    doc.structure_changed.emit()


def _replace(target: list, values: list) -> None:
    target[:] = values


def _frame_bytes(frame: Frame) -> int:
    return sum(layer.pixels.nbytes for layer in frame.layers) + 64
