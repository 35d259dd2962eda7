"""The default layout is usable at 1600x1000 and 1280x800 (issue 14): the window takes 92% of
the screen; every dock shows its work without dragging a splitter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QSplitter, QTabBar, QTableView

from studio.core.document.document import Document
from studio.ui.wiring import attach_backend
from tests.ui.studio_window import offline_backend, shut_down, studio_window


@pytest.fixture(params=[(1600, 1000), (1280, 800)], ids=["1600x1000", "1280x800"])
def laid_out(request, qloop, qtbot, tmp_path):
    screen_w, screen_h = request.param
    backend = offline_backend(qloop, tmp_path)
    window = studio_window(qtbot, tmp_path)
    window.resize(int(screen_w * 0.92), int(screen_h * 0.92))
    window.show()
    qtbot.waitExposed(window)
    window.add_document(Document.new(32, 48, name="hero"))
    panels = attach_backend(window, backend)
    yield window, panels
    shut_down(qloop, panels, backend)


def _front(qtbot, window, name: str) -> QDockWidget:
    dock = window.findChild(QDockWidget, name)
    dock.raise_()
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    return dock


def test_jobs_library_create_tileset_and_canvas_have_room(laid_out, qtbot):
    window, panels = laid_out
    _front(qtbot, window, "panel.jobs")
    table = window.findChild(QTableView, "jobs.table")
    rows = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows >= 5, f"the Jobs table shows {rows} rows"
    _front(qtbot, window, "panel.library")
    details = window.findChild(QScrollArea, "library.details_scroll")
    assert details.isVisible() and details.height() >= 60
    assert window.findChild(QLabel, "library.details").isVisible()
    create = _front(qtbot, window, "panel.create")
    form_view = panels.panels["panel.create"].form.parentWidget()  # its scroll viewport
    assert form_view.height() >= 250, form_view.height()
    assert create.height() >= window.centralWidget().height()  # full height on the right
    assert create.width() >= 410
    tileset = _front(qtbot, window, "panel.tileset")
    splitter = tileset.findChild(QSplitter)
    top, bottom = splitter.sizes()
    assert top >= 280 and bottom >= 250, (top, bottom)
    assert window.canvas.width() >= 320 and window.canvas.height() >= 350
    assert window.findChild(QDockWidget, "panel.frames").height() >= 200
    # the docks' tab bars keep whole names (scroll arrows instead of "Cre...")
    bars = [b for b in window.findChildren(QTabBar) if b is not window.tabs and b.count()]
    names = {b.tabText(i) for b in bars for i in range(b.count())}
    assert {"Create", "Characters", "Jobs", "Library"} <= names
    assert all(b.elideMode() == Qt.TextElideMode.ElideNone for b in bars)


def _inside(window, dock, widget) -> bool:
    """``widget`` is not cut at the left or right of what ``dock`` shows: the viewport of the
    scroll area nearest to it (a form's own scroll area within the dock's)."""
    from PySide6.QtCore import QPoint

    inner = dock.widget()
    view = inner.viewport() if isinstance(inner, QScrollArea) else inner
    parent = widget.parentWidget()
    while parent is not None and parent is not dock:
        if isinstance(parent.parentWidget(), QScrollArea):
            view = parent
            break
        parent = parent.parentWidget()
    left, width = view.mapTo(window, QPoint(0, 0)).x(), view.width()
    x = widget.mapTo(window, QPoint(0, 0)).x()
    return left <= x and x + widget.width() <= left + width


def test_wide_rows_fit_their_docks(laid_out, qtbot):
    """The Create size presets and image buttons, the Tileset export buttons and the
    Palette's "max" field are not cut at the right."""
    from PySide6.QtWidgets import QCheckBox, QPushButton, QSpinBox, QTabWidget, QWidget

    window, _ = laid_out
    create = _front(qtbot, window, "panel.create")
    for name in ("preset16", "preset128", "init_image.clear", "color_image.clear"):
        assert _inside(window, create, window.findChild(QPushButton, f"create.{name}")), name
    for name in ("no_background", "style_color_palette", "style_detail"):
        box = window.findChild(QCheckBox, f"create.{name}")
        assert box is not None and _inside(window, create, box), name
    tileset = _front(qtbot, window, "panel.tileset")
    for name in ("export_tiled", "export_godot", "export_plain"):
        button = window.findChild(QPushButton, f"tileset.{name}")
        assert _inside(window, tileset, button), name
    palette = window.findChild(QDockWidget, "panel.palette")
    assert _inside(window, palette, window.findChild(QSpinBox, "palette.max_colors"))
    skeleton = _front(qtbot, window, "panel.skeleton")
    assert _inside(window, skeleton, window.findChild(QCheckBox, "skeleton.keep_lengths"))
    assert _inside(window, skeleton, window.findChild(QSpinBox, "skeleton.z"))
    characters = _front(qtbot, window, "panel.characters")
    tabs = window.findChild(QTabWidget, "characters.tabs")
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("Browse"))
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "characters.next").isVisible())
    for name in ("refresh", "next", "limit"):
        widget = window.findChild(QWidget, f"characters.{name}")
        assert _inside(window, characters, widget), name


def test_frames_buttons_sit_under_the_title(laid_out, qtbot):
    """No empty band between the Frames dock's title and its buttons."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QPushButton

    window, _ = laid_out
    frames = _front(qtbot, window, "panel.frames")
    add = window.findChild(QPushButton, "frames.add")
    top = add.mapTo(frames, QPoint(0, 0)).y()
    assert top <= frames.widget().mapTo(frames, QPoint(0, 0)).y() + 20, top


def test_palette_controls_are_not_squashed(laid_out, qtbot):
    """The Palette dock gets (almost) its natural height; the Layers list gives way."""
    window, _ = laid_out
    palette = window.findChild(QDockWidget, "panel.palette").widget()
    natural = palette.sizeHint().height()
    qtbot.waitUntil(lambda: palette.height() >= natural * 0.95)
    layers = window.findChild(QDockWidget, "panel.layers")
    assert not layers.visibleRegion().isEmpty()
