"""Put a generated image on the canvas: as a new "ai" layer of the current document (one undo
step, reviewed with the window's review bar) or as a new document.

A result whose size differs from the document's is never cropped or padded silently: it opens
as a new document, and ``place_image`` returns where it went so the panel can say so.

The main window passes :func:`make_place_image` (bound to its own document accessors) to the
Create, Library and Rotate panels as their ``place_image`` callable.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from studio.core.document.document import Document, Layer

PlaceImage = Callable[[np.ndarray, str, str], str]


def add_as_layer(document: Document, pixels: np.ndarray, name: str) -> int:
    """A new "ai" layer above the others in the current frame; returns its index.
    ``pixels`` must have the document's size."""
    if pixels.shape[:2] != (document.height, document.width):
        raise ValueError(f"a {pixels.shape[1]}x{pixels.shape[0]} image does not fit a "
                         f"{document.width}x{document.height} sprite")
    layer = Layer(name, np.ascontiguousarray(pixels), kind="ai")
    return document.add_layer(document.current_frame, layer)


def placement_note(mode: str, placed: str, pixels: np.ndarray) -> str:
    """What happened to a placed result, as a sentence for the status line."""
    if placed == mode:
        return ("Placed as a new layer: review it with Accept or Reject above the canvas."
                if placed == "layer" else "Opened as a new document.")
    return (f"The result is {pixels.shape[1]}x{pixels.shape[0]}, not the sprite's size, so it "
            "opened as a new document (nothing was cropped).")


def make_place_image(current_document: Callable[[], Document | None],
                     open_document: Callable[[Document], None]) -> PlaceImage:
    """``place_image(pixels, mode, name) -> "layer" | "document"`` for the panels; with no open
    document, or a result of another size, a layer request opens a new document instead."""
    def place_image(pixels: np.ndarray, mode: str, name: str) -> str:
        document = current_document()
        if (mode == "layer" and document is not None
                and pixels.shape[:2] == (document.height, document.width)):
            add_as_layer(document, pixels, name)
            return "layer"
        open_document(Document.from_image(np.ascontiguousarray(pixels), name=name))
        return "document"
    return place_image
