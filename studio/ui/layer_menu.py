"""The Layer menu: new, duplicate, merge down, delete, and a reference image layer (shown
over or under the sprite at an opacity; never exported, never sent to the service)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar

from studio.core.fileio.image_files import read_file_bytes
from studio.core.fileio.imaging import MAX_PIXELS, decode_rgba

if TYPE_CHECKING:
    from studio.core.document.document import Document
    from studio.ui.canvas.widget import CanvasWidget
    from studio.ui.layers_panel import LayersPanel

REFERENCE_FILTER = "Images (*.png *.gif *.webp *.jpg *.jpeg *.bmp)"
REFERENCE_FORMATS = ("PNG", "GIF", "WEBP", "JPEG", "BMP")  # photos are fine to trace from
MAX_REFERENCE_BYTES = 64 * 1024 * 1024


class LayerMenuHost(Protocol):
    canvas: CanvasWidget
    layers_panel: LayersPanel

    def current_document(self) -> Document | None: ...
    def show_error(self, title: str, text: str) -> Any: ...


def build_layer_menu(w: LayerMenuHost, bar: QMenuBar, add: Callable) -> QMenu:
    panel = w.layers_panel
    m = bar.addMenu("&Layer")
    add(m, "layer_new", "&New layer", panel.add_layer, "Ctrl+Shift+N",
        "Add an empty layer above the selected one", obj="layer.new")
    add(m, "layer_duplicate", "&Duplicate layer", panel.duplicate_layer, "Ctrl+Shift+D",
        obj="layer.duplicate")
    add(m, "layer_merge_down", "&Merge down", panel.merge_down, "Ctrl+E",
        "Blend the selected layer into the one below", obj="layer.merge_down")
    add(m, "layer_delete", "De&lete layer", panel.delete_layer, None, obj="layer.delete")
    m.addSeparator()
    add(m, "layer_reference", "Add &reference image…", lambda: ask_reference(w), None,
        "Show an image under the sprite to trace from; it is never exported or sent",
        obj="layer.reference")
    return m


def ask_reference(w: LayerMenuHost) -> QFileDialog | None:
    if w.current_document() is None:
        w.show_error("No sprite", "Open or create a sprite first, then add a reference image.")
        return None
    dialog = QFileDialog(w.canvas.window(), "Reference image", str(Path.home()),
                         REFERENCE_FILTER)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(lambda path: add_reference(w, path))
    dialog.open()
    return dialog


def add_reference(w: LayerMenuHost, path: str | Path, over: bool = False,
                  opacity: float = 0.5) -> bool:
    """Read an image file and put it in every frame as a reference layer (one undo step)."""
    doc = w.current_document()
    if doc is None:
        return False
    try:
        pixels = decode_rgba(read_file_bytes(Path(path), MAX_REFERENCE_BYTES),
                             REFERENCE_FORMATS, MAX_PIXELS)
    except (OSError, ValueError) as exc:
        w.show_error("Cannot use that image as a reference",
                     f"{Path(path).name}: {exc}. Choose a PNG, GIF, WebP, JPEG or BMP image.")
        return False
    doc.add_reference_layer(pixels, name=f"Reference: {Path(path).stem}", over=over,
                            opacity=opacity)
    if not over:  # the reference went under everything: keep drawing on the same layer
        w.canvas.active_layer += 1
    w.layers_panel.refresh()
    return True
