"""Aseprite's view and brush keys: ``1``..``6`` zoom to 100..3200 %, ``0`` fits, ``[`` / ``]``
change the size of whichever sized tool is active (pencil, eraser, shapes, mask brush), and Tab
hides the panels while the canvas has focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QSpinBox, QToolBar, QWidget

from studio.core.painting.pixels import stepped_brush_size
from studio.ui.canvas.widget import CanvasWidget

ZOOM_KEYS = {"1": 1, "2": 2, "3": 4, "4": 8, "5": 16, "6": 32}
SIZED_TOOLS = ("pencil", "eraser", "line", "rectangle", "ellipse")


class ViewKeysHost(Protocol):
    canvas: CanvasWidget

    def findChildren(self, kind: type) -> list: ...  # noqa: N802
    def findChild(self, kind: type, name: str) -> QWidget | None: ...  # noqa: N802


def build_view_keys(w: ViewKeysHost, view: QMenu, add: Callable) -> None:
    canvas = w.canvas
    for key, factor in ZOOM_KEYS.items():
        add(view, f"zoom_{factor}00", f"Zoom {factor * 100}%",
            lambda f=factor: canvas.zoom_to(f), key, obj=f"view.zoom_{factor * 100}")
    view.addSeparator()
    add(view, "brush_smaller", "Smaller brush", lambda: step_brush(w, -1), "[",
        "Make the active tool's brush smaller", obj="tool.size_down")
    add(view, "brush_bigger", "Bigger brush", lambda: step_brush(w, 1), "]",
        "Make the active tool's brush bigger", obj="tool.size_up")
    hide = add(view, "hide_panels", "Hide &panels", lambda on: set_panels_hidden(w, on), "Tab",
               "Hide or show every panel around the canvas", checkable=True,
               obj="view.hide_panels")
    # Tab moves the focus in forms: only the canvas takes it as "hide panels"
    hide.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    canvas.addAction(hide)


def step_brush(w: ViewKeysHost, steps: int) -> None:
    canvas = w.canvas
    mask = getattr(canvas, "mask_settings", None)
    if canvas.tool_name.startswith("mask.") and mask is not None:
        mask.step_size(steps)
        return
    spin = w.findChild(QSpinBox, "tool.size")
    size = stepped_brush_size(canvas.brush_size, steps)
    if spin is not None:
        spin.setValue(size)  # the spin box sets the canvas' brush size
    else:
        canvas.brush_size = size


def set_panels_hidden(w: ViewKeysHost, hidden: bool) -> None:
    """Hide every visible dock and the options bar; showing brings back the same ones."""
    widgets = [*w.findChildren(QDockWidget),
               *[b for b in w.findChildren(QToolBar) if b.objectName() == "toolbar.options"]]
    if hidden:
        shown = [x for x in widgets if x.isVisible()]
        for x in shown:
            x.hide()
        w.canvas.setProperty("hidden_panels", [x.objectName() for x in shown])
        return
    names = w.canvas.property("hidden_panels") or []
    for x in widgets:
        if x.objectName() in names:
            x.show()
    w.canvas.setFocus()
