"""The built-in tools of the mode table, in tool-bar order, with Aseprite's shortcuts."""

from __future__ import annotations

from studio.ui.canvas.select_tools import LassoTool, MoveTool, SelectTool, WandTool
from studio.ui.canvas.shape_tools import EllipseTool, LineTool, RectangleTool
from studio.ui.canvas.tools import (
    TOOLS,
    EraserTool,
    FillTool,
    HandTool,
    PencilTool,
    PickerTool,
    ToolSpec,
    register_tool,
)

BUILTIN_TOOLS = (
    ToolSpec("pencil", "Pencil", "B", PencilTool),
    ToolSpec("eraser", "Eraser", "E", EraserTool),
    ToolSpec("fill", "Fill", "G", FillTool),
    ToolSpec("picker", "Colour picker", "I", PickerTool),
    ToolSpec("line", "Line", "L", LineTool),
    ToolSpec("rectangle", "Rectangle", "U", RectangleTool),
    ToolSpec("ellipse", "Ellipse", "Shift+U", EllipseTool),
    ToolSpec("select", "Rectangle select", "M", SelectTool),
    ToolSpec("lasso", "Lasso select", "Q", LassoTool),
    ToolSpec("wand", "Magic wand", "W", WandTool),
    ToolSpec("move", "Move", "V", MoveTool),
    ToolSpec("hand", "Hand (pan)", "H", HandTool),
)

for _spec in BUILTIN_TOOLS:
    if _spec.name not in TOOLS:
        register_tool(_spec)
