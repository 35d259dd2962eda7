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

from studio.core.document.compositing import composite_stack
from studio.core.document.geometry import Rect
from studio.ui.canvas.overlays import PixelOverlay

if TYPE_CHECKING:
    from studio.core.document.document import Document

LIGHT, DARK = 204, 153  # checkerboard greys
EXPANDED_MAX_BYTES = 24 * 1024 * 1024
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
        # (layer, rect, mask inside rect or None) shown as cleared while pixels float
        self.lifted: tuple | None = None
        self.buffer = np.empty((doc.height, doc.width, 4), dtype=np.uint8)
        self.buffer[..., 3 if sys.byteorder == "little" else 0] = 255
        self.image = QImage(self.buffer.data, doc.width, doc.height, doc.width * 4,
                            QImage.Format.Format_ARGB32_Premultiplied)
        self._expanded: tuple[tuple[int, int], np.ndarray, QImage] | None = None
        self.refresh()

    def expanded(self, zoom: int, grid_rgb: tuple[int, int, int]) -> QImage | None:
        """The display widened ``zoom`` times with a grid column at the left of every pixel.

        Blitting it (scaled only vertically) draws pixels and vertical grid lines in one pass,
        which is much cheaper than drawing 1 px wide vertical lines over the scaled image.
        Kept up to date in ``refresh``; None when it would take too much memory.
        """
        w, h = self.doc.width, self.doc.height
        if zoom < 2 or w * zoom * h * 4 > EXPANDED_MAX_BYTES:
            self._expanded = None
            return None
        key = (zoom, (grid_rgb[0] << 16) | (grid_rgb[1] << 8) | grid_rgb[2])
        if self._expanded is None or self._expanded[0] != key:
            wide = np.repeat(self.buffer, zoom, axis=1)
            wide[:, ::zoom] = self._grid_word(grid_rgb)
            image = QImage(wide.data, w * zoom, h, w * zoom * 4,
                           QImage.Format.Format_ARGB32_Premultiplied)
            self._expanded = (key, wide, image)
        return self._expanded[2]

    def _grid_word(self, rgb: tuple[int, int, int]) -> np.ndarray:
        word = np.full(4, 255, dtype=np.uint8)
        for src, dst in enumerate(_CHANNELS):
            word[dst] = rgb[src]
        return word

    def _refresh_expanded(self, r: Rect) -> None:
        assert self._expanded is not None
        (zoom, packed), wide, _image = self._expanded
        rows, cols = r.slices()
        part = np.repeat(self.buffer[rows, cols], zoom, axis=1)
        part[:, ::zoom] = self._grid_word(((packed >> 16) & 255, (packed >> 8) & 255,
                                           packed & 255))
        wide[rows, r.x * zoom:r.right * zoom] = part

    def set_lifted(self, lifted: tuple | None) -> None:
        """Show ``(layer, rect[, mask])`` as transparent (pixels lifted by a transform)."""
        old, self.lifted = self.lifted, lifted
        for spec in (old, lifted):
            if spec is not None:
                self.refresh(spec[1])

    def _composite(self, r: Rect) -> np.ndarray:
        doc = self.doc
        lifted = self.lifted
        hole = Rect.empty() if lifted is None else lifted[1].intersect(r)
        if hole.is_empty:
            return doc.composite(self.frame, r, with_reference=True)
        sl, local = r.slices(), hole.translated(-r.x, -r.y).slices()
        stack = []
        for index, layer in enumerate(doc.frames[self.frame].layers):
            if not layer.visible or layer.opacity <= 0:
                continue
            px = layer.pixels[sl]
            if index == lifted[0]:
                px = px.copy()
                mask = lifted[2] if len(lifted) > 2 else None
                if mask is None:
                    px[local] = 0
                else:
                    part = hole.translated(-lifted[1].x, -lifted[1].y).slices()
                    px[local][mask[part]] = 0
            stack.append((px, layer.opacity))
        return composite_stack(stack, r.h, r.w)

    def refresh(self, rect: Rect | None = None) -> None:
        """Recomposite ``rect`` (default: everything) from the document."""
        doc = self.doc
        r = doc.bounds if rect is None else rect.clamp(doc.width, doc.height)
        if r.is_empty:
            return
        with doc.lock:
            rgba = self._composite(r)
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
        if self._expanded is not None:
            self._refresh_expanded(r)
