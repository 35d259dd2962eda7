"""Canvas tools: small objects chosen from a mode table, fed pointer events in image coordinates.

Adding a tool (e.g. the mask brush or skeleton joints of later issues)::

    from studio.ui.canvas.tools import ToolSpec, register_tool

    class MaskBrush(Tool):
        def press(self, ctx, ev): ...   # ctx: ToolContext (document, frame, colours, ...)
        def move(self, ctx, ev): ...
        def release(self, ctx, ev): ...

    register_tool(ToolSpec("mask.brush", "Mask brush", "Shift+B", MaskBrush))

The built-in tools are registered by ``tool_table.py`` (imported by the canvas).
Every window builds its tool actions from ``TOOLS`` (in registration order); a tool registered
after the window was built appears on ``canvas.set_tool(name)`` / ``window.add_tool_action``.
Tools are Qt-free: tests drive them with ``PointerEvent`` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from studio.core.painting.pixels import TRANSPARENT, flood_fill, pick_color
from studio.core.painting.shapes import Symmetry
from studio.core.painting.stroke import PathStroke, Stroke

if TYPE_CHECKING:
    from studio.core.document.document import Color, Document
    from studio.ui.canvas.selection_overlay import SelectionOverlay, ToolPreviewOverlay
    from studio.ui.canvas.transform import TransformController

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
    shape_filled: bool
    wand_tolerance: int
    wand_contiguous: bool
    last_point: tuple[int, int] | None  # where the pencil last drew (Shift+click lines)
    selection: SelectionOverlay
    preview: ToolPreviewOverlay
    transform: TransformController

    def set_color(self, slot: Button, color: Color) -> None: ...

    def symmetry(self) -> Symmetry | None: ...

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


def tool_color(ctx: ToolContext, button: Button) -> Color:
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
    """Freehand pixels; Shift+click draws a straight line from the last point drawn."""

    erase = False

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        color = TRANSPARENT if self.erase else tool_color(ctx, ev.button)
        self.stroke = Stroke(ctx.document, ctx.frame, ctx.layer, color, ctx.brush_size,
                             pixel_perfect=ctx.pixel_perfect and not self.erase,
                             label="Eraser" if self.erase else "Pencil",
                             symmetry=ctx.symmetry())
        last = getattr(ctx, "last_point", None)
        if ev.shift and last is not None:
            self.stroke.begin(*last)
            self.stroke.move_to(ev.x, ev.y)
        else:
            self.stroke.begin(ev.x, ev.y)
        ctx.last_point = (ev.x, ev.y)

    def move(self, ctx: ToolContext, ev: PointerEvent) -> None:
        super().move(ctx, ev)
        if self.stroke is not None:
            ctx.last_point = (ev.x, ev.y)


class EraserTool(PencilTool):
    erase = True


class FillTool(Tool):
    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        flood_fill(ctx.document, ctx.frame, ctx.layer, ev.x, ev.y, tool_color(ctx, ev.button),
                   contiguous=ctx.fill_contiguous)


class PickerTool(Tool):
    """Sets the primary (left button) or secondary (right button) colour from the image."""

    def press(self, ctx: ToolContext, ev: PointerEvent) -> None:
        color = pick_color(ctx.document, ctx.frame, ev.x, ev.y)
        if color is not None:
            ctx.set_color(ev.button, color)

    move = press


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
