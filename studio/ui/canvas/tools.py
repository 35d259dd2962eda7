"""Canvas tools: small objects chosen from a mode table, fed pointer events in image coordinates.

Adding a tool (e.g. the mask brush or skeleton joints of later issues)::

    from studio.ui.canvas.tools import ToolSpec, register_tool

    class MaskBrush(Tool):
        def press(self, ctx, ev): ...   # ctx: ToolContext (document, frame, colours, ...)
        def move(self, ctx, ev): ...
        def release(self, ctx, ev): ...

    register_tool(ToolSpec("mask.brush", "Mask brush", "Shift+B", MaskBrush))

Every window builds its tool actions from ``TOOLS`` (in registration order); a tool registered
after the window was built appears on ``canvas.set_tool(name)`` / ``window.add_tool_action``.
Tools are Qt-free: tests drive them with ``PointerEvent`` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from studio.core.document.geometry import Rect
from studio.core.painting.pixels import TRANSPARENT, flood_fill, move_selection, pick_color
from studio.core.painting.stroke import PathStroke, Stroke

if TYPE_CHECKING:
    from studio.core.document.document import Color, Document
    from studio.ui.canvas.overlays import SelectionOverlay

Button = Literal["primary", "secondary"]


@dataclass(frozen=True)
class PointerEvent:
    x: int  # image pixel
    y: int
    sx: float  # widget position
    sy: float
    button: Button = "primary"
    alt: bool = False
    shift: bool = False
    ctrl: bool = False  # Control (Command on macOS)


class ToolContext(Protocol):
    """What a tool may touch; the canvas implements it."""

    document: Document
    frame: int
    layer: int
    primary: Color
    secondary: Color
    brush_size: int
    pixel_perfect: bool
    fill_contiguous: bool
    selection: SelectionOverlay

    def set_color(self, slot: Button, color: Color) -> None: ...

    def pan_by(self, dx: float, dy: float) -> None: ...


class Tool:
    """Base tool: ignores everything. ``cursor`` names a Qt cursor shape.

    While a tool is active, Alt+press picks a colour (Aseprite's habit) unless the tool sets
    ``alt_picks_colour = False``; it then gets the press itself, with ``ev.alt`` set.
    """

    cursor = "CrossCursor"
    alt_picks_colour = True

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None: ...

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None: ...

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None: ...

    def cancel(self, ctx: ToolContext) -> None:
        """The gesture was interrupted (focus loss, tool switch)."""


def _color(ctx: ToolContext, button: Button) -> Color:
    return ctx.primary if button == "primary" else ctx.secondary


class StrokeTool(Tool):
    """A gesture that is one :class:`PathStroke`: ``press`` sets ``self.stroke`` and begins it,
    moves extend it, release (or an interruption) ends it."""

    def __init__(self) -> None:
        self.stroke: PathStroke | None = None

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.stroke is not None:
            self.stroke.move_to(ev.x, ev.y)

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.cancel(ctx)

    def cancel(self, ctx: ToolContext) -> None:
        if self.stroke is not None:
            self.stroke.end()
            self.stroke = None


class PencilTool(StrokeTool):
    erase = False

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        color = TRANSPARENT if self.erase else _color(ctx, ev.button)
        self.stroke = Stroke(ctx.document, ctx.frame, ctx.layer, color, ctx.brush_size,
                             pixel_perfect=ctx.pixel_perfect and not self.erase,
                             label="Eraser" if self.erase else "Pencil")
        self.stroke.begin(ev.x, ev.y)


class EraserTool(PencilTool):
    erase = True


class FillTool(Tool):
    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        flood_fill(ctx.document, ctx.frame, ctx.layer, ev.x, ev.y, _color(ctx, ev.button),
                   contiguous=ctx.fill_contiguous)


class PickerTool(Tool):
    """Sets the primary (left button) or secondary (right button) colour from the image."""

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        color = pick_color(ctx.document, ctx.frame, ev.x, ev.y)
        if color is not None:
            ctx.set_color(ev.button, color)

    move = press


class SelectTool(Tool):
    """Rectangle selection; a click without dragging clears it."""

    def __init__(self) -> None:
        self.anchor: tuple[int, int] | None = None

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.anchor = (ev.x, ev.y)
        ctx.selection.rect = None

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor is not None:
            rect = Rect.from_points(*self.anchor, ev.x, ev.y)
            clipped = rect.clamp(ctx.document.width, ctx.document.height)
            ctx.selection.rect = None if clipped.is_empty else clipped

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.anchor == (ev.x, ev.y):
            ctx.selection.rect = None
        else:
            self.move(ctx, ev)
        self.anchor = None


class MoveTool(Tool):
    """Drags the selected pixels (or the whole layer) by whole pixels; one undo step."""

    cursor = "SizeAllCursor"

    def __init__(self) -> None:
        self.start: tuple[int, int] | None = None
        self._whole_layer = False

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.start = (ev.x, ev.y)
        doc = ctx.document
        rect = (ctx.selection.rect or doc.bounds).clamp(doc.width, doc.height)
        ctx.selection.floating = doc.read_pixels(ctx.frame, ctx.layer, rect).copy()
        if ctx.selection.rect is None:
            ctx.selection.rect = rect
            self._whole_layer = True
        else:
            self._whole_layer = False

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.start is not None:
            ctx.selection.offset = (ev.x - self.start[0], ev.y - self.start[1])
            if ctx.selection.offset != (0, 0) and ctx.selection.rect is not None:
                _show_lifted(ctx, ctx.layer, ctx.selection.rect)

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.start is None:
            return
        dx, dy = ev.x - self.start[0], ev.y - self.start[1]
        rect = ctx.selection.rect or ctx.document.bounds
        whole = self._whole_layer
        self.cancel(ctx)
        moved = move_selection(ctx.document, ctx.frame, ctx.layer, rect, dx, dy)
        ctx.selection.rect = None if whole or moved.is_empty else moved

    def cancel(self, ctx: ToolContext) -> None:
        self.start = None
        _show_lifted(ctx, ctx.layer, None)
        ctx.selection.offset = (0, 0)
        ctx.selection.floating = None
        if getattr(self, "_whole_layer", False):
            ctx.selection.rect = None
            self._whole_layer = False


def _show_lifted(ctx: ToolContext, layer: int, rect: Rect | None) -> None:
    """Ask the canvas (if it can) to show the lifted source area as cleared."""
    show = getattr(ctx, "show_lifted", None)
    if show is not None:
        show(layer, rect)


class HandTool(Tool):
    cursor = "OpenHandCursor"
    alt_picks_colour = False

    def __init__(self) -> None:
        self.last: tuple[float, float] | None = None

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.last = (ev.sx, ev.sy)

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        if self.last is not None:
            ctx.pan_by(ev.sx - self.last[0], ev.sy - self.last[1])
            self.last = (ev.sx, ev.sy)

    def release(self, ctx: ToolContext, ev: PointerEvent) -> None:
        self.last = None


@dataclass(frozen=True)
class ToolSpec:
    name: str
    label: str
    shortcut: str
    factory: Callable[[], Tool]


TOOLS: dict[str, ToolSpec] = {}


def register_tool(spec: ToolSpec) -> None:
    """Add (or replace) a tool in the mode table."""
    TOOLS[spec.name] = spec


for _spec in (
    ToolSpec("pencil", "Pencil", "B", PencilTool),
    ToolSpec("eraser", "Eraser", "E", EraserTool),
    ToolSpec("fill", "Fill", "G", FillTool),
    ToolSpec("picker", "Colour picker", "I", PickerTool),
    ToolSpec("select", "Rectangle select", "M", SelectTool),
    ToolSpec("move", "Move", "V", MoveTool),
    ToolSpec("hand", "Hand (pan)", "H", HandTool),
):
    register_tool(_spec)
