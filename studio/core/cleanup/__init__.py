"""Clean-up of AI output: unzoom (grid detection and one pixel per cell), background removal,
outlines and orphan pixels.

What lives here: ``grid`` (scale and offset of an upscaled sprite), ``unzoom`` (cells to pixels,
and resampling to a given size by dominant colour),
``background`` (border flood or colour key, alpha snap), ``pixels`` (1 px outline, orphan
pixels). Functions take ``(H, W, 4)`` uint8 RGBA arrays and return new arrays.

``document_ops`` applies results to a Document (one layer of one or all frames, or the whole
sprite for unzoom) as one undo step.

May import: ``studio.core.color``, ``studio.core.painting``, ``studio.core.document``.
"""

from __future__ import annotations

from .background import background_mask, border_color, remove_background
from .grid import AxisGrid, Grid, detect_grid
from .pixels import add_outline, orphan_mask, outline_mask, remove_orphans
from .unzoom import resample, unzoom

__all__ = [
    "AxisGrid", "Grid", "add_outline", "background_mask", "border_color", "detect_grid",
    "orphan_mask", "outline_mask", "remove_background", "remove_orphans", "resample", "unzoom",
]
