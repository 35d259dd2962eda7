"""The cached 1:1 display image of one frame: checkerboard + pixel overlays + layers, opaque.

The canvas blits (scales) this image with nearest-neighbour sampling; it is recomposited only in
the dirty rectangles the document reports, never as a whole on each paint. The pixels live in a
numpy array in Qt's ARGB32_Premultiplied memory order (B, G, R, A on little-endian machines) that
the QImage wraps without copying, so an update is a numpy write and no Qt call.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QImage

from studio.core.geometry import Rect
from studio.ui.canvas.overlays import PixelOverlay

if TYPE_CHECKING:
    from studio.core.document import Document

LIGHT, DARK = 204, 153  # checkerboard greys
_CHANNELS = (2, 1, 0) if sys.byteorder == "little" else (1, 2, 3)  # R, G, B positions in a word


def checker_size_for(zoom: float) -> int:
    """Image pixels per checker square: about 8 screen pixels, at least one image pixel."""
    return max(1, int(round(8 / zoom)))


def checker(rect: Rect, cell: int) -> np.ndarray:
    """(h, w) uint8 greys of the checkerboard over ``rect`` (image space, cells of ``cell`` px)."""
    ys = (np.arange(rect.y, rect.bottom) // cell)[:, None]
    xs = (np.arange(rect.x, rect.right) // cell)[None, :]
    return np.where((xs + ys) & 1, DARK, LIGHT).astype(np.uint8)


class FrameDisplay:
    """Display pixels of ``doc.frames[frame]``; call ``refresh(rect)`` for every change."""

    def __init__(self, doc: Document, frame: int, cell: int,
                 overlays: Iterable[PixelOverlay] = ()) -> None:
        self.doc = doc
        self.frame = frame
        self.cell = cell
        self.overlays = overlays
        self.buffer = np.empty((doc.height, doc.width, 4), dtype=np.uint8)
        self.buffer[..., 3 if sys.byteorder == "little" else 0] = 255
        self.image = QImage(self.buffer.data, doc.width, doc.height, doc.width * 4,
                            QImage.Format.Format_ARGB32_Premultiplied)
        self.refresh()

    def refresh(self, rect: Rect | None = None) -> None:
        """Recomposite ``rect`` (default: everything) from the document."""
        doc = self.doc
        r = doc.bounds if rect is None else rect.clamp(doc.width, doc.height)
        if r.is_empty:
            return
        with doc.lock:
            rgba = doc.composite(self.frame, r)
        grey = checker(r, self.cell)
        rgb = np.repeat(grey[..., None], 3, axis=2)
        active = [ov for ov in self.overlays if ov.enabled]
        for ov in active:
            if ov.stage == "under":
                ov.apply(doc, self.frame, r, rgb)
        alpha = rgba[..., 3:4]
        if alpha.min() == 255:
            rgb = np.ascontiguousarray(rgba[..., :3])
        elif alpha.max() > 0:
            a = alpha.astype(np.uint16)
            rgb = ((rgba[..., :3] * a + rgb * (255 - a) + 127) // 255).astype(np.uint8)
        for ov in active:
            if ov.stage == "over":
                ov.apply(doc, self.frame, r, rgb)
        out = self.buffer[r.slices()]
        for src, dst in enumerate(_CHANNELS):
            out[..., dst] = rgb[..., src]
