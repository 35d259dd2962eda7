"""Dock the issue-6 panels (Inpaint, Rotate, Animate with text) into the main window.

``dock_edit_panels(window, queue, library)`` is all the composition root needs: it adds the
mask tools to the tool bar, creates one MaskController for the window's canvas, builds the three
panels with the window's document accessors and docks them as ``panel.inpaint``,
``panel.rotate`` and ``panel.animate``. The returned panels expose ``settings_requested``
(401), ``balance_requested`` (402) and ``status_changed`` for the window to connect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from studio.core.workflows.placement import make_place_image
from studio.ui.mask import MASK_TOOLS, MaskController
from studio.ui.panels.animate_panel import AnimatePanel
from studio.ui.panels.inpaint_panel import InpaintPanel
from studio.ui.panels.rotate_panel import RotatePanel


@dataclass
class EditPanels:
    masks: MaskController
    inpaint: InpaintPanel
    rotate: RotatePanel
    animate: AnimatePanel

    def all(self) -> tuple[InpaintPanel, RotatePanel, AnimatePanel]:
        return self.inpaint, self.rotate, self.animate


def dock_edit_panels(window: Any, queue: JobQueue, library: ResultsLibrary) -> EditPanels:
    """Create, dock and return the panels (``window`` is the MainWindow)."""
    from studio.ui.menus import add_tool_action  # noqa: PLC0415 (menus imports the window)

    canvas = window.canvas
    known = getattr(window, "tool_actions", {})
    for spec in MASK_TOOLS:
        if spec.name not in known:
            add_tool_action(window, spec.name)
    masks = MaskController.of(canvas)
    place = make_place_image(window.current_document, window.add_document)
    panels = EditPanels(
        masks,
        InpaintPanel(queue, library, canvas, mask_controller=masks),
        RotatePanel(queue, library, canvas, place_image=place,
                    open_document=window.add_document),
        AnimatePanel(queue, library, canvas, open_document=window.add_document,
                     play=lambda: window.frames_strip.set_playing(True)),
    )
    right = Qt.DockWidgetArea.RightDockWidgetArea
    for panel, name, title in ((panels.inpaint, "panel.inpaint", "Inpaint"),
                               (panels.rotate, "panel.rotate", "Rotate"),
                               (panels.animate, "panel.animate", "Animate with text")):
        window.add_panel(panel, name, title, right)
        panel.status_changed.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return panels
