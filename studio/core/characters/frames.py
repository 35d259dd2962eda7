"""Turn character rotations and animation frames into documents for the canvas.

The main window passes ``make_open_on_canvas(open_document)`` to :class:`CharactersPanel` as its
``open_on_canvas`` callback: a rotation opens as a one-frame document, an animation as one
document with a frame per animation frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from studio.core.document.document import Document

ANIMATION_FRAME_MS = 100


def frames_to_document(title: str, frames: Sequence[np.ndarray],
                       duration_ms: int = ANIMATION_FRAME_MS) -> Document:
    """One frame per image. Frames of another size are padded/cropped to the first one's size."""
    if not frames:
        raise ValueError("nothing to open: no frames")
    height, width = frames[0].shape[:2]
    fitted = []
    for pixels in frames:
        out = np.zeros((height, width, 4), np.uint8)
        h, w = min(height, pixels.shape[0]), min(width, pixels.shape[1])
        out[:h, :w] = pixels[:h, :w]
        fitted.append((out, duration_ms))
    return Document.from_frames(fitted, name=title)


def make_open_on_canvas(open_document: Callable[[Document], None]
                        ) -> Callable[[str, list[np.ndarray]], None]:
    def open_on_canvas(title: str, frames: list[np.ndarray]) -> None:
        open_document(frames_to_document(title, frames))

    return open_on_canvas
