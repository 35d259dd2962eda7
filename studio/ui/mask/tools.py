"""Mask tools for the canvas mode table: brush, eraser, fill, rectangle and lasso.

They edit the current frame's inpaint mask through :mod:`studio.core.painting.mask_stroke` (one
undo step per gesture). The left button paints "regenerate", the right button paints "keep" (the
eraser the other way round). Brush size and tip come from ``ctx.mask_settings`` (a
:class:`MaskSettings` the :class:`MaskController` attaches to the canvas); rectangle and lasso
previews go to ``ctx.mask_preview`` when present."""

from __future__ import annotations

from typing import Any

from studio.core.document.geometry import Rect
from studio.core.painting import mask_stroke as mask_edit
from studio.core.painting.mask_settings import MaskSettings
from studio.core.painting.mask_stroke import KEEP, REGENERATE, MaskStroke
from studio.ui.canvas.tools import (
    PointerEvent,
    StrokeTool,
    ToolContext,
    ToolSpec,
    register_tool,
)

_DEFAULT_SETTINGS = MaskSettings()


def settings_of(ctx: Any) -> MaskSettings:
    return getattr(ctx, "mask_settings", None) or _DEFAULT_SETTINGS


def _preview(ctx: Any) -> Any:
    return getattr(ctx, "mask_preview", None)


class MaskBrushTool(StrokeTool):
    paint_value = REGENERATE
    label = "Mask brush"

    def value_for(self, ev: PointerEvent) -> int:
        if ev.button == "primary":
            return self.paint_value
        return KEEP if self.paint_value == REGENERATE else REGENERATE

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        settings = settings_of(ctx)
        self.stroke = MaskStroke(ctx.document, ctx.frame, settings.size, settings.shape,
                                 self.value_for(ev), self.label)
        self.stroke.begin(ev.x, ev.y)


class MaskEraserTool(MaskBrushTool):
    paint_value = KEEP
    label = "Mask eraser"


class MaskFillTool(MaskBrushTool):
    """Flood-fills the contiguous mask region under the pointer."""

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        mask_edit.fill_region(ctx.document, ctx.frame, ev.x, ev.y, self.value_for(ev))

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None: ...


class MaskRectTool(MaskBrushTool):
    """Drag a rectangle (both corner pixels included); release fills it."""

    def __init__(self) -> None:
        super().__init__()
        self.anchor: tuple[int, int] | None = None
        self.value = REGENERATE

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.anchor = (ev.x, ev.y)
        self.value = self.value_for(ev)
        self.move(ctx, ev)

    def _rect(self, ev: PointerEvent) -> Rect:
        assert self.anchor is not None
        return Rect.from_points(*self.anchor, ev.x, ev.y)

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        preview = _preview(ctx)
        if self.anchor is not None and preview is not None:
            preview.set_rect(self._rect(ev))

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor is None:
            return
        rect = self._rect(ev)
        self.cancel(ctx)
        mask_edit.fill_rect(ctx.document, ctx.frame, rect, self.value)

    def cancel(self, ctx: ToolContext) -> None:
        self.anchor = None
        preview = _preview(ctx)
        if preview is not None:
            preview.clear_shape()


class MaskLassoTool(MaskBrushTool):
    """Draw a free-hand outline; release fills the pixels whose centres are inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[tuple[float, float]] | None = None
        self.value = REGENERATE

    def _image_point(self, ctx: Any, ev: PointerEvent) -> tuple[float, float]:
        viewport = getattr(ctx, "viewport", None)
        if viewport is None:
            return ev.x + 0.5, ev.y + 0.5
        return viewport.to_image(ev.sx, ev.sy)

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.points = [self._image_point(ctx, ev)]
        self.value = self.value_for(ev)
        self._show(ctx)

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.points is not None:
            point = self._image_point(ctx, ev)
            if point != self.points[-1]:
                self.points.append(point)
                self._show(ctx)

    def _show(self, ctx: Any) -> None:
        preview = _preview(ctx)
        if preview is not None and self.points is not None:
            preview.set_polygon(list(self.points))

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.points is None:
            return
        self.move(ctx, ev)
        points = self.points
        self.cancel(ctx)
        if len(points) >= 3:
            mask_edit.fill_lasso(ctx.document, ctx.frame, points, self.value)

    def cancel(self, ctx: ToolContext) -> None:
        self.points = None
        preview = _preview(ctx)
        if preview is not None:
            preview.clear_shape()


MASK_TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec("mask.brush", "Mask brush", "Shift+B", MaskBrushTool),
    ToolSpec("mask.eraser", "Mask eraser", "Shift+E", MaskEraserTool),
    ToolSpec("mask.fill", "Mask fill", "Shift+G", MaskFillTool),
    ToolSpec("mask.rect", "Mask rectangle", "Shift+M", MaskRectTool),
    ToolSpec("mask.lasso", "Mask lasso", "Shift+Q", MaskLassoTool),
)

for _spec in MASK_TOOLS:
    register_tool(_spec)
