"""The Image menu: canvas size, scale sprite, flip and rotate the whole document, crop to
the selection, trim to the content. Each change is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QMenu, QMenuBar

from studio.core.document.image_edits import anchor_offset
from studio.ui.image_dialogs import CanvasSizeDialog, ScaleDialog

if TYPE_CHECKING:
    from studio.core.document.document import Document
    from studio.ui.canvas.widget import CanvasWidget


class ImageMenuHost(Protocol):
    canvas: CanvasWidget

    def current_document(self) -> Document | None: ...
    def show_error(self, title: str, text: str) -> Any: ...
    def show_info(self, title: str, text: str) -> Any: ...


def build_image_menu(w: ImageMenuHost, bar: QMenuBar, add: Callable) -> QMenu:
    m = bar.addMenu("&Image")
    add(m, "canvas_size", "&Canvas size…", lambda: ask_canvas_size(w), "Ctrl+Alt+C",
        "Change the canvas size, keeping the image at a side or corner",
        obj="image.canvas_size")
    add(m, "scale", "&Scale sprite…", lambda: ask_scale(w), "Ctrl+Alt+I",
        "Scale every frame by nearest neighbour", obj="image.scale")
    m.addSeparator()
    add(m, "image_flip_h", "Flip image &horizontally", lambda: edit(w, "flip_image", True),
        None, "Mirror every frame left to right", obj="image.flip_h")
    add(m, "image_flip_v", "Flip image &vertically", lambda: edit(w, "flip_image", False),
        None, "Mirror every frame top to bottom", obj="image.flip_v")
    add(m, "image_rotate_cw", "Rotate image 90° clockwise", lambda: edit(w, "rotate_image", 1),
        None, obj="image.rotate_cw")
    add(m, "image_rotate_ccw", "Rotate image 90° counter-clockwise",
        lambda: edit(w, "rotate_image", 3), None, obj="image.rotate_ccw")
    add(m, "image_rotate_180", "Rotate image 180°", lambda: edit(w, "rotate_image", 2), None,
        obj="image.rotate_180")
    m.addSeparator()
    add(m, "crop_selection", "C&rop to selection", lambda: crop_to_selection(w), None,
        "Cut the canvas down to the selection's box", obj="image.crop_selection")
    add(m, "trim", "&Trim", lambda: trim(w), None,
        "Cut away the transparent border around every frame's content", obj="image.trim")
    return m


def _document(w: ImageMenuHost) -> Document | None:
    doc = w.current_document()
    if doc is None:
        w.show_info("No sprite", "Open or create a sprite first.")
        return None
    w.canvas.transform.commit()
    return doc


def edit(w: ImageMenuHost, method: str, *args: Any) -> bool:
    doc = _document(w)
    if doc is None:
        return False
    try:
        getattr(doc, method)(*args)
    except ValueError as exc:
        w.show_error("Cannot change the image", str(exc))
        return False
    w.canvas.selection.selection = None
    w.canvas.zoom_fit()
    return True


def ask_canvas_size(w: ImageMenuHost) -> CanvasSizeDialog | None:
    doc = _document(w)
    if doc is None:
        return None
    dialog = CanvasSizeDialog(doc.width, doc.height, w.canvas.window())

    def done() -> None:
        size = dialog.size()
        edit(w, "resize_canvas", *size, *anchor_offset(doc.size, size, dialog.anchor))

    dialog.accepted.connect(done)
    dialog.open()
    return dialog


def ask_scale(w: ImageMenuHost) -> ScaleDialog | None:
    doc = _document(w)
    if doc is None:
        return None
    dialog = ScaleDialog(doc.width, doc.height, w.canvas.window())
    dialog.accepted.connect(lambda: edit(w, "scale_image", *dialog.target()))
    dialog.open()
    return dialog


def crop_to_selection(w: ImageMenuHost) -> bool:
    rect = w.canvas.selection.rect
    if rect is None:
        w.show_info("Nothing selected", "Select the area to keep first (M, Q or W).")
        return False
    return edit(w, "crop_image", rect)


def trim(w: ImageMenuHost) -> bool:
    doc = _document(w)
    if doc is None:
        return False
    if doc.content_bounds() is None:
        w.show_info("Nothing to trim", "Every frame is empty, so there is no content to keep.")
        return False
    return edit(w, "trim_image")
