"""The pixel canvas: viewport maths, cached display images, renderer, tools and the widget."""

from studio.ui.canvas.tool_table import TOOLS
from studio.ui.canvas.tools import ToolSpec, register_tool
from studio.ui.canvas.viewport import ZOOM_STEPS, Viewport
from studio.ui.canvas.widget import CanvasWidget

__all__ = ["CanvasWidget", "TOOLS", "ToolSpec", "Viewport", "ZOOM_STEPS", "register_tool"]
