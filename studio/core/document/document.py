"""The document model: frames of RGBA layers, per-frame mask and pose, palette, undo history.

Every mutation goes through a method here that records a history atom, so it can be undone.
Layers are ordered bottom (index 0) to top. ``Frame.pose`` holds any object with ``to_dict()``
(e.g. ``studio.core.skeleton.pose.Pose``) or a plain list of ``{label, x, y, z_index}`` dicts;
the project file stores its JSON form. ``Document.extras`` is an opaque JSON-able dict (tileset
maps and other per-document data of later features). ``Document.tags`` lists the frame tags
(``studio.core.document.tags.FrameTag``); edit them with ``set_tags`` (one undo step)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from psygnal import Signal

from studio.core.document.compositing import composite_stack
from studio.core.document.edits import DocumentEditsMixin
from studio.core.document.geometry import Rect
from studio.core.document.history import History
from studio.core.document.image_edits import DocumentImageMixin
from studio.core.document.layers import DocumentLayersMixin
from studio.core.document.model import (  # noqa: F401  (re-exported: the public names of a document)
    LAYER_KINDS,
    MAX_DURATION_MS,
    MAX_SIDE,
    MIN_DURATION_MS,
    Color,
    Frame,
    Layer,
    LayerKind,
    blank_pixels,
    check_size,
)
from studio.core.document.tags import FrameTag, check_tags


@dataclass(eq=False)
class Document(DocumentEditsMixin, DocumentLayersMixin, DocumentImageMixin):
    width: int
    height: int
    frames: list[Frame]
    palette: list[Color] = field(default_factory=list)
    name: str = "Untitled"
    path: Path | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    tags: list[FrameTag] = field(default_factory=list)

    changed = Signal(int, Rect)
    structure_changed = Signal()
    mask_changed = Signal(int, Rect)
    pose_changed = Signal(int)
    current_frame_changed = Signal(int)
    dirty_changed = Signal(bool)

    def __post_init__(self) -> None:
        check_size(self.width, self.height)
        if not self.frames:
            raise ValueError("a document needs at least one frame")
        for frame in self.frames:
            self._check_frame(frame)
        check_tags(self.tags, len(self.frames))
        self.tags = list(self.tags)
        self.history = History(target=self)
        self.lock = threading.RLock()  # held while mutating; the recovery thread snapshots under it
        self._write_hooks: list[Callable[[np.ndarray], None]] = []
        self._current_frame = 0
        self._was_dirty = False
        self.history.changed.connect(self._on_history_changed)

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def new(cls, width: int, height: int, name: str = "Untitled") -> Document:
        check_size(width, height)
        layer = Layer("Layer 1", blank_pixels(width, height))
        return cls(width, height, [Frame([layer])], name=name)

    @classmethod
    def from_image(cls, rgba: np.ndarray, name: str = "Untitled") -> Document:
        return cls.from_frames([(rgba, 100)], name)

    @classmethod
    def from_frames(cls, frames: list[tuple[np.ndarray, int]], name: str = "Untitled") -> Document:
        """A document with one image layer per frame, from ``(rgba, duration_ms)`` pairs."""
        if not frames:
            raise ValueError("no frames")
        h, w = frames[0][0].shape[:2]
        out = [
            Frame([Layer("Layer 1", _as_rgba(px, w, h))], _clamp_duration(d)) for px, d in frames
        ]
        return cls(w, h, out, name=name)

    def _check_frame(self, frame: Frame) -> None:
        if not frame.layers:
            raise ValueError("a frame needs at least one layer")
        for layer in frame.layers:
            if layer.pixels.shape != (self.height, self.width, 4) or layer.pixels.dtype != np.uint8:
                raise ValueError(
                    f"layer {layer.name!r} has shape {layer.pixels.shape} {layer.pixels.dtype}, "
                    f"expected ({self.height}, {self.width}, 4) uint8"
                )
            if layer.kind not in LAYER_KINDS:
                raise ValueError(f"unknown layer kind {layer.kind!r}")
        if frame.mask is not None and frame.mask.shape != (self.height, self.width):
            raise ValueError(f"mask shape {frame.mask.shape} does not match the image")

    # -- state -----------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def bounds(self) -> Rect:
        return Rect(0, 0, self.width, self.height)

    @property
    def dirty(self) -> bool:
        return not self.history.is_clean

    def mark_saved(self, path: Path | str | None = None) -> None:
        if path is not None:
            self.path = Path(path)
        self.history.mark_clean()

    def mark_dirty(self) -> None:
        self.history.mark_unclean()

    def _on_history_changed(self) -> None:
        if self.dirty != self._was_dirty:
            self._was_dirty = self.dirty
            self.dirty_changed.emit(self._was_dirty)

    @property
    def current_frame(self) -> int:
        return self._current_frame

    @current_frame.setter
    def current_frame(self, index: int) -> None:
        index = max(0, min(int(index), len(self.frames) - 1))
        if index != self._current_frame:
            self._current_frame = index
            self.current_frame_changed.emit(index)

    def layer(self, frame: int, layer: int) -> Layer:
        return self.frames[frame].layers[layer]

    # -- reading ---------------------------------------------------------------------------
    def composite(self, frame_index: int, rect: Rect | None = None,
                  with_reference: bool = False) -> np.ndarray:
        """Visible layers of a frame blended bottom to top; (h, w, 4) uint8 straight alpha.

        Reference layers only take part ``with_reference`` (the canvas display): exports and
        requests to the service never see them."""
        r = self.bounds if rect is None else rect.clamp(self.width, self.height)
        sl = r.slices()
        stack = [
            (layer.pixels[sl], layer.opacity)
            for layer in self.frames[frame_index].layers
            if layer.visible and layer.opacity > 0
            and (with_reference or layer.kind != "reference")
        ]
        return composite_stack(stack, r.h, r.w)

    def read_pixels(self, frame: int, layer: int, rect: Rect) -> np.ndarray:
        return self.frames[frame].layers[layer].pixels[rect.slices()]

    def read_mask(self, frame: int, rect: Rect) -> np.ndarray:
        mask = self.frames[frame].mask
        if mask is None:
            return np.zeros((rect.h, rect.w), dtype=np.uint8)
        return mask[rect.slices()]

    # -- in-place writes ----------------------------------------------------------------------
    def add_write_hook(self, hook: Callable[[np.ndarray], None]) -> None:
        """Call ``hook(array)`` under the lock just before a layer's pixels or a mask are
        written in place. Every other edit replaces arrays (or metadata) instead, so a copy
        that shares the arrays stays exact if the hook copies what is about to change (a
        background save copies its pixels lazily this way)."""
        with self.lock:
            self._write_hooks.append(hook)

    def remove_write_hook(self, hook: Callable[[np.ndarray], None]) -> None:
        with self.lock:
            if hook in self._write_hooks:
                self._write_hooks.remove(hook)

    def _before_write(self, array: np.ndarray) -> None:
        for hook in list(self._write_hooks):
            hook(array)

    # -- history targets (called by atoms; no recording) -------------------------------------
    def apply_pixels(self, frame: int, layer: int, rect: Rect, pixels: np.ndarray) -> None:
        with self.lock:
            target = self.frames[frame].layers[layer].pixels
            self._before_write(target)
            target[rect.slices()] = pixels
        self.changed.emit(frame, rect)

    def apply_mask(self, frame: int, rect: Rect, values: np.ndarray) -> None:
        with self.lock:
            f = self.frames[frame]
            if f.mask is None:
                f.mask = np.zeros((self.height, self.width), dtype=np.uint8)
            else:
                self._before_write(f.mask)
            f.mask[rect.slices()] = values
        self.mask_changed.emit(frame, rect)


def _as_rgba(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    if pixels.shape != (height, width, 4) or pixels.dtype != np.uint8:
        raise ValueError(
            f"frame pixels have shape {pixels.shape} {pixels.dtype}, "
            f"expected ({height}, {width}, 4) uint8"
        )
    return np.ascontiguousarray(pixels).copy()


def _clamp_duration(ms: int) -> int:
    return max(MIN_DURATION_MS, min(MAX_DURATION_MS, int(ms)))
