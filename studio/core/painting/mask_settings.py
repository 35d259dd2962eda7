"""Mask brush settings shared by the mask tools of one canvas (Qt-free, psygnal events)."""

from __future__ import annotations

from psygnal import Signal

from studio.core.painting.mask import BrushShape
from studio.core.painting.pixels import stepped_brush_size

MIN_SIZE, MAX_SIZE = 1, 64
SHAPES: tuple[str, ...] = ("round", "square")


class MaskSettings:
    """Brush size (1..64 px) and tip shape; ``changed`` fires on every change."""

    changed = Signal()

    def __init__(self, size: int = 8, shape: BrushShape = "round") -> None:
        self._size = MIN_SIZE
        self._shape: BrushShape = "round"
        self.size = size
        self.shape = shape

    @property
    def size(self) -> int:
        return self._size

    @size.setter
    def size(self, value: int) -> None:
        value = max(MIN_SIZE, min(MAX_SIZE, int(value)))
        if value != self._size:
            self._size = value
            self.changed.emit()

    @property
    def shape(self) -> BrushShape:
        return self._shape

    @shape.setter
    def shape(self, value: str) -> None:
        if value not in SHAPES:
            raise ValueError(f"unknown brush tip {value!r}; use 'round' or 'square'")
        if value != self._shape:
            self._shape = value  # type: ignore[assignment]
            self.changed.emit()

    def step_size(self, steps: int) -> None:
        """[ and ]: one pixel per step up to 16 px, then about 1/8 of the size per step."""
        self.size = stepped_brush_size(self.size, steps, MIN_SIZE, MAX_SIZE)
