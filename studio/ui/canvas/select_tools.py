"""Selection tools (rectangle, lasso, magic wand; Shift adds, Alt subtracts, both intersect)
and the move tool, which drags or scales floating pixels through the canvas' transform."""

from __future__ import annotations

from studio.core.document.geometry import Rect
from studio.core.selection.region import Mode, Selection, combine, mode_for
from studio.core.selection.shapes import lasso, magic_wand
from studio.ui.canvas.selection_overlay import handle_boxes
from studio.ui.canvas.tools import PointerEvent, Tool, ToolContext


def _refresh(ctx: ToolContext) -> None:
    update = getattr(ctx, "update", None)
    if update is not None:
        update()


class SelectionGesture(Tool):
    """Shared start of every selection gesture: drop floating pixels, remember the mode."""

    alt_picks_colour = False  # Alt subtracts from the selection

    def __init__(self) -> None:
        self.mode: Mode = "replace"
        self.before: Selection | None = None
        self.active = False

    def start(self, ctx: ToolContext, ev: PointerEvent) -> None:
        ctx.transform.commit()
        self.mode = mode_for(ev.shift, ev.alt)
        self.before = ctx.selection.selection
        self.active = True

    def show(self, ctx: ToolContext, new: Selection | None) -> None:
        doc = ctx.document
        ctx.selection.selection = combine(self.before, new, self.mode, doc.width, doc.height)
        _refresh(ctx)

    def cancel(self, ctx: ToolContext) -> None:
        self.active = False


class SelectTool(SelectionGesture):
    """Rectangle selection; a click without dragging deselects."""

    def __init__(self) -> None:
        super().__init__()
        self.anchor: tuple[int, int] | None = None

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.start(ctx, ev)
        self.anchor = (ev.x, ev.y)

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor is not None:
            doc = ctx.document
            rect = Rect.from_points(*self.anchor, ev.x, ev.y)
            self.show(ctx, Selection.from_rect(rect, doc.width, doc.height))

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor is None:
            return
        if self.anchor == (ev.x, ev.y) and self.mode == "replace":
            self.show(ctx, None)
        else:
            self.move(ctx, ev)
        self.anchor = None


class LassoTool(SelectionGesture):
    """Freehand selection: everything inside the drawn loop (and the loop itself)."""

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.start(ctx, ev)
        ctx.preview.path = [(ev.x, ev.y)]

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        path = ctx.preview.path
        if self.active and path and path[-1] != (ev.x, ev.y):
            path.append((ev.x, ev.y))
            _refresh(ctx)

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if not self.active:
            return
        self.move(ctx, ev)
        path, ctx.preview.path = ctx.preview.path, []
        self.active = False
        doc = ctx.document
        if len(path) == 1 and self.mode == "replace":
            self.show(ctx, None)
        else:
            self.show(ctx, lasso(path, doc.width, doc.height))

    def cancel(self, ctx: ToolContext) -> None:
        super().cancel(ctx)
        ctx.preview.path = []


class WandTool(SelectionGesture):
    """Selects the pixels of the clicked colour on the active layer (tolerance, contiguous)."""

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.start(ctx, ev)
        doc = ctx.document
        pixels = doc.read_pixels(ctx.frame, ctx.layer, doc.bounds)
        self.show(ctx, magic_wand(pixels, ev.x, ev.y, ctx.wand_tolerance, ctx.wand_contiguous))
        self.active = False


class MoveTool(Tool):
    """Drags the selected pixels (or the whole layer) and scales them with the handles.

    A drag that starts a transform applies it on release (one undo step); while a transform
    started by keys, menus or paste is floating, drags only move or scale it until Enter.
    """

    cursor = "SizeAllCursor"

    def __init__(self) -> None:
        self.start: tuple[int, int] | None = None
        self.start_rect = Rect.empty()
        self.handle: str | None = None
        self.sticky = False

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        t = ctx.transform
        box = t.floating.rect if t.floating is not None else ctx.selection.rect
        self.handle = None if box is None else _handle_at(ctx, box, ev)
        self.sticky = t.active or self.handle is not None
        if t.active and self.handle is None and not box.contains(ev.x, ev.y):
            t.commit()
            self.sticky = False
        if not t.begin():
            return
        assert t.floating is not None
        self.start, self.start_rect = (ev.x, ev.y), t.floating.rect

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.start is None:
            return
        dx, dy = ev.x - self.start[0], ev.y - self.start[1]
        r = self.start_rect
        if self.handle is None:
            ctx.transform.move_to(r.x + dx, r.y + dy)
        else:
            ctx.transform.resize(scaled_rect(r, self.handle, dx, dy))

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.start is None:
            return
        self.move(ctx, ev)
        self.start = None
        if not self.sticky:
            ctx.transform.commit("Move")

    def cancel(self, ctx: ToolContext) -> None:
        if self.start is not None and not self.sticky:
            ctx.transform.cancel()
        self.start = None


def _handle_at(ctx: ToolContext, rect: Rect, ev: PointerEvent) -> str | None:
    viewport = getattr(ctx, "viewport", None)
    if viewport is None:
        return None
    for name, box in handle_boxes(viewport, rect).items():
        if box.adjusted(-2, -2, 2, 2).contains(ev.sx, ev.sy):
            return name
    return None


def scaled_rect(r: Rect, handle: str, dx: int, dy: int) -> Rect:
    """``r`` with the edges named by ``handle`` (n, s, e, w, ne, ...) dragged by (dx, dy);
    never smaller than one pixel."""
    left, top, right, bottom = r.x, r.y, r.right, r.bottom
    if "w" in handle:
        left = min(left + dx, right - 1)
    if "e" in handle:
        right = max(right + dx, left + 1)
    if "n" in handle:
        top = min(top + dy, bottom - 1)
    if "s" in handle:
        bottom = max(bottom + dy, top + 1)
    return Rect(left, top, right - left, bottom - top)
