"""The pixel canvas widget (objectName ``canvas``).

It owns no document state: mouse events become tool calls in image coordinates, and document
change events (with their dirty rectangles) become partial recomposites and partial repaints.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from studio.core.document import Color, Document
from studio.core.geometry import Rect
from studio.core.tools import pick_color
from studio.ui.canvas.frame_display import FrameDisplay, checker_size_for
from studio.ui.canvas.overlays import (
    MaskTintOverlay,
    OnionSkinOverlay,
    PixelOverlay,
    ScreenOverlay,
    SelectionOverlay,
)
from studio.ui.canvas.renderer import CanvasRenderer
from studio.ui.canvas.tools import TOOLS, Button, HandTool, PickerTool, PointerEvent, Tool
from studio.ui.canvas.viewport import Viewport

WHEEL_STEP = 120
EMPTY_HINT = "Drop an image here, paste one (Ctrl+V) or start a new sprite (Ctrl+N)"
DISPLAY_CACHE_BYTES = 96 * 1024 * 1024  # cached display images of recently shown frames
PAN_PER_WHEEL_STEP = 48


class CanvasWidget(QWidget):
    cursor_moved = Signal(int, int, object)  # image x, y, colour (r, g, b, a) or None outside
    view_changed = Signal()  # zoom or pan
    colors_changed = Signal()
    tool_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(120, 120)
        self.viewport = Viewport()
        self.renderer = CanvasRenderer(self.viewport)
        self.document: Document | None = None
        self.primary: Color = (0, 0, 0, 255)
        self.secondary: Color = (255, 255, 255, 255)
        self.brush_size = 1
        self.pixel_perfect = False
        self.fill_contiguous = True
        self.active_layer = 0
        self.selection = SelectionOverlay()
        self.mask_tint = MaskTintOverlay()
        self.onion_skin = OnionSkinOverlay()
        self.pixel_overlays: list[PixelOverlay] = [self.onion_skin, self.mask_tint]
        self.screen_overlays: list[ScreenOverlay] = [self.selection]
        self.tool_name = "pencil"
        self._tools: dict[str, Tool] = {}
        self._displays: dict[int, FrameDisplay] = {}
        self._cell = checker_size_for(self.viewport.zoom)
        self._views: dict[int, tuple[float, float, float]] = {}
        self._needs_fit = False
        self._gesture: Tool | None = None
        self._panning: tuple[float, float] | None = None
        self._space = False
        self._wheel_accum = 0
        self._ants = QTimer(self)
        self._ants.setInterval(160)
        self._ants.timeout.connect(self._march)
        self._ants.start()

    # -- document ----------------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Show ``doc`` (or nothing); each document keeps its own zoom and pan."""
        if doc is self.document:
            return
        self._finish_gesture()
        if self.document is not None:
            v = self.viewport
            self._views[id(self.document)] = (v.zoom, v.ox, v.oy)
            self._disconnect(self.document)
        self.document = doc
        self._displays.clear()
        self.selection.rect = None
        self.active_layer = 0
        if doc is not None:
            kinds = [layer.kind for layer in doc.frames[doc.current_frame].layers]
            self.active_layer = max((i for i, k in enumerate(kinds) if k == "image"), default=0)
            doc.changed.connect(self._on_pixels_changed)
            doc.mask_changed.connect(self._on_pixels_changed)
            doc.structure_changed.connect(self._on_structure_changed)
            doc.current_frame_changed.connect(self._on_frame_switched)
            doc.pose_changed.connect(self._on_pose_changed)
            saved = self._views.get(id(doc))
            if saved is None:
                self._needs_fit = True
                if self.isVisible():
                    self.zoom_fit()
            else:
                self.set_view(*saved)
        self.update()
        self.view_changed.emit()

    def _disconnect(self, doc: Document) -> None:
        for sig, slot in ((doc.changed, self._on_pixels_changed),
                          (doc.mask_changed, self._on_pixels_changed),
                          (doc.structure_changed, self._on_structure_changed),
                          (doc.current_frame_changed, self._on_frame_switched),
                          (doc.pose_changed, self._on_pose_changed)):
            sig.disconnect(slot)

    def forget_document(self, doc: Document) -> None:
        """Drop the remembered view of a closed document."""
        self._views.pop(id(doc), None)
        if doc is self.document:
            self.set_document(None)

    @property
    def frame(self) -> int:
        return 0 if self.document is None else self.document.current_frame

    @property
    def layer(self) -> int:
        if self.document is None:
            return 0
        count = len(self.document.frames[self.frame].layers)
        return max(0, min(self.active_layer, count - 1))

    def display(self) -> FrameDisplay | None:
        """The cached display image of the current frame (built on first use)."""
        doc = self.document
        if doc is None:
            return None
        shown = self._displays.get(doc.current_frame)
        if shown is None:
            shown = FrameDisplay(doc, doc.current_frame, self._cell, self.pixel_overlays)
            kept, budget = {doc.current_frame: shown}, DISPLAY_CACHE_BYTES - shown.buffer.nbytes
            for index, disp in self._displays.items():  # most recently shown first
                if budget < disp.buffer.nbytes:
                    break
                kept[index] = disp
                budget -= disp.buffer.nbytes
            self._displays = kept
        return shown

    def refresh_pixels(self, rect: Rect | None = None) -> None:
        """Recomposite cached frames in ``rect`` (after a pixel overlay's data changed)."""
        for disp in self._displays.values():
            disp.refresh(rect)
        self.update() if rect is None else self._update_image_rect(rect)

    def add_pixel_overlay(self, overlay: PixelOverlay) -> None:
        self.pixel_overlays.append(overlay)
        self.refresh_pixels()

    def add_screen_overlay(self, overlay: ScreenOverlay) -> None:
        self.screen_overlays.append(overlay)
        self.update()

    def _on_pixels_changed(self, frame: int, rect: Rect) -> None:
        onion = self.onion_skin.enabled
        for index, disp in self._displays.items():
            if index == frame or (onion and abs(index - frame) == 1):
                disp.refresh(rect)
        if self.document is not None and (frame == self.frame or onion):
            self._update_image_rect(rect)

    def _on_structure_changed(self) -> None:
        self._displays.clear()
        self.update()

    def _on_frame_switched(self, _frame: int) -> None:
        self.update()

    def _on_pose_changed(self, _frame: int) -> None:
        self.update()

    def _update_image_rect(self, rect: Rect) -> None:
        if self.renderer.tiled:
            self.update()
            return
        sx, sy, sw, sh = self.viewport.image_rect_to_screen(*rect)
        self.update(QRect(math.floor(sx) - 1, math.floor(sy) - 1,
                          math.ceil(sw) + 3, math.ceil(sh) + 3))

    # -- view ------------------------------------------------------------------------------
    def set_view(self, zoom: float, ox: float, oy: float) -> None:
        self.viewport.zoom, self.viewport.ox, self.viewport.oy = zoom, ox, oy
        self._needs_fit = False
        self._view_updated()

    def zoom_fit(self) -> None:
        if self.document is not None:
            self.viewport.fit(self.width(), self.height(), *self.document.size)
            self._needs_fit = False
            self._view_updated()

    def zoom_actual(self) -> None:
        if self.document is not None:
            self.viewport.actual_size(self.width(), self.height(), *self.document.size)
            self._view_updated()

    def zoom_step(self, steps: int, anchor: QPointF | None = None) -> None:
        p = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        if self.viewport.step(steps, p.x(), p.y()):
            self._view_updated()

    def pan_by(self, dx: float, dy: float) -> None:
        self.viewport.pan(dx, dy)
        self._view_updated()

    def set_grid_visible(self, on: bool) -> None:
        self.renderer.show_grid = on
        self.update()

    def set_tiled(self, on: bool) -> None:
        self.renderer.tiled = on
        self.update()

    def set_onion_skin(self, on: bool) -> None:
        self.onion_skin.enabled = on
        self._displays.clear()
        self.update()

    def _view_updated(self) -> None:
        cell = checker_size_for(self.viewport.zoom)
        if cell != self._cell:
            self._cell = cell
            self._displays.clear()
        self.update()
        self.view_changed.emit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._needs_fit:
            self.zoom_fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._needs_fit and self.isVisible():
            self.zoom_fit()

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            self.renderer.paint(painter, event.rect(), self.display(), self.screen_overlays)
            if self.document is None:
                painter.setPen(QColor(170, 170, 178))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY_HINT)
        finally:
            painter.end()

    def _march(self) -> None:
        if self.selection.rect is not None and self.isVisible():
            self.selection.phase = (self.selection.phase + 1) % 8
            self.update()

    # -- tools -----------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        if name not in TOOLS:
            raise KeyError(f"unknown tool {name!r}; known: {', '.join(TOOLS)}")
        self._finish_gesture()
        self.tool_name = name
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
                            bool(mods & Qt.KeyboardModifier.AltModifier),
                            bool(mods & Qt.KeyboardModifier.ShiftModifier))

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
        if ev.alt and not isinstance(tool, HandTool):
            tool = self.tool("picker") if "picker" in TOOLS else PickerTool()
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
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
