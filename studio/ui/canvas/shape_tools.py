"""Line, rectangle and ellipse tools: drag from corner to corner, see the shape, release to
draw it as one undo step. Shift constrains (45 degrees, square, circle); the tool options choose
outline or filled; brush size and symmetry apply as for the pencil."""

from __future__ import annotations

import numpy as np

from studio.core.painting.pixels import coverage, stamp_points
from studio.core.painting.shapes import constrain_line, constrain_square, shape_points
from studio.ui.canvas.tools import Button, PointerEvent, Tool, ToolContext, tool_color


class ShapeTool(Tool):
    kind = "line"
    label = "Line"

    def __init__(self) -> None:
        self.anchor: tuple[int, int] | None = None
        self.button: Button = "primary"

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.anchor = (ev.x, ev.y)
        self.button = ev.button
        self.move(ctx, ev)

    def points(self, ctx: ToolContext, ev: PointerEvent) -> list[tuple[int, int]]:
        """The shape's pixels (with their mirror images) for a drag from the anchor to ``ev``."""
        assert self.anchor is not None
        x0, y0 = self.anchor
        x1, y1 = ev.x, ev.y
        if ev.shift:
            x1, y1 = (constrain_line if self.kind == "line" else constrain_square)(x0, y0, x1, y1)
        filled = self.kind != "line" and ctx.shape_filled
        pts = shape_points(self.kind, x0, y0, x1, y1, filled)
        sym = ctx.symmetry()
        return pts if sym is None else sym.apply(pts)

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor is None:
            return
        box, cover = coverage(self.points(ctx, ev), ctx.brush_size)
        image = np.zeros((box.h, box.w, 4), dtype=np.uint8)
        image[cover] = tool_color(ctx, self.button)
        ctx.preview.set_shape(box, image)
        _refresh(ctx)

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor is None:
            return
        points = self.points(ctx, ev)
        self.cancel(ctx)
        doc = ctx.document
        doc.history.begin(self.label)
        try:
            stamp_points(doc, ctx.frame, ctx.layer, points, ctx.brush_size,
                         tool_color(ctx, self.button), label=self.label)
        finally:
            doc.history.end()

    def cancel(self, ctx: ToolContext) -> None:
        self.anchor = None
        ctx.preview.set_shape(None)
        _refresh(ctx)


class LineTool(ShapeTool):
    kind, label = "line", "Line"


class RectangleTool(ShapeTool):
    kind, label = "rectangle", "Rectangle"


class EllipseTool(ShapeTool):
    kind, label = "ellipse", "Ellipse"


def _refresh(ctx: ToolContext) -> None:
    update = getattr(ctx, "update", None)
    if update is not None:
        update()


__all__ = ["EllipseTool", "LineTool", "RectangleTool", "ShapeTool"]
