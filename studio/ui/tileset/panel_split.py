"""The layout the tileset and isometric panels share: a scrolling form with its actions pinned
below it, over a preview pane, in a vertical splitter that fills the panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QSplitter, QVBoxLayout, QWidget

Item = QWidget | QLayout


def _column(items: list[tuple[Item, int]]) -> QWidget:
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    for item, stretch in items:
        if isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)
    return pane


def form_over_preview(owner: QWidget, form: QWidget, pinned: list[Item],
                      preview: list[tuple[Item, int]],
                      stretch: tuple[int, int] = (1, 2)) -> QSplitter:
    """Lay ``owner`` out: ``form`` scrolls, ``pinned`` (Generate, progress, status) stays in
    view under it, and ``preview`` (items with their stretch) fills the lower pane."""
    scroll = QScrollArea(widgetResizable=True)
    scroll.setWidget(form)
    top = _column([(scroll, 1)] + [(item, 0) for item in pinned])
    bottom = _column(preview)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(top)
    splitter.addWidget(bottom)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setChildrenCollapsible(False)
    # Start from the stretch ratio, not from the preview's size hint (a whole map at 2x).
    splitter.setSizes([600 * stretch[0], 600 * stretch[1]])
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(splitter)
    return splitter
