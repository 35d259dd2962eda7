"""Whole-image edits of a Document (every frame, layer and mask at once), each one undo step:
canvas size with an anchor, nearest-neighbour scale, flips, quarter turns, crop and trim.

Skeleton poses move with the pixels in the same undo step: a flip mirrors the joints' places
(the left arm stays the character's left arm, now drawn on the other side), a quarter turn
turns them, canvas size and crop shift them (joints cut off stay outside the image, as the
pixels' undo brings back), and a scale leaves their 0..1 coordinates as they are. Poses are
duck-typed (``xy`` + ``with_points``, or their JSON list) so this module needs no skeleton
code."""

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


Move = Callable[[np.ndarray], np.ndarray]  # (N, 2) pixel positions -> where they go


def turn_points(points: np.ndarray, turns: int, width: int, height: int) -> np.ndarray:
    """Positions in a ``width`` x ``height`` image after ``turns`` quarter turns clockwise."""
    x, y = points[:, 0], points[:, 1]
    for _ in range(turns % 4):
        x, y = height - y, x  # one turn: the left edge becomes the top
        width, height = height, width
    return np.stack([x, y], axis=1)


def moved_pose(pose: Any, move: Move, old: tuple[int, int], new: tuple[int, int]) -> Any:
    """``pose`` (a Pose, its JSON list of points, or None) with its joints moved by ``move``,
    in 0..1 coordinates of the new size. Missing joints (NaN) stay missing."""
    if pose is None:
        return None
    if hasattr(pose, "xy") and hasattr(pose, "with_points"):
        return pose.with_points(_moved(np.asarray(pose.xy, dtype=np.float64), move, old, new))
    if isinstance(pose, list) and all(isinstance(p, dict) for p in pose):
        try:
            xy = np.array([[float(p["x"]), float(p["y"])] for p in pose], dtype=np.float64)
        except (KeyError, TypeError, ValueError):
            return pose  # not a pose we can read: left as it was
        moved = _moved(xy, move, old, new)
        return [{**p, "x": float(x), "y": float(y)} for p, (x, y) in zip(pose, moved,
                                                                          strict=True)]
    return pose


def _moved(xy: np.ndarray, move: Move, old: tuple[int, int], new: tuple[int, int]) -> np.ndarray:
    pixels = xy * np.array(old, dtype=np.float64)
    return move(pixels) / np.array(new, dtype=np.float64)


def scale_nearest(array: np.ndarray, width: int, height: int) -> np.ndarray:
    h, w = array.shape[:2]
    rows = (np.arange(height) * h) // height
    cols = (np.arange(width) * w) // width
    return array[rows[:, None], cols[None, :]]


class DocumentImageMixin(RecordedEdits):
    width: int
    height: int
    changed: Any
    pose_changed: Any

    def reshape_image(self, fn: Callable[[np.ndarray], np.ndarray], width: int, height: int,
                      label: str, move: Move | None = None) -> None:
        """Replace every layer and mask by ``fn`` of it (new size ``width`` x ``height``);
        ``move`` maps (N, 2) pixel positions the same way, for the poses (None: a pose keeps
        its 0..1 coordinates, right for a scale)."""
        check_size(width, height)
        old_size = (self.width, self.height)
        old = [([ly.pixels for ly in f.layers], f.mask) for f in self.frames]
        new = [([np.ascontiguousarray(fn(px)) for px in layers],
                 None if mask is None else np.ascontiguousarray(fn(mask)))
                for layers, mask in old]
        old_poses = [f.pose for f in self.frames]
        new_poses = old_poses if move is None else [
            moved_pose(p, move, old_size, (width, height)) for p in old_poses]
        for layers, _mask in new:
            for px in layers:
                if px.shape[:2] != (height, width):
                    raise ValueError(f"{label}: produced {px.shape[1]}x{px.shape[0]} pixels, "
                                     f"expected {width}x{height}")

        def put(size: tuple[int, int], data: list, poses: list) -> Callable[[], None]:
            def apply() -> None:
                self.width, self.height = size
                for frame, (layers, mask), pose in zip(self.frames, data, poses, strict=True):
                    for layer, px in zip(frame.layers, layers, strict=True):
                        layer.pixels = px
                    frame.mask = mask
                    frame.pose = pose
                self.structure_changed.emit()
                self.changed.emit(self.current_frame, Rect(0, 0, *size))
                for index, pose in enumerate(poses):
                    if pose is not None:
                        self.pose_changed.emit(index)
            return apply

        nbytes = sum(px.nbytes for layers, _ in old + new for px in layers)
        self._record(label, put((width, height), new, new_poses),
                     put(old_size, old, old_poses), nbytes)

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

        self.reshape_image(place, width, height, label,
                           move=lambda p: p + np.array([offset_x, offset_y], dtype=np.float64))

    def scale_image(self, width: int, height: int) -> None:
        """Nearest-neighbour scale of every frame to ``width`` x ``height``."""
        self.reshape_image(lambda a: scale_nearest(a, width, height), width, height,
                           "Scale sprite")

    def flip_image(self, horizontal: bool) -> None:
        w, h = self.width, self.height
        mirror = np.array([-1.0, 1.0] if horizontal else [1.0, -1.0])
        shift = np.array([w, 0.0] if horizontal else [0.0, h])
        self.reshape_image(lambda a: a[:, ::-1] if horizontal else a[::-1], w, h,
                           "Flip horizontally" if horizontal else "Flip vertically",
                           move=lambda p: p * mirror + shift)

    def rotate_image(self, quarter_turns_cw: int) -> None:
        turns = quarter_turns_cw % 4
        if turns == 0:
            return
        old_w, old_h = self.width, self.height
        w, h = (old_h, old_w) if turns % 2 else (old_w, old_h)
        self.reshape_image(lambda a: np.rot90(a, k=-turns), w, h, "Rotate",
                           move=lambda p: turn_points(p, turns, old_w, old_h))

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
