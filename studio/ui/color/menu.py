"""The Colors menu: Reduce colours, Remap to palette and the clean-up actions, each opening its
preview-then-apply dialog for the current document and layer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from studio.ui.actions import make_action

if TYPE_CHECKING:  # the dialogs load the API models: imported when first opened (start-up)
    from studio.ui.color.cleanup_dialog import CleanupDialog
    from studio.ui.color.reduce_dialog import ReduceColorsDialog

CLEANUP_ACTIONS = [
    ("cleanup.unzoom", "&Unzoom / grid snap…", "unzoom", "Ctrl+Alt+U"),
    ("cleanup.remove_background", "Remove &background…", "remove_background", "Ctrl+Alt+B"),
    ("cleanup.resize", "Re&size (redraw)…", "resize", None),
    ("cleanup.outline", "&Outline…", "outline", "Ctrl+Alt+O"),
    ("cleanup.orphans", "Remove or&phan pixels…", "orphans", None),
]


def set_service(window: Any, queue: Any, library: Any) -> None:
    """Called once the backend is ready: the clean-up dialogs may then offer PixelLab."""
    from studio.ui.color.service_jobs import ServiceAccess

    window.color_service = ServiceAccess(queue, library)


def build_colors_menu(window: Any, bar: QMenuBar) -> dict[str, QAction]:
    menu: QMenu = bar.addMenu("Colo&rs")
    menu.setObjectName("menu.colors")
    actions: dict[str, QAction] = {}
    reduce = make_action(window, "&Reduce colours…", lambda: open_reduce(window), "Ctrl+Alt+R",
                         "Reduce to N colours or the palette, with dithering",
                         name="colors.reduce")
    menu.addAction(reduce)
    actions["colors.reduce"] = reduce
    menu.addSeparator()
    for name, text, op, shortcut in CLEANUP_ACTIONS:
        action = make_action(window, text, lambda o=op: open_cleanup(window, o), shortcut,
                             name=name)
        menu.addAction(action)
        actions[name] = action
    return actions


def _target(window: Any) -> tuple[Any, int] | None:
    doc = window.current_document()
    if doc is None:
        window.statusBar().showMessage("Open or create a sprite first.", 5000)
        return None
    return doc, window.canvas.layer


def open_reduce(window: Any) -> ReduceColorsDialog | None:
    from studio.ui.color.reduce_dialog import ReduceColorsDialog

    target = _target(window)
    if target is None:
        return None
    dialog = ReduceColorsDialog(*target, parent=window)
    dialog.applied.connect(lambda n: window.statusBar().showMessage(
        f"Colours reduced: the sprite now uses {n} colours.", 8000))
    dialog.open()
    return dialog


def open_cleanup(window: Any, op: str) -> CleanupDialog | None:
    from studio.ui.color.cleanup_dialog import CleanupDialog

    target = _target(window)
    if target is None:
        return None
    dialog = CleanupDialog(*target, op, lambda: window.canvas.primary,
                           getattr(window, "color_service", None), parent=window)
    dialog.applied.connect(lambda text: window.statusBar().showMessage(text, 8000))
    dialog.open()
    return dialog
