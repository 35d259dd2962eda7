"""Menus, tool bar and tool options of the main window (Aseprite shortcuts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QToolBar

from studio.ui.actions import make_action
from studio.ui.canvas.tool_table import TOOLS
from studio.ui.color.menu import build_colors_menu
from studio.ui.edit_menu import build_edit_menu
from studio.ui.frame_menu import build_frame_menu
from studio.ui.icons import tool_icon
from studio.ui.image_menu import build_image_menu
from studio.ui.layer_menu import build_layer_menu
from studio.ui.tool_options_bar import ToolOptionsBar
from studio.ui.view_keys import build_view_keys
from studio.ui.window_host import DocumentHost

if TYPE_CHECKING:
    from studio.core.document.document import Document
    from studio.ui.edit_actions import EditController
    from studio.ui.export_actions import ExportController
    from studio.ui.file_actions import FileController
    from studio.ui.frames_strip import FramesStrip


class MenuHost(DocumentHost, Protocol):
    """The window the menus and tool bar are built into; the menus set the last five fields."""

    files: FileController
    edit: EditController
    exporter: ExportController
    frames_strip: FramesStrip
    recent_menu: QMenu
    panels_menu: QMenu
    tool_actions: dict[str, QAction]
    tool_group: QActionGroup
    tool_bar: QToolBar

    def menuBar(self) -> QMenuBar: ...  # noqa: N802
    def addToolBar(self, toolbar: QToolBar) -> None: ...  # noqa: N802
    def close(self) -> bool: ...
    def close_document(self, doc: Document, force: bool = False) -> bool: ...
    def paste(self, as_document: bool = False) -> bool: ...
    def open_shortcuts(self) -> object: ...


def build_menus(w: MenuHost) -> dict[str, QAction]:
    acts: dict[str, QAction] = {}
    files, canvas = w.files, w.canvas

    def add(menu, name: str, text: str, slot, shortcut=None, tip=None, checkable=False,
            obj: str | None = None):
        """A menu action; ``obj`` is its objectName (default ``action.<name>``)."""
        action = make_action(w, text, slot, shortcut, tip, checkable,
                             name=obj or f"action.{name}")
        menu.addAction(action)
        acts[name] = action
        return action

    bar = w.menuBar()
    m = bar.addMenu("&File")
    add(m, "new", "&New…", files.ask_new, QKeySequence.StandardKey.New, "New sprite")
    add(m, "open", "&Open…", files.ask_open, QKeySequence.StandardKey.Open, "Open a sprite")
    w.recent_menu = m.addMenu("Open &recent")
    add(m, "import_sheet", "&Import sprite sheet…", files.ask_import_sheet, "Ctrl+I",
        "Slice a sprite sheet into frames")
    m.addSeparator()
    add(m, "save", "&Save", files.save, QKeySequence.StandardKey.Save)
    add(m, "save_as", "Save &as…", files.ask_save_as, "Ctrl+Shift+S")
    add(m, "export", "&Export…", w.exporter.ask_export, "Ctrl+Shift+E",
        "PNG, frames, sprite sheet + JSON, GIF or APNG, at a scale, for the sprite or a tag",
        obj="file.export")
    add(m, "export_again", "Export a&gain", w.exporter.export_again, "Ctrl+Alt+E",
        "Repeat the last export of this sprite with the same settings",
        obj="file.export_again")
    add(m, "export_png", "Export current frame as &PNG…", files.ask_export_png,
        "Ctrl+Alt+Shift+S", "Export the current frame as PNG")
    m.addSeparator()
    add(m, "close", "&Close", _close_current(w), QKeySequence.StandardKey.Close)
    add(m, "quit", "&Quit", w.close, QKeySequence.StandardKey.Quit)

    m = bar.addMenu("&Edit")
    add(m, "undo", "&Undo", _history(w, "undo"), "Ctrl+Z")
    add(m, "redo", "&Redo", _history(w, "redo"), ["Ctrl+Shift+Z", "Ctrl+Y"])
    m.addSeparator()
    build_edit_menu(w, m, bar.addMenu("&Select"), add)
    m.addSeparator()
    add(m, "shortcuts", "&Keyboard shortcuts…", w.open_shortcuts, None,
        "Change the keys of any menu command or tool")
    add(m, "swap_colors", "S&wap colours", canvas.swap_colors, "X",
        "Swap primary and secondary colours")

    build_image_menu(w, bar, add)
    build_layer_menu(w, bar, add)
    build_frame_menu(w, bar, add)

    m = bar.addMenu("&View")
    add(m, "zoom_in", "Zoom &in", lambda: canvas.zoom_step(1), ["+", "Ctrl+="])
    add(m, "zoom_out", "Zoom &out", lambda: canvas.zoom_step(-1), ["-", "Ctrl+-"])
    add(m, "zoom_fit", "&Fit on screen", canvas.zoom_fit, ["0", "Ctrl+0"])
    add(m, "zoom_100", "&Actual size (100%)", canvas.zoom_actual, "Ctrl+1")
    build_view_keys(w, m.addMenu("Zoom and &brush keys"), add)
    m.addSeparator()
    grid = add(m, "grid", "Pixel &grid", canvas.set_grid_visible, "Ctrl+'",
               "Show the pixel grid above 400%", checkable=True)
    grid.setChecked(canvas.renderer.show_grid)
    add(m, "tiled", "&Tiled preview (3x3)", canvas.set_tiled, "Ctrl+T", checkable=True)
    onion = add(m, "onion", "&Onion skin", w.frames_strip.onion_button.setChecked, "F3",
                checkable=True)
    w.frames_strip.onion_button.toggled.connect(onion.setChecked)
    play = add(m, "play", "&Play animation", _toggle_play(w), "Return")
    # Enter also commits spin boxes and line edits: only the canvas takes it as "play"
    play.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    w.canvas.addAction(play)
    acts.update(build_colors_menu(w, bar))
    w.panels_menu = bar.addMenu("&Window")
    for dock in w.findChildren(QDockWidget):
        w.panels_menu.addAction(dock.toggleViewAction())

    _tool_bar(w, acts)
    _options_bar(w)
    return acts


def _tool_bar(w: MenuHost, acts: dict[str, QAction]) -> None:
    bar = QToolBar("Tools", w)
    bar.setObjectName("toolbar.tools")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.setIconSize(QSize(22, 22))
    w.addToolBar(Qt.ToolBarArea.LeftToolBarArea, bar)
    group = QActionGroup(w)
    group.setExclusive(True)
    w.tool_bar, w.tool_group = bar, group
    for spec in TOOLS.values():
        add_tool_action(w, spec.name)
    acts.update({f"tool.{n}": a for n, a in w.tool_actions.items()})
    w.canvas.tool_changed.connect(lambda name: w.tool_actions[name].setChecked(True)
                                  if name in w.tool_actions else None)
    w.tool_actions[w.canvas.tool_name].setChecked(True)


def add_tool_action(w: MenuHost, name: str) -> QAction:
    """A checkable tool-bar button for a tool of the mode table (later tools call this)."""
    if not hasattr(w, "tool_actions"):
        w.tool_actions = {}
    spec = TOOLS[name]
    action = make_action(w, spec.label, lambda n=name: w.canvas.set_tool(n), spec.shortcut,
                         checkable=False, name=f"tool.{name}")
    action.setCheckable(True)
    action.setIcon(tool_icon(name))
    w.tool_group.addAction(action)
    w.tool_bar.addAction(action)
    w.tool_actions[name] = action
    return action


def _options_bar(w: MenuHost) -> None:
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, ToolOptionsBar(w.canvas, w))


def _history(w: MenuHost, what: str):
    def run() -> None:
        doc = w.current_document()
        if doc is not None and not doc.history.in_group:
            getattr(doc.history, what)()
    return run


def _close_current(w: MenuHost):
    def run() -> None:
        doc = w.current_document()
        if doc is not None:
            w.close_document(doc)
    return run


def _toggle_play(w: MenuHost):
    def run() -> None:
        if not w.canvas.transform.commit():  # Enter applies a transform first
            w.frames_strip.set_playing(not w.frames_strip.playing)
    return run
