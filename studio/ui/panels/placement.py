"""Put a generated image on the canvas: as a new layer of the current document (one undo step,
padded or cropped to the document size, top-left aligned) or as a new document.

The main window passes :func:`make_place_image` (bound to its own document accessors) to the
Create and Library panels as their ``place_image`` callable.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from studio.core.document.document import Document, Layer


def fit_to(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """Pad with transparency or crop so the image is exactly ``width`` x ``height``."""
    out = np.zeros((height, width, 4), np.uint8)
    h, w = min(height, pixels.shape[0]), min(width, pixels.shape[1])
    out[:h, :w] = pixels[:h, :w]
    return out


def add_as_layer(document: Document, pixels: np.ndarray, name: str) -> int:
    """A new "ai" layer above the others in the current frame; returns its index."""
    layer = Layer(name, fit_to(pixels, document.width, document.height), kind="ai")
    return document.add_layer(document.current_frame, layer)


def make_place_image(current_document: Callable[[], Document | None],
                     open_document: Callable[[Document], None]
                     ) -> Callable[[np.ndarray, str, str], None]:
    """``place_image(pixels, mode, name)`` for the panels; with no open document a layer
    request opens a new document instead."""
    def place_image(pixels: np.ndarray, mode: str, name: str) -> None:
        document = current_document()
        if mode == "layer" and document is not None:
            add_as_layer(document, pixels, name)
        else:
            open_document(Document.from_image(np.ascontiguousarray(pixels), name=name))
    return place_image
