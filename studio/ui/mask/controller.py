"""MaskController: the mask mode of one canvas (settings, keys, overlay, commands).

It attaches ``mask_settings`` and ``mask_preview`` to the canvas (the mask tools read them),
handles [ and ] while a mask tool is active, shows the brush outline under the cursor, and
runs the whole-mask commands on the shown frame as single undo steps. The tint itself is the
canvas' ``mask_tint`` overlay; the mask lives in ``Frame.mask`` (saved with the project).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent

from studio.core.document.geometry import Rect
from studio.core.painting import mask_stroke as mask_edit
from studio.core.painting.mask_settings import MaskSettings
from studio.ui.canvas.widget import CanvasWidget
from studio.ui.mask import tools as _tools  # noqa: F401  (registers the mask tools)
from studio.ui.mask.preview import MaskPreviewOverlay
from studio.ui.panels.qt_life import connect_alive

COMMANDS = ("invert", "clear", "grow", "shrink", "from_selection", "from_transparency")


class MaskController(QObject):
    message = Signal(str)  # a command could not run (no document, no selection, ...)

    def __init__(self, canvas: CanvasWidget, settings: MaskSettings | None = None) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.settings = settings or MaskSettings()
        self.preview = MaskPreviewOverlay(self.settings, canvas.viewport, self._update)
        canvas.mask_controller = self  # type: ignore[attr-defined]
        canvas.mask_settings = self.settings  # type: ignore[attr-defined]
        canvas.mask_preview = self.preview  # type: ignore[attr-defined]
        canvas.add_screen_overlay(self.preview)
        canvas.installEventFilter(self)
        canvas.cursor_moved.connect(self._on_cursor)
        canvas.tool_changed.connect(self._on_tool)
        connect_alive(self.settings.changed, self, "_on_settings")
        self._on_tool(canvas.tool_name)

    @classmethod
    def of(cls, canvas: CanvasWidget) -> MaskController:
        """The canvas' controller, created on first use (one per canvas: one set of keys). It
        adopts the brush settings the window restored from the last session, if any."""
        existing = getattr(canvas, "mask_controller", None)
        if isinstance(existing, cls):
            return existing
        restored = getattr(canvas, "mask_settings", None)
        return cls(canvas, restored if isinstance(restored, MaskSettings) else None)

    # -- view ------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        """True while a mask tool is the canvas tool."""
        return self.canvas.tool_name.startswith("mask.")

    def _update(self, region: QRect | None) -> None:
        self.canvas.update() if region is None else self.canvas.update(region)

    def _on_cursor(self, x: int, y: int, _color: object) -> None:
        self.preview.set_hover(x, y)

    def _on_tool(self, name: str) -> None:
        self.preview.show_brush = name in ("mask.brush", "mask.eraser")
        self.canvas.update()

    def _on_settings(self) -> None:
        if self.preview.show_brush:
            self.canvas.update()

    def set_tint_visible(self, on: bool) -> None:
        self.canvas.mask_tint.enabled = on
        self.canvas.refresh_pixels()

    def set_tint_opacity(self, value: int) -> None:
        """Tint strength 0..255."""
        self.canvas.mask_tint.opacity = max(0, min(255, int(value)))
        if self.canvas.mask_tint.enabled:
            self.canvas.refresh_pixels()

    # -- keys ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.canvas and event.type() == QEvent.Type.KeyPress and self.active:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_BracketLeft:
                self.settings.step_size(-1)
                return True
            if key == Qt.Key.Key_BracketRight:
                self.settings.step_size(1)
                return True
        return super().eventFilter(watched, event)

    # -- commands --------------------------------------------------------------------------
    def run(self, command: str) -> Rect | None:
        """Run a whole-mask command on the shown frame; problems become ``message``."""
        if command not in COMMANDS:
            raise KeyError(f"unknown mask command {command!r}")
        doc = self.canvas.document
        if doc is None:
            self.message.emit("Open a sprite first: the mask belongs to a frame.")
            return None
        frame = self.canvas.frame
        actions: dict[str, Callable[[], Rect]] = {
            "invert": lambda: mask_edit.invert(doc, frame),
            "clear": lambda: mask_edit.clear(doc, frame),
            "grow": lambda: mask_edit.grow(doc, frame),
            "shrink": lambda: mask_edit.shrink(doc, frame),
            "from_selection": lambda: mask_edit.from_selection(doc, frame,
                                                               self.canvas.selection.rect),
            "from_transparency": lambda: mask_edit.from_transparency(doc, frame),
        }
        try:
            return actions[command]()
        except ValueError as exc:
            self.message.emit(f"Mask: {exc}")
            return None
