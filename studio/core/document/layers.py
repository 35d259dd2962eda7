"""Recorded (undoable) layer edits, including accepting or rejecting AI result layers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from studio.core.document.compositing import blend_over
from studio.core.document.model import LAYER_KINDS, Layer, blank_pixels
from studio.core.document.recording import RecordedEdits


class DocumentLayersMixin(RecordedEdits):
    """Layer methods of ``Document``; helpers such as ``_record`` come from DocumentEditsMixin."""

    # -- layers ----------------------------------------------------------------------------
    def add_layer(self, frame: int, layer: Layer | None = None, index: int | None = None,
                  name: str | None = None, kind: str = "image") -> int:
        """Insert a layer (default: a blank one above the others); returns its index."""

        layers = self.frames[self._frame_index(frame)].layers
        if layer is None:
            layer = Layer(name or f"Layer {len(layers) + 1}",
                          blank_pixels(self.width, self.height), kind=kind)  # type: ignore[arg-type]
        else:
            layer.pixels = np.ascontiguousarray(layer.pixels, dtype=np.uint8)
        self._check_frame(type(self.frames[frame])([layer]))
        index = len(layers) if index is None else max(0, min(index, len(layers)))
        new = layer

        def redo() -> None:
            layers.insert(index, new)
            self._layer_structure(frame)

        def undo() -> None:
            layers.pop(index)
            self._layer_structure(frame)

        self._record("Add layer", redo, undo, new.pixels.nbytes)
        return index

    def add_result_layer(self, frame: int, pixels: np.ndarray, name: str = "AI result") -> int:
        """Put an AI result on top of a frame as a layer of kind "ai" (undoable)."""

        return self.add_layer(frame, Layer(name, np.array(pixels, dtype=np.uint8), kind="ai"))

    def remove_layer(self, frame: int, index: int, label: str = "Remove layer") -> None:
        layers = self.frames[frame].layers
        self._layer_index(frame, index)
        if len(layers) == 1:
            raise ValueError("cannot remove the only layer of a frame")
        removed = layers[index]

        def redo() -> None:
            layers.pop(index)
            self._layer_structure(frame)

        def undo() -> None:
            layers.insert(index, removed)
            self._layer_structure(frame)

        self._record(label, redo, undo, removed.pixels.nbytes)

    def move_layer(self, frame: int, src: int, dst: int) -> None:
        layers = self.frames[frame].layers
        self._layer_index(frame, src)
        self._layer_index(frame, dst)
        if src == dst:
            return

        def mover(a: int, b: int) -> Callable[[], None]:
            def apply() -> None:
                layers.insert(b, layers.pop(a))
                self._layer_structure(frame)
            return apply

        self._record("Move layer", mover(src, dst), mover(dst, src))

    def set_layer_props(self, frame: int, index: int, *, name: str | None = None,
                        visible: bool | None = None, opacity: float | None = None,
                        kind: str | None = None, locked: bool | None = None) -> None:
        """Change name / visibility / opacity (0..1) / kind / lock of a layer as one step."""

        layer = self.frames[frame].layers[self._layer_index(frame, index)]
        if opacity is not None and not 0.0 <= float(opacity) <= 1.0:
            raise ValueError(f"opacity {opacity} is outside 0..1")
        if kind is not None and kind not in LAYER_KINDS:
            raise ValueError(f"unknown layer kind {kind!r}")
        new = {k: v for k, v in (("name", name), ("visible", visible),
                                  ("opacity", None if opacity is None else float(opacity)),
                                  ("kind", kind), ("locked", locked)) if v is not None}
        old = {k: getattr(layer, k) for k in new}

        def put(values: dict[str, Any]) -> Callable[[], None]:
            def apply() -> None:
                for k, v in values.items():
                    setattr(layer, k, v)
                self._layer_structure(frame)
            return apply

        self._record("Layer properties", put(new), put(old))

    def _layer_structure(self, frame: int) -> None:
        self.structure_changed.emit()
        self.changed.emit(frame, self.bounds)

    def accept_layer(self, frame: int, layer_index: int, mask: np.ndarray | None = None,
                     label: str = "Accept layer") -> None:
        """Merge a layer (an AI result) into the layer below it, as one undo step.

        With ``mask`` (uint8 HxW) only pixels where the mask is non-zero are merged.
        """
        self._layer_index(frame, layer_index)
        if layer_index == 0:
            raise ValueError("the bottom layer has no layer below to merge into")
        if mask is not None and np.shape(mask) != (self.height, self.width):
            raise ValueError(f"mask shape {np.shape(mask)} does not match the image")
        top = self.frames[frame].layers[layer_index]
        below = self.frames[frame].layers[layer_index - 1]
        merged = blend_over(below.pixels, top.pixels, top.opacity if top.visible else 0.0)
        if mask is not None:
            keep = np.asarray(mask) == 0
            merged[keep] = below.pixels[keep]
        self.history.begin(label)
        try:
            self.set_pixels(frame, layer_index - 1, self.bounds, merged, label)
            self.remove_layer(frame, layer_index, label)
        finally:
            self.history.end()

    def merge_down(self, frame: int, layer_index: int) -> None:
        """Blend a layer (with its opacity) into the one below it; one undo step."""
        self.accept_layer(frame, layer_index, label="Merge down")

    def duplicate_layer(self, frame: int, layer_index: int) -> int:
        """A copy of a layer just above it; returns the copy's index."""
        layer = self.frames[frame].layers[self._layer_index(frame, layer_index)].copy()
        layer.name = f"{layer.name} copy"
        return self.add_layer(frame, layer, layer_index + 1)

    def add_reference_layer(self, pixels: np.ndarray, name: str = "Reference",
                            over: bool = False, opacity: float = 0.5) -> None:
        """Put an image in every frame as a reference layer (under or over the sprite), at
        ``opacity``; it is never exported nor sent to the service. One undo step.

        An image of another size is placed at the top-left corner and cut to the canvas."""
        from studio.core.document.model import Layer, blank_pixels

        src = np.asarray(pixels, dtype=np.uint8)
        canvas = blank_pixels(self.width, self.height)
        h, w = min(src.shape[0], self.height), min(src.shape[1], self.width)
        canvas[:h, :w] = src[:h, :w]
        self.history.begin("Reference layer")
        try:
            for index, frame in enumerate(self.frames):
                layer = Layer(name, canvas.copy(), opacity=opacity, kind="reference")
                self.add_layer(index, layer, len(frame.layers) if over else 0)
        finally:
            self.history.end()

    def reject_layer(self, frame: int, layer_index: int) -> None:
        self.remove_layer(frame, layer_index, "Reject layer")
