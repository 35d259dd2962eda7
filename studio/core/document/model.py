"""The document's data: layers, frames and the limits every edit checks.

Plain dataclasses, no history and no signals: ``document.Document`` owns those."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

# "reference": an image shown over or under the sprite to trace from; never exported and
# never sent to the service (``Document.composite`` leaves it out unless asked)
LayerKind = Literal["image", "ai", "reference"]
LAYER_KINDS: tuple[str, ...] = ("image", "ai", "reference")
MAX_SIDE = 8192
MIN_DURATION_MS, MAX_DURATION_MS = 1, 65535
Color = tuple[int, int, int, int]


@dataclass(eq=False)
class Layer:
    name: str
    pixels: np.ndarray
    visible: bool = True
    opacity: float = 1.0
    kind: LayerKind = "image"
    locked: bool = False  # tools refuse to change a locked layer's pixels

    def copy(self) -> Layer:
        return Layer(self.name, self.pixels.copy(), self.visible, self.opacity, self.kind,
                     self.locked)


@dataclass(eq=False)
class Frame:
    layers: list[Layer]
    duration_ms: int = 100
    mask: np.ndarray | None = None
    pose: Any = None

    def copy(self) -> Frame:
        return Frame(
            [layer.copy() for layer in self.layers],
            self.duration_ms,
            None if self.mask is None else self.mask.copy(),
            copy.deepcopy(self.pose),
        )


def blank_pixels(width: int, height: int) -> np.ndarray:
    return np.zeros((height, width, 4), dtype=np.uint8)


def check_size(width: int, height: int) -> None:
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise ValueError(f"image size {width}x{height} is outside 1..{MAX_SIDE} pixels per side")
