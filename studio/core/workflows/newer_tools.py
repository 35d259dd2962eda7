"""Document side of the newer tools: keyframe in-betweens, the 8-rotation sheet and edits by
text. Requests are built from document frames; results go back as "ai" layers under review,
each placement one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from studio.api.requests_v3 import AnimateWithTextV3Request, EditImageRequest
from studio.api.results import normalise_direction, requested_frames
from studio.core.document.document import Document, Frame, Layer

SHEET_ORDER = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
               "south-west")
"""Cells of the 8-direction sheet, left to right (filled by each result's label)."""


def keyframes_request(doc: Document, first: int, last: int, action: str, frame_count: int,
                      *, seed: int | None = None,
                      no_background: bool | None = None) -> AnimateWithTextV3Request:
    """animate-with-text-v3 from two frames of ``doc`` (composited); raises ValueError with a
    plain reason when the frames cannot be used."""
    count = len(doc.frames)
    if not (0 <= first < count and 0 <= last < count):
        raise ValueError(f"the document has frames 1 to {count}")
    if first >= last:
        raise ValueError("the last frame must come after the first frame")
    return AnimateWithTextV3Request(
        first_frame=doc.composite(first), last_frame=doc.composite(last), action=action,
        frame_count=frame_count, seed=seed, no_background=no_background)


def inbetweens_of(images: Sequence[np.ndarray], frame_count: int) -> list[np.ndarray]:
    """The in-betweens out of a keyframes answer (echo of the first and the last dropped)."""
    return requested_frames(list(images), frame_count, has_last_frame=True)


def insert_inbetweens(doc: Document, last: int, frames: Sequence[np.ndarray],
                      name: str = "in-between") -> list[int]:
    """Insert ``frames`` just before frame ``last``, each as an "ai" layer (under review) over
    an empty layer. One undo step; returns the new frame indices."""
    indices = []
    duration = doc.frames[last].duration_ms
    doc.history.begin(f"Insert {len(frames)} {name}s")
    try:
        for offset, pixels in enumerate(frames):
            blank = Layer("Layer 1", np.zeros((doc.height, doc.width, 4), np.uint8))
            result = Layer(f"{name} {offset + 1}", _fit(pixels, doc), kind="ai")
            indices.append(doc.add_frame(last + offset, Frame([blank, result], duration)))
    finally:
        doc.history.end()
    return indices


def _fit(pixels: np.ndarray, doc: Document) -> np.ndarray:
    """A result at the document's size (cropped or padded at the top left if it differs)."""
    out = np.zeros((doc.height, doc.width, 4), np.uint8)
    h, w = min(doc.height, pixels.shape[0]), min(doc.width, pixels.shape[1])
    out[:h, :w] = pixels[:h, :w]
    return out


def sheet_by_label(labelled: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """Direction -> image, read from each result's label (never from its position)."""
    cells: dict[str, Any] = {}
    for label, image in labelled:
        direction = normalise_direction(label)
        if direction is not None and direction not in cells:
            cells[direction] = image
    return cells


def sheet_document(cells: dict[str, np.ndarray], name: str) -> Document:
    """One frame per direction in ``SHEET_ORDER`` (missing directions stay empty), tagged by
    direction in each frame's layer name."""
    size = next(iter(cells.values())).shape
    frames = []
    for direction in SHEET_ORDER:
        pixels = cells.get(direction, np.zeros(size, np.uint8))
        frames.append((np.array(pixels, dtype=np.uint8), 100))
    doc = Document.from_frames(frames, name=name)
    for frame, direction in zip(doc.frames, SHEET_ORDER, strict=True):
        frame.layers[0].name = direction
    return doc


def edit_requests(doc: Document, frames: Sequence[int], instruction: str, *,
                  seed: int | None = None) -> list[EditImageRequest]:
    """One edit-image request per frame, at the document's size."""
    width, height = doc.size
    return [EditImageRequest(image=doc.composite(index), image_size=(width, height),
                             description=instruction, width=width, height=height, seed=seed,
                             no_background=False)
            for index in frames]


def place_edit(doc: Document, frame: int, pixels: np.ndarray, instruction: str) -> int:
    """An edit result as an "ai" layer on its frame (one undo step, under review)."""
    return doc.add_result_layer(frame, _fit(pixels, doc), name=f"edit: {instruction[:30]}")
