"""Animate with text: the 64x64 reference, and chaining calls into longer animations.

The service always answers 4 frames, at ``start_frame_index .. +3`` of an animation that is
``n_frames`` long. A longer animation is made of several calls ("windows"). Every window after
the first starts ``overlap`` frames before the end of what exists, and sends those existing
frames as ``inpainting_images`` with all-black masks (keep them), so the new frames continue
from them; the kept frames of the answer are dropped, the new ones appended. The last window
is moved back so it never reaches past ``n_frames`` (it then freezes more frames).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from studio.api.requests import AnimateWithTextRequest

FRAMES_PER_CALL = 4
REFERENCE_SIZE = 64


@dataclass(frozen=True)
class Window:
    start: int  # start_frame_index of the call
    frozen: int  # leading frames of the window that already exist (sent, kept)
    keep: int  # frames of the answer inside the animation (<= 4)

    @property
    def new_frames(self) -> range:
        return range(self.start + self.frozen, self.start + self.keep)


def plan_windows(n_frames: int, start_frame_index: int = 0, overlap: int = 1) -> list[Window]:
    """The calls needed to fill frames ``start_frame_index .. n_frames-1``."""
    if not 1 <= n_frames <= 64:
        raise ValueError(f"n_frames must be 1..64, got {n_frames}")
    if not 0 <= start_frame_index < n_frames:
        raise ValueError(f"start_frame_index must be 0..{n_frames - 1}, got {start_frame_index}")
    if not 0 <= overlap < FRAMES_PER_CALL:
        raise ValueError(f"overlap must be 0..{FRAMES_PER_CALL - 1}, got {overlap}")
    windows, done = [], start_frame_index
    while done < n_frames:
        start = 0 if done == 0 else max(0, min(done - overlap, n_frames - FRAMES_PER_CALL))
        end = min(start + FRAMES_PER_CALL, n_frames)
        windows.append(Window(start, done - start, end - start))
        done = end
    return windows


def _black(size: int = REFERENCE_SIZE) -> Image.Image:
    return Image.new("RGB", (size, size), (0, 0, 0))


def _pil(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "RGBA")


class TextAnimationChain:
    """Walks the windows: ``next_request()`` -> send -> ``take(frames)`` until ``is_done``.

    ``existing`` holds the frames before ``start_frame_index`` (needed to continue from them);
    ``init_frames`` optional per-frame init images of the whole animation (None entries allowed).
    """

    def __init__(self, template: AnimateWithTextRequest, n_frames: int,
                 start_frame_index: int = 0, existing: Sequence[np.ndarray] = (),
                 init_frames: Sequence[np.ndarray | None] | None = None,
                 overlap: int = 1) -> None:
        self.template = template
        self.n_frames = n_frames
        self.windows = plan_windows(n_frames, start_frame_index, overlap)
        needed = self.windows[0].start + self.windows[0].frozen
        if len(existing) < needed:
            raise ValueError(f"starting at frame {start_frame_index} needs the {needed} "
                             f"frame(s) before it; only {len(existing)} exist")
        self.frames: list[np.ndarray] = [np.asarray(f, np.uint8) for f in existing[:needed]]
        self.start_frame_index = start_frame_index
        self.init_frames = list(init_frames) if init_frames is not None else None
        self.index = 0

    @property
    def is_done(self) -> bool:
        return self.index >= len(self.windows)

    @property
    def current(self) -> Window:
        return self.windows[self.index]

    def next_request(self) -> AnimateWithTextRequest:
        """The request of the current window (raises when the chain is done)."""
        if self.is_done:
            raise RuntimeError("the animation is complete")
        w = self.current
        data = self.template.model_dump(exclude_none=True)
        for key in ("inpainting_images", "mask_images", "init_images"):
            data.pop(key, None)
        data.update(n_frames=self.n_frames, start_frame_index=w.start)
        if w.frozen:
            data["inpainting_images"] = [
                _pil(self.frames[w.start + i]) if i < w.frozen else None
                for i in range(FRAMES_PER_CALL)]
            data["mask_images"] = [_black() if i < w.frozen else None
                                   for i in range(FRAMES_PER_CALL)]
        if self.init_frames is not None:
            inits = [self._init(w.start + i) for i in range(FRAMES_PER_CALL)]
            if any(i is not None for i in inits):
                data["init_images"] = inits
        return AnimateWithTextRequest.model_validate(data)

    def _init(self, index: int) -> Image.Image | None:
        if self.init_frames is None or index >= len(self.init_frames):
            return None
        frame = self.init_frames[index]
        return None if frame is None else _pil(frame)

    def take(self, images: Sequence[np.ndarray]) -> list[int]:
        """Store the answer of the current window; returns the frame indices it added."""
        w = self.current
        if len(images) < w.keep:
            raise ValueError(f"the service answered {len(images)} frame(s); "
                             f"window {self.index + 1} needs {w.keep}")
        added = []
        for i in range(w.frozen, w.keep):
            frame = np.asarray(images[i], dtype=np.uint8)
            if frame.shape != (REFERENCE_SIZE, REFERENCE_SIZE, 4):
                raise ValueError(f"frame {w.start + i} is {frame.shape[1]}x{frame.shape[0]}, "
                                 "expected 64x64")
            index = w.start + i
            if index < len(self.frames):
                self.frames[index] = frame
            else:
                self.frames.append(frame)
            added.append(index)
        self.index += 1
        return added

    @property
    def new_frames(self) -> list[np.ndarray]:
        """The frames made by this chain (from ``start_frame_index`` on)."""
        return self.frames[self.start_frame_index:]
