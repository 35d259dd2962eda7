"""Whole-image edits of a Document (every frame, layer and mask at once), each one undo step:
canvas size with an anchor, nearest-neighbour scale, flips, quarter turns, crop and trim.

Skeleton poses are not moved with the pixels (re-estimate them after a geometry change)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from studio.core.document.geometry import Rect
from studio.core.document.model import check_size
from studio.core.document.recording import RecordedEdits

ANCHORS = ("nw", "n", "ne", "w", "c", "e", "sw", "s", "se")


def anchor_offset(old: tuple[int, int], new: tuple[int, int], anchor: str) -> tuple[int, int]:
    """Where the old image goes in the new canvas so it keeps to ``anchor`` (compass name)."""
    if anchor not in ANCHORS:
        raise ValueError(f"anchor {anchor!r} must be one of {', '.join(ANCHORS)}")
    dx, dy = new[0] - old[0], new[1] - old[1]
    ox = 0 if "w" in anchor else dx if "e" in anchor else dx // 2
    oy = 0 if "n" in anchor else dy if "s" in anchor else dy // 2
    return ox, oy


def scale_nearest(array: np.ndarray, width: int, height: int) -> np.ndarray:
    h, w = array.shape[:2]
    rows = (np.arange(height) * h) // height
    cols = (np.arange(width) * w) // width
    return array[rows[:, None], cols[None, :]]


class DocumentImageMixin(RecordedEdits):
    width: int
    height: int
    changed: Any

    def reshape_image(self, fn: Callable[[np.ndarray], np.ndarray], width: int, height: int,
                      label: str) -> None:
        """Replace every layer and mask by ``fn`` of it (new size ``width`` x ``height``)."""
        check_size(width, height)
        old_size = (self.width, self.height)
        old = [([ly.pixels for ly in f.layers], f.mask) for f in self.frames]
        new = [([np.ascontiguousarray(fn(px)) for px in layers],
                 None if mask is None else np.ascontiguousarray(fn(mask)))
                for layers, mask in old]
        for layers, _mask in new:
            for px in layers:
                if px.shape[:2] != (height, width):
                    raise ValueError(f"{label}: produced {px.shape[1]}x{px.shape[0]} pixels, "
                                     f"expected {width}x{height}")

        def put(size: tuple[int, int], data: list) -> Callable[[], None]:
            def apply() -> None:
                self.width, self.height = size
                for frame, (layers, mask) in zip(self.frames, data, strict=True):
                    for layer, px in zip(frame.layers, layers, strict=True):
                        layer.pixels = px
                    frame.mask = mask
                self.structure_changed.emit()
                self.changed.emit(self.current_frame, Rect(0, 0, *size))
            return apply

        nbytes = sum(px.nbytes for layers, _ in old + new for px in layers)
        self._record(label, put((width, height), new), put(old_size, old), nbytes)

    def resize_canvas(self, width: int, height: int, offset_x: int = 0, offset_y: int = 0,
                      label: str = "Canvas size") -> None:
        """Change the canvas size, placing the old content at (offset_x, offset_y).

        Pixels and masks outside the new canvas are cut off (undo brings them back)."""
        check_size(width, height)
        dst = Rect(offset_x, offset_y, self.width, self.height).clamp(width, height)
        part = dst.translated(-offset_x, -offset_y)

        def place(array: np.ndarray) -> np.ndarray:
            out = np.zeros((height, width, *array.shape[2:]), array.dtype)
            out[dst.slices()] = array[part.slices()]
            return out

        self.reshape_image(place, width, height, label)

    def scale_image(self, width: int, height: int) -> None:
        """Nearest-neighbour scale of every frame to ``width`` x ``height``."""
        self.reshape_image(lambda a: scale_nearest(a, width, height), width, height,
                           "Scale sprite")

    def flip_image(self, horizontal: bool) -> None:
        self.reshape_image(lambda a: a[:, ::-1] if horizontal else a[::-1], self.width,
                           self.height, "Flip horizontally" if horizontal else "Flip vertically")

    def rotate_image(self, quarter_turns_cw: int) -> None:
        turns = quarter_turns_cw % 4
        if turns == 0:
            return
        w, h = (self.height, self.width) if turns % 2 else (self.width, self.height)
        self.reshape_image(lambda a: np.rot90(a, k=-turns), w, h, "Rotate")

    def crop_image(self, rect: Rect, label: str = "Crop") -> None:
        r = rect.clamp(self.width, self.height)
        if r.is_empty:
            raise ValueError("The crop area lies outside the image.")
        self.resize_canvas(r.w, r.h, -r.x, -r.y, label)

    def content_bounds(self) -> Rect | None:
        """The smallest rectangle holding every non-transparent pixel of every frame's
        image layers (reference layers do not count); None when all are empty."""
        seen = np.zeros((self.height, self.width), dtype=bool)
        for frame in self.frames:
            for layer in frame.layers:
                if layer.kind != "reference":
                    seen |= layer.pixels[..., 3] > 0
        rows, cols = np.flatnonzero(seen.any(axis=1)), np.flatnonzero(seen.any(axis=0))
        if rows.size == 0:
            return None
        return Rect(int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1),
                    int(rows[-1] - rows[0] + 1))

    def trim_image(self) -> Rect | None:
        """Crop to the content of all frames; None (and no change) when nothing to trim."""
        box = self.content_bounds()
        if box is None or box == Rect(0, 0, self.width, self.height):
            return None
        self.crop_image(box, "Trim")
        return box
