"""Editor preferences kept between sessions (QSettings ``prefs/...``): the pixel grid, the
tool options of the options bar (brush size, pixel perfect, fills, shape fill, wand) and the
mask brush (size and tip).

Window geometry, dock layout and recent files are kept by the window and the file actions;
the export folder by the export actions."""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QSpinBox, QWidget

from studio.core.painting.mask_settings import MaskSettings
from studio.ui.canvas.widget import CanvasWidget

# objectName of the options-bar widget -> kind of value
TOOL_OPTIONS = {"tool.size": int, "tool.pixel_perfect": bool, "tool.contiguous": bool,
                "tool.filled": bool, "tool.tolerance": int, "tool.wand_contiguous": bool}


class PreferencesHost(Protocol):
    settings: QSettings
    canvas: CanvasWidget

    def findChild(self, kind: type, name: str) -> Any: ...  # noqa: N802


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def save_preferences(w: PreferencesHost) -> None:
    s = w.settings
    s.setValue("prefs/grid", w.canvas.renderer.show_grid)
    for name in TOOL_OPTIONS:
        widget = w.findChild(QWidget, name)
        if isinstance(widget, QSpinBox):
            s.setValue(f"prefs/{name}", widget.value())
        elif isinstance(widget, QAbstractButton):
            s.setValue(f"prefs/{name}", widget.isChecked())
    mask = getattr(w.canvas, "mask_settings", None)
    if isinstance(mask, MaskSettings):
        s.setValue("prefs/mask.size", mask.size)
        s.setValue("prefs/mask.shape", mask.shape)


def restore_preferences(w: PreferencesHost) -> None:
    s = w.settings
    grid = s.value("prefs/grid")
    action = w.findChild(QAction, "action.grid")
    if grid is not None and action is not None:
        action.setChecked(_bool(grid))
    for name, kind in TOOL_OPTIONS.items():
        value = s.value(f"prefs/{name}")
        widget = w.findChild(QWidget, name)
        if value is None or widget is None:
            continue
        try:
            if kind is int and isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QAbstractButton):
                widget.setChecked(_bool(value))
        except (TypeError, ValueError):
            continue  # a hand-edited settings file: keep the default
    _restore_mask_brush(w)


def _restore_mask_brush(w: PreferencesHost) -> None:
    """The mask brush of the last session, for the mask controller to adopt when the AI
    panels are set up (it does not exist yet when the window restores its preferences)."""
    size, shape = w.settings.value("prefs/mask.size"), w.settings.value("prefs/mask.shape")
    if size is None and shape is None:
        return
    restored = MaskSettings()
    with contextlib.suppress(TypeError, ValueError):  # a hand-edited file: keep the default
        restored.size = int(size)  # type: ignore[arg-type]
    with contextlib.suppress(TypeError, ValueError):
        restored.shape = str(shape) if shape is not None else restored.shape
    current = getattr(w.canvas, "mask_settings", None)
    if isinstance(current, MaskSettings):  # already in use: change it in place
        current.size, current.shape = restored.size, restored.shape
    else:
        w.canvas.mask_settings = restored  # type: ignore[attr-defined]
