"""Input images the generation panels take from the canvas (its current document and frame)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from studio.ui.panels.generation_images import palette_image

if TYPE_CHECKING:
    from studio.ui.canvas.widget import CanvasWidget


class CanvasSources:
    """Mixin for a panel with a ``canvas``: image sources for its forms' image slots."""

    canvas: CanvasWidget

    def _canvas_image(self) -> np.ndarray | None:
        """The current frame, all layers composited (None without a document)."""
        doc = self.canvas.document
        return None if doc is None else doc.composite(self.canvas.frame)

    def _palette_image(self) -> np.ndarray | None:
        """The document's palette as a swatch image (None without a document)."""
        doc = self.canvas.document
        return None if doc is None else palette_image(list(doc.palette))
