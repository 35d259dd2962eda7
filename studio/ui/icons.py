"""Tool icons from the Material Design Icons set that qtawesome bundles (Apache 2.0 fonts).

``tool_icon(name)`` returns an empty icon for a tool without one (or if qtawesome cannot load),
so the tool bar falls back to its text.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QGuiApplication, QIcon, QPalette

os.environ.setdefault("QT_API", "pyside6")  # qtawesome reaches Qt through QtPy

log = logging.getLogger(__name__)

TOOL_ICONS = {
    "pencil": "mdi6.pencil",
    "eraser": "mdi6.eraser",
    "fill": "mdi6.format-color-fill",
    "picker": "mdi6.eyedropper",
    "line": "mdi6.vector-line",
    "rectangle": "mdi6.rectangle-outline",
    "ellipse": "mdi6.ellipse-outline",
    "select": "mdi6.select",
    "lasso": "mdi6.lasso",
    "wand": "mdi6.auto-fix",
    "move": "mdi6.cursor-move",
    "hand": "mdi6.hand-back-right-outline",
    "joints": "mdi6.human-handsup",
    "mask.brush": "mdi6.brush",
    "mask.eraser": "mdi6.eraser-variant",
    "mask.fill": "mdi6.format-color-fill",
    "mask.rect": "mdi6.selection",
    "mask.lasso": "mdi6.lasso",
}


def icon(name: str) -> QIcon:
    """A qtawesome icon by its ``set.name`` in the theme's text colour (empty when
    unavailable)."""
    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    try:
        import qtawesome  # noqa: PLC0415 - loads its fonts; only once the app exists

        return qtawesome.icon(name, color=text, color_active=text, color_disabled=disabled)
    except Exception as exc:  # a missing font or Qt binding must not stop the window
        log.warning("icon %s unavailable: %s", name, exc)
        return QIcon()


def tool_icon(tool: str) -> QIcon:
    name = TOOL_ICONS.get(tool) or TOOL_ICONS.get(tool.rpartition(".")[2])
    return icon(name) if name else QIcon()
