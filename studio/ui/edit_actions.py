"""Edit and Select menu work on the canvas: copy, cut, paste (in place, as a new layer),
delete, select all / none / invert, and flipping or turning the selection.

The system clipboard carries PNG both ways ("image/png" with exact alpha, plus a plain image
for other programs). Every document change is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from studio.core.fileio.imaging import encode_png
from studio.core.selection.floating import lift
from studio.core.selection.region import Selection, invert, select_all
from studio.ui.qt_images import pixels_from_mime, rgba_to_qimage

if TYPE_CHECKING:
    from studio.core.document.document import Document
    from studio.ui.canvas.widget import CanvasWidget


class EditHost(Protocol):
    """What the edit actions need of the main window."""

    canvas: CanvasWidget
    files: Any  # FileController (paste_as_layer)

    def current_document(self) -> Document | None: ...
    def show_error(self, title: str, text: str) -> Any: ...
    def paste(self, as_document: bool = False) -> bool: ...


class EditController:
    def __init__(self, window: EditHost) -> None:
        self.window = window
        self._copied: tuple[int, tuple[int, int]] | None = None  # (hash of pixels, origin)

    @property
    def canvas(self):
        return self.window.canvas

    # -- clipboard -------------------------------------------------------------------------
    def copied_pixels(self) -> tuple[np.ndarray, tuple[int, int]] | None:
        """The selected pixels of the active layer (all of it without a selection), or the
        floating pixels, with their top-left corner."""
        canvas, doc = self.canvas, self.window.current_document()
        if doc is None:
            return None
        floating = canvas.transform.floating
        if floating is not None:
            return floating.image().copy(), (floating.rect.x, floating.rect.y)
        sel = canvas.selection.selection or Selection(doc.bounds)
        lifted = lift(doc, doc.current_frame, canvas.layer, sel)
        return lifted.base, (lifted.rect.x, lifted.rect.y)

    def copy(self) -> bool:
        got = self.copied_pixels()
        if got is None:
            return False
        pixels, origin = got
        mime = QMimeData()
        mime.setData("image/png", encode_png(pixels))
        mime.setImageData(rgba_to_qimage(pixels))
        QGuiApplication.clipboard().setMimeData(mime)
        self._copied = (_digest(pixels), origin)
        return True

    def cut(self) -> bool:
        return self.copy() and self.delete(label="Cut")

    def paste_in_place(self) -> bool:
        """Float the clipboard image over the active layer: where it was copied from when it
        came from here, else at the selection's corner (or the top-left); Enter applies."""
        doc = self.window.current_document()
        if doc is None:
            return self.window.paste(as_document=True)
        pixels = self._clipboard_pixels()
        if pixels is None:
            return False
        at = (0, 0)
        if self._copied is not None and self._copied[0] == _digest(pixels):
            at = self._copied[1]
        elif self.canvas.selection.rect is not None:
            at = tuple(self.canvas.selection.rect[:2])
        if self.canvas.tool_name not in ("move",):
            self.canvas.set_tool("move")
        self.canvas.transform.begin_pasted(pixels, at)
        return self.canvas.transform.active

    def paste_as_layer(self) -> bool:
        doc = self.window.current_document()
        if doc is None:
            return self.window.paste(as_document=True)
        pixels = self._clipboard_pixels()
        if pixels is None:
            return False
        self.canvas.transform.commit()
        self.window.files.paste_as_layer(doc, pixels)
        return True

    def _clipboard_pixels(self) -> np.ndarray | None:
        from studio.ui.file_actions import FILE_ERRORS

        try:
            return pixels_from_mime(QGuiApplication.clipboard().mimeData())
        except FILE_ERRORS as exc:
            self.window.show_error("Nothing to paste", str(exc))
            return None

    def delete(self, label: str = "Delete") -> bool:
        """Clear the selected pixels of the active layer (or drop the floating ones)."""
        canvas, doc = self.canvas, self.window.current_document()
        if doc is None:
            return False
        t = canvas.transform
        if not t.active and (canvas.selection.selection is None or not t.begin()):
            return False
        assert t.floating is not None
        t.floating.base = np.zeros_like(t.floating.base)
        t.commit(label)
        canvas.selection.selection = None
        return True

    # -- selection -------------------------------------------------------------------------
    def select_all(self) -> None:
        self._set_selection(lambda w, h, _old: select_all(w, h))

    def select_none(self) -> None:
        self._set_selection(lambda _w, _h, _old: None)

    def select_invert(self) -> None:
        self._set_selection(lambda w, h, old: invert(old, w, h))

    def _set_selection(self, make) -> None:
        doc = self.window.current_document()
        if doc is None:
            return
        self.canvas.transform.commit()
        sel = self.canvas.selection
        sel.selection = make(doc.width, doc.height, sel.selection)
        self.canvas.update()

    # -- transforms of the selection -------------------------------------------------------
    def flip(self, horizontal: bool) -> None:
        if self.window.current_document() is not None:
            self.canvas.transform.flip(horizontal)

    def rotate(self, quarter_turns_cw: int) -> None:
        if self.window.current_document() is not None:
            self.canvas.transform.rotate(quarter_turns_cw)


def _digest(pixels: np.ndarray) -> int:
    return hash((pixels.shape, pixels.tobytes()))
