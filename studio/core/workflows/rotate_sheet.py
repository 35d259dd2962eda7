"""Direction sheets: rotate one sprite to every missing direction and gather the answers.

``plan_sheet`` lists the directions to request (4 or 8, minus the one the sprite already
faces) and builds one ``RotateRequest`` per direction from a template request. ``SheetTracker``
collects the answers and per-direction failures as they arrive (in any order), and
``assemble_sheet`` makes a new document with one frame per direction in compass order, the
source sprite copied unchanged into its own direction's frame. Frame names (the directions) are
the layer names and ``extras["frame_names"]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.api.enums import DIRECTIONS_4, DIRECTIONS_8
from studio.api.requests import RotateRequest
from studio.core.document.document import Document, Frame, Layer

SHEET_ORDER: tuple[str, ...] = (
    "south", "south-east", "east", "north-east", "north", "north-west", "west", "south-west",
)
FRAME_NAMES_KEY = "frame_names"


def sheet_directions(count: int) -> tuple[str, ...]:
    """The directions of a 4- or 8-direction sheet, in sheet order."""
    if count == 8:
        return tuple(d for d in SHEET_ORDER if d in DIRECTIONS_8)
    if count == 4:
        return tuple(d for d in SHEET_ORDER if d in DIRECTIONS_4)
    raise ValueError(f"a direction sheet has 4 or 8 directions, not {count}")


def missing_directions(source_direction: str, count: int) -> list[str]:
    """Directions of the sheet other than the one the source faces."""
    if source_direction not in DIRECTIONS_8:
        raise ValueError(f"unknown direction {source_direction!r}")
    return [d for d in sheet_directions(count) if d != source_direction]


def plan_sheet(template: RotateRequest, source_direction: str, count: int
               ) -> dict[str, RotateRequest]:
    """One request per missing direction: the template with from/to directions set and any
    degree-based direction change removed (the directions say it all)."""
    requests = {}
    for target in missing_directions(source_direction, count):
        requests[target] = template.model_copy(update={
            "from_direction": source_direction, "to_direction": target,
            "direction_change": None,
        })
    return requests


@dataclass
class SheetTracker:
    """Which directions are pending, done (with pixels) or failed (with the message)."""

    source_direction: str
    source: np.ndarray
    count: int
    results: dict[str, np.ndarray] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def wanted(self) -> list[str]:
        return missing_directions(self.source_direction, self.count)

    @property
    def pending(self) -> list[str]:
        return [d for d in self.wanted if d not in self.results and d not in self.failures]

    @property
    def is_complete(self) -> bool:
        return not self.pending

    def succeed(self, direction: str, pixels: np.ndarray) -> None:
        self._check(direction)
        self.results[direction] = np.ascontiguousarray(pixels, dtype=np.uint8)

    def fail(self, direction: str, message: str) -> None:
        self._check(direction)
        self.failures[direction] = message

    def _check(self, direction: str) -> None:
        if direction not in self.wanted:
            raise ValueError(f"{direction!r} is not a missing direction of this sheet")

    def summary(self) -> str:
        parts = [f"{len(self.results)} of {len(self.wanted)} directions done"]
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        if self.pending:
            parts.append(f"{len(self.pending)} pending")
        return ", ".join(parts)

    def assemble(self, name: str) -> Document:
        return assemble_sheet(self.source, self.source_direction, self.results, self.count,
                              name)


def assemble_sheet(source: np.ndarray, source_direction: str, results: dict[str, np.ndarray],
                   count: int, name: str = "Direction sheet") -> Document:
    """A document with a frame per available direction (source included), in sheet order.

    Answers of another size than the source are refused (the sheet's frames share one size).
    """
    height, width = source.shape[:2]
    images = dict(results)
    images[source_direction] = source
    frames, names = [], []
    for direction in sheet_directions(count) + ((source_direction,)
                                                if source_direction not in
                                                sheet_directions(count) else ()):
        pixels = images.get(direction)
        if pixels is None:
            continue
        if pixels.shape != (height, width, 4):
            raise ValueError(f"the {direction} image is {pixels.shape[1]}x{pixels.shape[0]}, "
                             f"the source is {width}x{height}")
        layer = Layer(direction, np.array(pixels, dtype=np.uint8, copy=True))
        frames.append(Frame([layer]))
        names.append(direction)
    doc = Document(width, height, frames, name=name)
    doc.extras[FRAME_NAMES_KEY] = names
    return doc
