"""Pointer, wheel and key input of the canvas: tools, colours, panning, brush outline.

Mixed into ``CanvasWidget``; everything here turns Qt events into tool calls in image
coordinates (see ``tools.py``) or view changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent

from studio.core.document.document import Color
from studio.core.document.geometry import Rect
from studio.core.painting.pixels import pick_color
from studio.ui.canvas.tool_table import TOOLS
from studio.ui.canvas.tools import Button, PickerTool, PointerEvent, Tool

WHEEL_STEP = 120
PAN_PER_WHEEL_STEP = 48
BRUSH_TOOLS = {"pencil", "eraser", "line", "rectangle", "ellipse"}
PIXEL_TOOLS = BRUSH_TOOLS | {"fill", "move"}  # tools that change the active layer's pixels
ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
          Qt.Key.Key_Down: (0, 1)}
COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CanvasInputMixin:
    # -- tools -----------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        if name not in TOOLS:
            raise KeyError(f"unknown tool {name!r}; known: {', '.join(TOOLS)}")
        self._finish_gesture()
        self.tool_name = name
        self.selection.show_handles = name == "move"
        self.update()
        self.setCursor(getattr(Qt.CursorShape, self.tool().cursor))
        self.tool_changed.emit(name)

    def tool(self, name: str | None = None) -> Tool:
        name = name or self.tool_name
        if name not in self._tools:
            self._tools[name] = TOOLS[name].factory()
        return self._tools[name]

    def set_color(self, slot: Button, color: Color) -> None:
        if slot == "primary":
            self.primary = tuple(color)  # type: ignore[assignment]
        else:
            self.secondary = tuple(color)  # type: ignore[assignment]
        self.colors_changed.emit()

    def swap_colors(self) -> None:
        self.primary, self.secondary = self.secondary, self.primary
        self.colors_changed.emit()

    def _pointer(self, event: QMouseEvent, button: Button) -> PointerEvent:
        pos = event.position()
        x, y = self.viewport.pixel_at(pos.x(), pos.y())
        mods = event.modifiers()
        return PointerEvent(x, y, pos.x(), pos.y(), button,
                            alt=bool(mods & Qt.KeyboardModifier.AltModifier),
                            shift=bool(mods & Qt.KeyboardModifier.ShiftModifier),
                            ctrl=bool(mods & Qt.KeyboardModifier.ControlModifier))

    def _finish_gesture(self) -> None:
        if self._gesture is not None:
            self._gesture.cancel(self)
            self._gesture = None
        self._panning = None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        button = event.button()
        pos = event.position()
        if button == Qt.MouseButton.MiddleButton or (
                self._space and button == Qt.MouseButton.LeftButton):
            self._panning = (pos.x(), pos.y())
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if self.document is None or button not in (Qt.MouseButton.LeftButton,
                                                   Qt.MouseButton.RightButton):
            return
        self._finish_gesture()
        slot: Button = "primary" if button == Qt.MouseButton.LeftButton else "secondary"
        ev = self._pointer(event, slot)
        tool = self.tool()
        if ev.alt and getattr(tool, "alt_picks_colour", True):
            tool = self.tool("picker") if "picker" in TOOLS else PickerTool()
        elif self.tool_name in PIXEL_TOOLS and self.layer_locked():
            return
        self._gesture = tool
        self._gesture_button = slot
        try:
            tool.press(self, ev)
        except (ValueError, IndexError):
            self._gesture = None
            raise

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        if self._panning is not None:
            self.pan_by(pos.x() - self._panning[0], pos.y() - self._panning[1])
            self._panning = (pos.x(), pos.y())
            return
        ev = self._pointer(event, getattr(self, "_gesture_button", "primary"))
        if self._gesture is not None:
            self._gesture.move(self, ev)
        self._report_cursor(ev.x, ev.y)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._panning is not None:
            self._panning = None
            self.setCursor(Qt.CursorShape.OpenHandCursor if self._space
                           else getattr(Qt.CursorShape, self.tool().cursor))
            return
        if self._gesture is not None:
            gesture, self._gesture = self._gesture, None
            gesture.release(self, self._pointer(event, self._gesture_button))
            self.update()

    def _report_cursor(self, x: int, y: int) -> None:
        doc = self.document
        color = None if doc is None else pick_color(doc, self.frame, x, y)
        self.cursor_moved.emit(x, y, color)
        brush = self.tool_name in BRUSH_TOOLS and doc is not None and not self._space
        half = self.brush_size // 2
        self._set_brush_cursor(Rect(x - half, y - half, self.brush_size, self.brush_size)
                               if brush else None)

    def _set_brush_cursor(self, rect: Rect | None) -> None:
        old = self.brush_cursor.rect
        if old == rect:
            return
        self.brush_cursor.rect = rect
        for r in (old, rect):
            if r is not None:
                self._update_image_rect(r)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._set_brush_cursor(None)
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        mods = event.modifiers()
        trackpad = event.phase() != Qt.ScrollPhase.NoScrollPhase
        if trackpad and not event.pixelDelta().isNull() and not (
                mods & Qt.KeyboardModifier.ControlModifier):
            d = event.pixelDelta()
            self.pan_by(d.x(), d.y())
            return
        delta = event.angleDelta()
        if mods & Qt.KeyboardModifier.ShiftModifier:
            amount = delta.y() or delta.x()
            self.pan_by(amount / WHEEL_STEP * PAN_PER_WHEEL_STEP, 0)
            return
        if mods & Qt.KeyboardModifier.ControlModifier:
            self.pan_by(0, delta.y() / WHEEL_STEP * PAN_PER_WHEEL_STEP)
            return
        self._wheel_accum += delta.y()
        steps = int(self._wheel_accum / WHEEL_STEP)
        if steps:
            self._wheel_accum -= steps * WHEEL_STEP
            self.zoom_step(steps, event.position())
        event.accept()

    def _transform_key(self, event: QKeyEvent) -> bool:
        """Keys of a transform: arrows move the selection (Shift: 10 px), Enter applies,
        Esc cancels. True when the key belongs to one."""
        key, mods = event.key(), event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.AltModifier
                             | Qt.KeyboardModifier.ControlModifier))
        if key in ARROWS and plain and self.document is not None and (
                self.transform.active or self.selection.selection is not None):
            return True
        return key in (*COMMIT_KEYS, Qt.Key.Key_Escape) and self.transform.active

    def event(self, event: QEvent) -> bool:  # noqa: D102
        if event.type() == QEvent.Type.ShortcutOverride and self._transform_key(event):
            event.accept()  # the key comes to keyPressEvent instead of a menu shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._transform_key(event):
            key = event.key()
            if key in ARROWS:
                step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
                dx, dy = ARROWS[key]
                self.transform.nudge(dx * step, dy * step)
            elif key in COMMIT_KEYS:
                self.transform.commit()
            else:
                self.transform.cancel()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.setCursor(getattr(Qt.CursorShape, self.tool().cursor))
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._space = False
        super().focusOutEvent(event)

