"""The Edit menu's clipboard and transform entries and the Select menu (Aseprite shortcuts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from studio.ui.edit_actions import EditController


class EditMenuHost(Protocol):
    edit: EditController

    def paste(self, as_document: bool = False) -> bool: ...


def build_edit_menu(w: EditMenuHost, edit: QMenu, select: QMenu, add: Callable) -> None:
    e = w.edit
    add(edit, "cut", "Cu&t", e.cut, QKeySequence.StandardKey.Cut,
        "Cut the selected pixels to the clipboard", obj="edit.cut")
    add(edit, "copy", "&Copy", e.copy, QKeySequence.StandardKey.Copy,
        "Copy the selected pixels (or the layer) to the clipboard as PNG", obj="edit.copy")
    add(edit, "paste", "&Paste", e.paste_in_place, "Ctrl+V",
        "Paste the clipboard image in place; Enter applies, Esc cancels", obj="edit.paste")
    add(edit, "paste_layer", "Paste as new &layer", e.paste_as_layer, "Ctrl+Alt+V",
        "Paste the clipboard image as a new layer", obj="edit.paste_layer")
    add(edit, "paste_document", "Paste as new &document", lambda: w.paste(as_document=True),
        "Ctrl+Shift+V")
    add(edit, "delete", "&Delete", e.delete, ["Del", "Backspace"],
        "Clear the selected pixels", obj="edit.delete")
    edit.addSeparator()
    add(edit, "flip_h", "Flip &horizontally", lambda: e.flip(True), "Shift+H",
        "Flip the selection (or layer); Enter applies, Esc cancels", obj="edit.flip_h")
    add(edit, "flip_v", "Flip &vertically", lambda: e.flip(False), "Shift+V",
        "Flip the selection (or layer) upside down; Enter applies, Esc cancels",
        obj="edit.flip_v")
    add(edit, "rotate_cw", "Rotate 90° clockwise", lambda: e.rotate(1), None,
        "Turn the selection (or layer) a quarter clockwise", obj="edit.rotate_cw")
    add(edit, "rotate_ccw", "Rotate 90° counter-clockwise", lambda: e.rotate(3), None,
        "Turn the selection (or layer) a quarter counter-clockwise", obj="edit.rotate_ccw")
    add(edit, "rotate_180", "Rotate 180°", lambda: e.rotate(2), None,
        "Turn the selection (or layer) upside down", obj="edit.rotate_180")
    add(select, "select_all", "Select &all", e.select_all, "Ctrl+A", obj="select.all")
    add(select, "deselect", "&Deselect", e.select_none, "Ctrl+D", obj="select.none")
    add(select, "invert", "&Invert selection", e.select_invert, "Ctrl+Shift+I",
        obj="select.invert")
