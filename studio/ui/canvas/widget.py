"""The pixel canvas widget (objectName ``canvas``).

It owns no document state: mouse events become tool calls in image coordinates, and document
change events (with their dirty rectangles) become partial recomposites and partial repaints.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from studio.core.document.document import Color, Document
from studio.core.document.geometry import Rect
from studio.core.painting.shapes import Symmetry
from studio.ui.canvas.canvas_input import CanvasInputMixin
from studio.ui.canvas.frame_display import FrameDisplay, checker_size_for
from studio.ui.canvas.overlays import (
    BrushCursorOverlay,
    MaskTintOverlay,
    OnionSkinOverlay,
    PixelOverlay,
    ScreenOverlay,
)
from studio.ui.canvas.renderer import CanvasRenderer
from studio.ui.canvas.selection_overlay import SelectionOverlay, ToolPreviewOverlay
from studio.ui.canvas.tools import Tool
from studio.ui.canvas.transform import TransformController
from studio.ui.canvas.viewport import Viewport

EMPTY_HINT = "Drop an image here, paste one (Ctrl+V) or start a new sprite (Ctrl+N)"
DISPLAY_CACHE_BYTES = 96 * 1024 * 1024  # cached display images of recently shown frames


class CanvasWidget(CanvasInputMixin, QWidget):
    cursor_moved = Signal(int, int, object)  # image x, y, colour (r, g, b, a) or None outside
    view_changed = Signal()  # zoom or pan
    colors_changed = Signal()
    tool_changed = Signal(str)
    refused = Signal(str)  # a plain sentence: why the canvas did not do what was asked

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
        self.shape_filled = False
        self.wand_tolerance = 0
        self.wand_contiguous = True
        self.mirror_x = False  # symmetry about a vertical axis
        self.mirror_y = False
        self.axis_x: float | None = None  # None: the image centre
        self.axis_y: float | None = None
        self.last_point: tuple[int, int] | None = None
        self.active_layer = 0
        self.selection = SelectionOverlay()
        self.mask_tint = MaskTintOverlay()
        self.onion_skin = OnionSkinOverlay()
        self.pixel_overlays: list[PixelOverlay] = [self.onion_skin, self.mask_tint]
        self.brush_cursor = BrushCursorOverlay()
        self.preview = ToolPreviewOverlay()
        self.screen_overlays: list[ScreenOverlay] = [self.selection, self.preview,
                                                     self.brush_cursor]
        self.transform = TransformController(self)
        self.tool_name = "pencil"
        self._tools: dict[str, Tool] = {}
        self._displays: dict[int, FrameDisplay] = {}
        self._cell = checker_size_for(self.viewport.zoom)
        self._views: dict[int, tuple[float, float, float]] = {}
        self._auto_fit = False
        self._gesture: Tool | None = None
        self._lifted: tuple | None = None
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
        self.transform.cancel()
        self.last_point = None
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
                self._auto_fit = True
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

    def layer_locked(self) -> bool:
        """True (and a ``refused`` message) when the active layer is locked."""
        doc = self.document
        if doc is None or not doc.frames[self.frame].layers[self.layer].locked:
            return False
        self.refused.emit("The layer is locked. Unlock it in the Layers panel to change it.")
        return True

    def display(self) -> FrameDisplay | None:
        """The cached display image of the current frame (built on first use)."""
        doc = self.document
        if doc is None:
            return None
        shown = self._displays.get(doc.current_frame)
        if shown is None:
            shown = FrameDisplay(doc, doc.current_frame, self._cell, self.pixel_overlays)
            if self._lifted is not None:
                shown.set_lifted(self._lifted)
            kept, budget = {doc.current_frame: shown}, DISPLAY_CACHE_BYTES - shown.buffer.nbytes
            for index, disp in self._displays.items():  # most recently shown first
                if budget < disp.buffer.nbytes:
                    break
                kept[index] = disp
                budget -= disp.buffer.nbytes
            self._displays = kept
        return shown

    def show_lifted(self, layer: int, rect: Rect | None, mask=None) -> None:
        """Show ``rect`` (where ``mask`` is True, if given) of ``layer`` in the current frame
        as cleared (None: as it is) while its pixels float; the document is untouched."""
        lifted = None if rect is None else (layer, rect, mask)
        old = self._lifted
        if lifted is old or (lifted is not None and old is not None and lifted[:2] == old[:2]
                             and lifted[2] is old[2]):
            return
        self._lifted = lifted
        disp = self.display()
        if disp is not None:
            disp.set_lifted(lifted)
        for spec in (old, lifted):
            if spec is not None:
                self._update_image_rect(spec[1])

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
        self._auto_fit = False
        self._view_updated()

    def zoom_fit(self) -> None:
        """Fit the document; it stays fitted through resizes until the user zooms or pans."""
        if self.document is not None:
            self.viewport.fit(self.width(), self.height(), *self.document.size)
            self._auto_fit = True
            self._view_updated()

    def zoom_to(self, zoom: float) -> None:
        """Zoom to ``zoom`` about the centre of the view (Aseprite's 1..6 keys)."""
        self._auto_fit = False
        self.viewport.zoom_about(zoom, self.width() / 2, self.height() / 2)
        self._view_updated()

    def zoom_actual(self) -> None:
        if self.document is not None:
            self.viewport.actual_size(self.width(), self.height(), *self.document.size)
            self._auto_fit = False
            self._view_updated()

    def zoom_step(self, steps: int, anchor: QPointF | None = None) -> None:
        p = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        self._auto_fit = False
        if self.viewport.step(steps, p.x(), p.y()):
            self._view_updated()

    def pan_by(self, dx: float, dy: float) -> None:
        self._auto_fit = False
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
        if self._auto_fit:
            self.zoom_fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._auto_fit and self.isVisible():
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

    def symmetry(self) -> Symmetry | None:
        """The mirror axes drawing tools use now (None when symmetry is off)."""
        doc = self.document
        if doc is None or not (self.mirror_x or self.mirror_y):
            return None
        return Symmetry(
            (doc.width / 2 if self.axis_x is None else self.axis_x) if self.mirror_x else None,
            (doc.height / 2 if self.axis_y is None else self.axis_y) if self.mirror_y else None)

    def set_symmetry(self, mirror_x: bool, mirror_y: bool) -> None:
        self.mirror_x, self.mirror_y = mirror_x, mirror_y
        self._show_axes()

    def _show_axes(self) -> None:
        sym = self.symmetry()
        self.preview.axes = (None, None) if sym is None else (sym.x, sym.y)
        if self.document is not None:
            self.preview.image_size = self.document.size
        self.update()

    def _march(self) -> None:
        if self.selection.rect is not None and self.isVisible():
            self.selection.phase = (self.selection.phase + 1) % 8
            self.update()
