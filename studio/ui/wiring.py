"""Plug the generation panels into the main window once the backend is ready.

The window opens at once; the backend (client, library, queue, and the offline engine when there
is no token) starts in the background and `attach_backend` then docks the AI panels, which all
share the window's canvas, documents and the one job queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QTabBar, QTabWidget, QWidget

from studio.backend import Backend
from studio.core.document.document import Document
from studio.core.settings import SettingsStore, TokenStore
from studio.core.workflows.placement import make_place_image
from studio.ui.color.menu import set_service
from studio.ui.panels.cost_label import show_free
from studio.ui.panels.create_panel import CreatePanel
from studio.ui.panels.generation_images import palette_image
from studio.ui.panels.jobs_panel import JobsPanel
from studio.ui.panels.jobs_unstored import unstored_warning
from studio.ui.panels.library_panel import LibraryPanel
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.status_widgets import StatusWidgets

log = logging.getLogger("studio.ui.wiring")
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


@dataclass
class StudioPanels:
    """The AI panels of one window, by dock objectName."""

    panels: dict[str, QWidget] = field(default_factory=dict)
    status: StatusWidgets | None = None


class CanvasAccess:
    """What the panels may read from the canvas: the shown frame, the selection, the palette."""

    def __init__(self, window: Any) -> None:
        self.window = window

    def document(self) -> Document | None:
        return self.window.current_document()

    def frame_image(self) -> np.ndarray | None:
        doc = self.document()
        if doc is None:
            return None
        return doc.composite(doc.current_frame)

    def selection_image(self) -> np.ndarray | None:
        image = self.frame_image()
        rect = self.window.canvas.selection.rect
        if image is None or rect is None or rect.is_empty:
            return None
        return image[rect.y:rect.y + rect.h, rect.x:rect.x + rect.w].copy()

    def layer_image(self) -> np.ndarray | None:
        """The current layer of the shown frame (None without a document)."""
        doc = self.document()
        if doc is None:
            return None
        layers = doc.frames[doc.current_frame].layers
        index = min(max(0, int(getattr(self.window.canvas, "layer", 0) or 0)), len(layers) - 1)
        return layers[index].pixels.copy()

    def palette(self) -> list[tuple[int, ...]]:
        doc = self.document()
        return list(doc.palette) if doc is not None else []

    def palette_image(self) -> np.ndarray | None:
        """The document palette as a colour image (``ValueError`` when there is none)."""
        colors = self.palette()
        if not colors:
            raise ValueError("the document has no palette colours")
        return palette_image(colors)

    def open_document(self, doc: Document) -> None:
        """A generated document (animation, rotation, sheet, character, library result) has
        no file behind it: it is unsaved work, so it is dirty, journalled for crash recovery
        and asked about on close, like a hand-drawn sprite."""
        if doc.path is None:
            doc.mark_dirty()
        self.window.add_document(doc)

    def open_tile_for_touch_up(self, pixels: np.ndarray, title: str,
                               apply_back: Callable[[np.ndarray], None]) -> Document:
        """Open a tile as its own document; every edit (and undo) flows back to the tileset."""
        doc = Document.from_image(np.ascontiguousarray(pixels), name=title)
        doc.changed.connect(lambda *_: apply_back(doc.composite(0)))
        self.window.add_document(doc)  # its edits live in the tileset: not unsaved work
        return doc


def attach_backend(window: Any, backend: Backend) -> StudioPanels:
    """Dock every AI panel into ``window`` and show the backend in the status bar."""
    access = CanvasAccess(window)
    set_service(window, backend.queue, backend.library)
    place_image = make_place_image(access.document, access.open_document)
    out = StudioPanels()
    panels: dict[str, Any] = {}

    def library_image() -> np.ndarray | None:
        """The result selected in the Library panel (None when nothing is selected)."""
        record = panels["library"].selected() if "library" in panels else None
        if record is None:
            return None
        return np.asarray(backend.library.load_image(record.id), dtype=np.uint8).copy()

    create = CreatePanel(backend.queue, backend.library, get_canvas_image=access.frame_image,
                         place_image=place_image, get_selection_image=access.selection_image,
                         get_palette=access.palette,
                         reference_sources={"Layer": access.layer_image,
                                            "Library": library_image})
    library = panels["library"] = LibraryPanel(backend.library, place_image=place_image,
                                               queue=backend.queue)
    library.params_requested.connect(create.apply_params)
    window.document_changed.connect(create.follow_document)
    create.follow_document(window.current_document())
    jobs = JobsPanel(backend.queue)
    window.quit_warnings["jobs"] = lambda: unstored_warning(backend.queue)
    docks = {}
    for name, title, widget, area in (
        ("panel.create", "Create", create, RIGHT),
        ("panel.jobs", "Jobs", jobs, BOTTOM),
        ("panel.library", "Library", library, BOTTOM),
    ):
        docks[name] = window.add_panel(_scrollable(widget), name, title, area)
        out.panels[name] = widget
    for name, title, factory, area in _optional_panels(backend, access, place_image):
        try:
            widget = factory()
        except Exception:  # a broken optional panel must not take the studio down
            log.exception("could not build the %s panel", title)
            continue
        docks[name] = window.add_panel(_scrollable(widget), name, title, area)
        out.panels[name] = widget
    if not any(dock.property("layout_restored") for dock in docks.values()):
        arrange_default_layout(window, docks)
    out.status = _install_status(window, backend)
    show_free(out.panels.values(), backend.is_offline)
    for widget in out.panels.values():  # "Use the document palette" where a panel offers it
        set_palette_source = getattr(widget, "set_palette_source", None)
        if set_palette_source is not None:
            set_palette_source(access.palette_image)
    for widget in out.panels.values():
        settings_requested = getattr(widget, "settings_requested", None)
        if settings_requested is not None:
            settings_requested.connect(lambda *_: open_settings(
                window, backend,
                "PixelLab did not accept the API token (401). Enter a valid token."))
        balance_requested = getattr(widget, "balance_requested", None)
        if balance_requested is not None:
            balance_requested.connect(lambda *_: out.status.refresh_balance_soon())
        status_changed = getattr(widget, "status_changed", None)
        if status_changed is not None:
            status_changed.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return out


def _scrollable(widget: QWidget) -> QScrollArea:
    """Tall forms scroll inside their dock instead of stretching the window."""
    area = QScrollArea()
    area.setObjectName(widget.objectName() + ".scroll")
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for inner in widget.findChildren(QScrollArea):  # forms fit the dock's width, not wider
        inner.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner.setWidgetResizable(True)
    return area


def arrange_default_layout(window: Any, docks: dict[str, QDockWidget]) -> None:
    """First start: the AI panels as tabs on the right (full height, so their names and
    forms have room), palette and layers on the left, frames, jobs and library as tabs along
    the bottom; the canvas keeps the middle. Sizes follow the window (1280x800 and up)."""
    existing = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    for name in ("panel.palette", "panel.layers"):
        if name in existing:
            window.addDockWidget(LEFT, existing[name])
    window.setCorner(Qt.Corner.TopRightCorner, RIGHT)
    window.setCorner(Qt.Corner.BottomRightCorner, RIGHT)
    right = [d for n, d in docks.items() if window.dockWidgetArea(d) == RIGHT]
    # Eight AI panels: their tabs run down the right edge so every name stays readable.
    window.setTabPosition(RIGHT, QTabWidget.TabPosition.East)
    for other in right[1:]:
        window.tabifyDockWidget(right[0], other)
    bottom = [existing.get("panel.frames")] + [
        d for n, d in docks.items() if window.dockWidgetArea(d) == BOTTOM]
    bottom = [d for d in bottom if d is not None]
    for other in bottom[1:]:
        window.tabifyDockWidget(bottom[0], other)
    for first in (right[:1] + bottom[:1]):
        first.raise_()
    for bar in window.findChildren(QTabBar):  # the docks' tab bars: whole names, scrolling
        if bar is not getattr(window, "tabs", None):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
    if right:
        width = max(440, min(580, window.width() * 36 // 100))
        window.resizeDocks([right[0]], [width], Qt.Orientation.Horizontal)
    left = [existing[n] for n in ("panel.palette", "panel.layers") if n in existing]
    if left:
        window.resizeDocks(left[:1], [max(210, window.width() // 7)], Qt.Orientation.Horizontal)
        QTimer.singleShot(0, window, lambda: _palette_full_height(window, left))
    if bottom:
        height = max(240, window.height() * 31 // 100)
        window.resizeDocks(bottom[:1], [height], Qt.Orientation.Vertical)


def _palette_full_height(window: Any, left: list[QDockWidget]) -> None:
    """Once laid out: the palette's controls at their natural height, Layers takes the rest."""
    palette, column = left[0].sizeHint().height(), sum(dock.height() for dock in left)
    window.resizeDocks(left, [palette, max(1, column - palette)], Qt.Orientation.Vertical)


def _optional_panels(backend: Backend, access: CanvasAccess,
                     place_image: Callable[..., None]) -> list[tuple[str, str, Callable, Any]]:
    """Panels of later issues, each built lazily so one failing panel is only logged."""

    def characters() -> QWidget:
        from studio.core.characters.frames import make_open_on_canvas
        from studio.ui.characters import CharactersPanel

        def project_dir():
            doc = access.document()
            return doc.path.parent if doc is not None and doc.path else None

        return CharactersPanel(backend.client, queue=backend.queue,
                               open_on_canvas=make_open_on_canvas(access.open_document),
                               project_dir=project_dir)

    def tileset() -> QWidget:
        from studio.ui.tileset.tileset_panel import TilesetPanel

        return TilesetPanel(backend.queue, backend.library, client=backend.client,
                            canvas_image=access.frame_image,
                            open_on_canvas=access.open_tile_for_touch_up)

    def isometric() -> QWidget:
        from studio.ui.tileset.isometric_panel import IsometricPanel

        return IsometricPanel(backend.queue, backend.library, canvas_image=access.frame_image)

    def skeleton() -> QWidget:
        from studio.ui.skeleton.skeleton_panel import SkeletonPanel

        return SkeletonPanel(backend.queue, backend.library, access.window.canvas,
                             access.document, export=access.window.exporter.ask_export)

    def mask_controller():
        from studio.ui.mask import MASK_TOOLS, MaskController
        from studio.ui.menus import add_tool_action

        known = getattr(access.window, "tool_actions", {})
        for spec in MASK_TOOLS:
            if spec.name not in known:
                add_tool_action(access.window, spec.name)
        return MaskController.of(access.window.canvas)

    def inpaint() -> QWidget:
        from studio.ui.panels.inpaint_panel import InpaintPanel

        return InpaintPanel(backend.queue, backend.library, access.window.canvas,
                            mask_controller=mask_controller())

    def rotate() -> QWidget:
        from studio.ui.panels.rotate_panel import RotatePanel

        return RotatePanel(backend.queue, backend.library, access.window.canvas,
                           place_image=place_image, open_document=access.open_document,
                           is_offline=lambda: backend.is_offline)

    def animate() -> QWidget:
        from studio.ui.panels.animate_panel import AnimatePanel

        return AnimatePanel(backend.queue, backend.library, access.window.canvas,
                            open_document=access.open_document,
                            play=lambda: access.window.frames_strip.set_playing(True))

    def edit_text() -> QWidget:
        from studio.ui.panels.edit_text_panel import EditTextPanel

        return EditTextPanel(backend.queue, backend.library, access.window.canvas)

    return [
        ("panel.inpaint", "Inpaint", inpaint, RIGHT),
        ("panel.edit_text", "Edit by text", edit_text, RIGHT),
        ("panel.rotate", "Rotate", rotate, RIGHT),
        ("panel.animate", "Animate", animate, RIGHT),
        ("panel.skeleton", "Skeleton", skeleton, RIGHT),
        ("panel.tileset", "Tileset", tileset, RIGHT),
        ("panel.isometric", "Isometric tile", isometric, RIGHT),
        ("panel.characters", "Characters", characters, RIGHT),
    ]


def _install_status(window: Any, backend: Backend) -> StatusWidgets:
    bar = window.statusBar()
    for name in ("status.backend", "status.balance"):
        placeholder = window.status_labels.pop(name, None)
        if placeholder is not None:
            bar.removeWidget(placeholder)
            placeholder.setObjectName("")  # the real labels below take over the name
            placeholder.setParent(None)
            placeholder.deleteLater()
    # the balance of whichever client the backend uses now (it may switch)
    status = StatusWidgets(backend.queue, lambda: backend.client.get_balance(),
                           backend=backend.name)
    bar.addPermanentWidget(status)
    window.status_labels["status.backend"] = status.backend
    window.status_labels["status.balance"] = status.balance
    _style_backend(status, backend)
    status.refresh_balance_soon()
    return status


def _style_backend(status: StatusWidgets, backend: Backend) -> None:
    status.set_backend(backend.name)
    status.backend.setStyleSheet(
        "QLabel { background: #b8860b; color: white; font-weight: bold; border-radius: 3px;"
        " padding: 0 4px; }" if backend.is_offline else "")


def show_backend(window: Any, panels: StudioPanels, backend: Backend) -> None:
    """After a switch: the status bar tells the new backend and asks for its balance; the
    panels refresh what they say about it (expected costs, the offline engine's limits)."""
    if panels.status is not None:
        _style_backend(panels.status, backend)
        panels.status.refresh_balance_soon()
    show_free(panels.panels.values(), backend.is_offline)
    for widget in panels.panels.values():
        refresh = getattr(widget, "update_cost", None)
        if callable(refresh):
            refresh()


def open_settings(window: Any, backend: Backend | None, message: str = "") -> SettingsDialog:
    """The settings dialog, opened window-modal with ``open()`` (never ``exec()``).

    Saving emits the window's ``settings_saved`` hook, which the app uses to switch backend."""
    store = SettingsStore()
    dialog = SettingsDialog(store.load(), TokenStore(), store, message=message, parent=window)
    on_saved = getattr(window, "on_settings_saved", None)
    if callable(on_saved):
        dialog.saved.connect(on_saved)
    dialog.open()
    return dialog


def install_settings_action(window: Any, backend_of: Callable[[], Backend | None]) -> QAction:
    """Edit → Settings… (Ctrl+,): token, base URL, concurrency, offline engine."""
    action = QAction("&Settings…", window)
    action.setObjectName("action.settings")
    action.setShortcut(QKeySequence("Ctrl+,"))
    action.setToolTip("API token, service URL, concurrency, offline engine (Ctrl+,)")
    action.triggered.connect(lambda: open_settings(window, backend_of()))
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and menu.title().replace("&", "") == "Edit":
            menu.addSeparator()
            menu.addAction(action)
            break
    else:
        window.menuBar().addAction(action)
    window.addAction(action)
    return action


def detach_backend(window: Any, panels: StudioPanels) -> None:
    """Remove the AI docks and status widgets (before switching to another backend)."""
    for name, widget in panels.panels.items():
        dock = window.findChild(QDockWidget, name)
        if dock is not None:
            window.removeDockWidget(dock)
            dock.setObjectName("")
            dock.deleteLater()
        widget.setObjectName("")
    if panels.status is not None:
        window.statusBar().removeWidget(panels.status)
        for label in (panels.status.backend, panels.status.balance):
            label.setObjectName("")
        panels.status.deleteLater()
        for name in ("status.backend", "status.balance"):
            window.status_labels.pop(name, None)
