"""Frame thumbnails of the frames strip, drawn a slice at a time so the window never stalls.

Compositing and scaling a thumbnail costs ~0.25 ms at 256x256: all 64 frames of an opened
project (or of a whole-document flip) at once would hold the event loop for ~16 ms and more
with more frames. :class:`ThumbnailFiller` keeps the set of rows whose thumbnail is out of
date and renders them in slices of at most :attr:`ThumbnailFiller.slice_budget_s` of work
(always at least one thumbnail), one slice per event-loop turn: the current frame first, then
the rows in view, then the rest in order. Pixel edits are gathered for
:data:`EDIT_DELAY_MS` first (a brush stroke redraws the thumbnail a few times a second, not
at every dab).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap, Qt
from PySide6.QtWidgets import QListWidget

from studio.core.document.document import Document
from studio.ui.qt_images import thumbnail_icon

SLICE_BUDGET_S = 0.004
EDIT_DELAY_MS = 150


Render = Callable[[Document, int, int], QIcon]  # (document, frame, size) -> thumbnail


def frame_icon(doc: Document, frame: int, size: int) -> QIcon:
    """The frame's pixels, scaled to fit ``size`` (the frames strip's thumbnail)."""
    with doc.lock:
        pixels = doc.composite(frame)
    return thumbnail_icon(pixels, size)


def icons_by_frame(list_widget: QListWidget, shown: list) -> dict[int, QIcon]:
    """The icon of each frame shown (row i = ``shown[i]``), by frame identity: a rebuilt list
    keeps them until they are redrawn, so a change elsewhere does not blank the strip."""
    return {id(frame): list_widget.item(row).icon()
            for row, frame in enumerate(shown) if row < list_widget.count()}


def placeholder_icon(size: int) -> QIcon:
    """A transparent icon shown until a frame's thumbnail is drawn."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)


class ThumbnailFiller(QObject):
    """Renders stale rows of ``list_widget`` (row i = frame i of the document) in slices,
    each with ``render`` (the frames strip's pixels, the skeleton timeline's pose)."""

    finished = Signal()  # every thumbnail is up to date

    def __init__(self, list_widget: QListWidget, size: int, render: Render = frame_icon
                 ) -> None:
        super().__init__(list_widget)
        self.list = list_widget
        self.size = size
        self.render = render
        self.document: Document | None = None
        self.slice_budget_s = SLICE_BUDGET_S
        self._stale: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.render_slice)

    @property
    def pending(self) -> int:
        """How many rows still show an old or placeholder thumbnail."""
        return len(self._stale)

    def reset(self, document: Document | None) -> None:
        """Every row of ``document`` is stale (the list was just rebuilt): start filling."""
        self.document = document
        self._stale = set() if document is None else set(range(len(document.frames)))
        if self._stale:
            self._timer.start(0)
        else:
            self._timer.stop()

    def mark_stale(self, frame: int) -> None:
        """The pixels of ``frame`` changed: redraw it after a short delay."""
        self._stale.add(frame)
        if not self._timer.isActive():
            self._timer.start(EDIT_DELAY_MS)

    def render_slice(self) -> None:
        """Draw stale thumbnails for up to the slice budget; schedule the next slice."""
        doc = self.document
        count = min(self.list.count(), 0 if doc is None else len(doc.frames))
        self._stale = {i for i in self._stale if i < count}
        if doc is None or not self._stale:
            self._stale.clear()
            return
        deadline = time.perf_counter() + self.slice_budget_s
        for row in self._order(doc.current_frame):
            self.list.item(row).setIcon(self.render(doc, row, self.size))
            self._stale.discard(row)
            if time.perf_counter() >= deadline:
                break
        if self._stale:
            self._timer.start(0)  # the next slice after the events that waited
        else:
            self.finished.emit()

    def _order(self, current: int) -> Iterator[int]:
        """Stale rows: the current frame, then those in view, then the rest."""
        first = [current] if current in self._stale else []
        visible = [r for r in self._visible_rows() if r in self._stale and r != current]
        seen = set(first) | set(visible)
        yield from first
        yield from visible
        yield from (r for r in sorted(self._stale) if r not in seen)

    def _visible_rows(self) -> range:
        """Rows in view; the strip lays its items out left to right in one line."""
        count = self.list.count()
        width = self.list.viewport().width()
        if count == 0 or not self.list.isVisible():
            return range(0)
        lo, hi = 0, count
        while lo < hi:  # the first row whose right edge is in view
            mid = (lo + hi) // 2
            if self.list.visualItemRect(self.list.item(mid)).right() < 0:
                lo = mid + 1
            else:
                hi = mid
        end = lo
        while end < count and self.list.visualItemRect(self.list.item(end)).left() < width:
            end += 1
        return range(lo, end)
