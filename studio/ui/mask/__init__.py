"""Mask mode of the canvas: mask tools (registered in the canvas tool table), commands, toolbar.

Importing this package registers the tools ``mask.brush``, ``mask.eraser``, ``mask.fill``,
``mask.rect`` and ``mask.lasso``; a :class:`MaskController` attaches the brush settings, the
key bindings ([ and ]) and the preview overlay to one canvas.
"""

from studio.core.painting.mask_settings import MaskSettings
from studio.ui.mask.controller import MaskController
from studio.ui.mask.toolbar import MaskToolbar
from studio.ui.mask.tools import MASK_TOOLS

__all__ = ["MASK_TOOLS", "MaskController", "MaskSettings", "MaskToolbar"]
