"""Apply colour and clean-up results to a Document: one layer over one or all frames, or the
whole sprite for unzoom, always as one undo step."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from studio.core.document.document import Document
from studio.core.document.geometry import Rect

from .grid import Grid
from .unzoom import resample, unzoom


def scope_frames(doc: Document, all_frames: bool) -> list[int]:
    return list(range(len(doc.frames))) if all_frames else [doc.current_frame]


def layer_index(doc: Document, frame: int, layer: int) -> int:
    """``layer`` clamped to the layers of ``frame``."""
    return max(0, min(layer, len(doc.frames[frame].layers) - 1))


def layer_images(doc: Document, frames: list[int], layer: int) -> list[np.ndarray]:
    """Copies of ``layer``'s pixels in each of ``frames``."""
    return [doc.frames[f].layers[layer_index(doc, f, layer)].pixels.copy() for f in frames]


def replace_layer_images(doc: Document, frames: list[int], layer: int,
                         images: list[np.ndarray], label: str) -> None:
    """Put ``images`` into ``layer`` of ``frames`` as one undo step (unchanged frames skipped)."""
    doc.history.begin(label)
    try:
        for frame, image in zip(frames, images, strict=True):
            index = layer_index(doc, frame, layer)
            if not np.array_equal(doc.frames[frame].layers[index].pixels, image):
                doc.set_pixels(frame, index, doc.bounds, image, label)
    finally:
        doc.history.end()


def apply_filter(doc: Document, layer: int, all_frames: bool,
                 filter_: Callable[[np.ndarray], np.ndarray], label: str) -> int:
    """Run ``filter_`` on ``layer`` of the frames in scope and keep the results (one undo
    step); returns how many frames changed."""
    frames = scope_frames(doc, all_frames)
    before = layer_images(doc, frames, layer)
    after = [filter_(image) for image in before]
    changed = sum(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    if changed:
        replace_layer_images(doc, frames, layer, after, label)
    return changed


def unzoom_document(doc: Document, grid: Grid, tolerance: float) -> tuple[int, int]:
    """Every layer of every frame unzoomed on ``grid``; the canvas takes the new size. One undo
    step. Returns the new (width, height)."""
    return _transform_all_layers(doc, lambda px: unzoom(px, grid, tolerance), "Unzoom")


def resample_document(doc: Document, width: int, height: int) -> tuple[int, int]:
    """Every layer of every frame resampled to ``width`` x ``height`` (dominant colour per block
    when shrinking, nearest pixel when growing). One undo step."""
    return _transform_all_layers(doc, lambda px: resample(px, width, height), "Resize")


def _transform_all_layers(doc: Document, transform: Callable[[np.ndarray], np.ndarray],
                          label: str) -> tuple[int, int]:
    results = [[transform(layer.pixels) for layer in frame.layers] for frame in doc.frames]
    height, width = results[0][0].shape[:2]
    doc.history.begin(label)
    try:
        doc.resize_canvas(width, height)
        for f, layers in enumerate(results):
            for index, pixels in enumerate(layers):
                doc.set_pixels(f, index, Rect(0, 0, width, height), pixels, label)
    finally:
        doc.history.end()
    return width, height
