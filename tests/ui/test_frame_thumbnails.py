"""Frames strip thumbnails are drawn in slices after the rows exist: opening a 64-frame
project or flipping all its frames never draws every thumbnail in one event-loop turn."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QListWidget

import studio.ui.frame_thumbnails as thumbnails_module
from studio.core.document.document import Document, Frame, Layer
from studio.ui.canvas import CanvasWidget
from studio.ui.frame_thumbnails import ThumbnailFiller
from studio.ui.frames_strip import THUMB, FramesStrip
from studio.ui.qt_images import thumbnail_icon


def many_frames(count: int = 64, side: int = 256) -> Document:
    """Frames that differ: frame i has a row of i + 1 red pixels per 4 rows."""
    frames = []
    for i in range(count):
        px = np.zeros((side, side, 4), np.uint8)
        px[:: 4, : (i + 1) * side // count] = (255, 0, 0, 255)
        frames.append(Frame([Layer("Layer 1", px)]))
    return Document(side, side, frames, name="many")


@pytest.fixture
def slices(monkeypatch) -> list[int]:
    """How many thumbnails each slice drew (counted around the real rendering)."""
    counts: list[int] = []
    real_slice = ThumbnailFiller.render_slice
    real_icon = thumbnails_module.thumbnail_icon

    def counting_icon(pixels, size):
        counts[-1] += 1
        return real_icon(pixels, size)

    def counting_slice(self) -> None:
        counts.append(0)
        real_slice(self)

    monkeypatch.setattr(thumbnails_module, "thumbnail_icon", counting_icon)
    monkeypatch.setattr(ThumbnailFiller, "render_slice", counting_slice)
    return counts


@pytest.fixture
def strip(qtbot, slices):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    widget = FramesStrip(canvas)
    qtbot.addWidget(widget)
    widget.resize(400, 140)
    widget.show()
    return widget


def image(icon) -> object:
    return icon.pixmap(THUMB, THUMB).toImage()


def assert_thumbnails_match(strip: FramesStrip, doc: Document) -> None:
    lst = strip.findChild(QListWidget, "frames.list")
    assert lst.count() == len(doc.frames)
    for i in range(len(doc.frames)):
        assert image(lst.item(i).icon()) == image(thumbnail_icon(doc.composite(i), THUMB)), i


def test_opening_64_frames_draws_thumbnails_in_slices(strip, qtbot, slices) -> None:
    doc = many_frames()
    doc.current_frame = 40
    strip.set_document(doc)
    lst = strip.findChild(QListWidget, "frames.list")
    # the rows, tooltips and current row are there at once; no thumbnail is drawn yet
    assert lst.count() == 64 and lst.currentRow() == 40
    assert lst.item(63).toolTip() == "Frame 64: 100 ms"
    assert sum(slices) == 0 and strip.thumbnails.pending == 64
    with qtbot.waitSignal(strip.thumbnails.finished, timeout=10000):
        pass
    assert sum(slices) == 64
    assert len([n for n in slices if n]) >= 2 and max(slices) < 64
    assert_thumbnails_match(strip, doc)


def test_current_frame_then_visible_rows_come_first(strip, qtbot, slices) -> None:
    doc = many_frames(count=64, side=32)
    doc.current_frame = 50
    strip.thumbnails.slice_budget_s = 0.0  # one thumbnail a slice: the order shows
    order: list[int] = []
    lst = strip.findChild(QListWidget, "frames.list")
    strip.set_document(doc)
    placeholder = image(lst.item(0).icon())
    drawn = set()

    def note() -> None:
        for i in range(lst.count()):
            if i not in drawn and image(lst.item(i).icon()) != placeholder:
                drawn.add(i)
                order.append(i)

    strip.thumbnails._timer.timeout.connect(note)
    with qtbot.waitSignal(strip.thumbnails.finished, timeout=10000):
        pass
    note()
    assert set(slices) <= {0, 1} and sum(slices) == 64
    assert order[0] == 50
    visible = [i for i in range(64) if lst.visualItemRect(lst.item(i)).intersects(
        lst.viewport().rect()) and i != 50]
    assert visible and order[1:1 + len(visible)] == sorted(visible)


def test_flipping_all_frames_redraws_every_thumbnail_in_slices(strip, qtbot, slices) -> None:
    doc = many_frames()
    strip.set_document(doc)
    with qtbot.waitSignal(strip.thumbnails.finished, timeout=10000):
        pass
    slices.clear()
    doc.flip_image(horizontal=True)  # one edit of 64 frames
    with qtbot.waitSignal(strip.thumbnails.finished, timeout=10000):
        pass
    assert sum(slices) == 64 and max(slices) < 64
    assert_thumbnails_match(strip, doc)


def test_the_skeleton_timeline_draws_its_pose_thumbnails_in_slices_too(qtbot):
    from studio.ui.skeleton.timeline import THUMB as POSE_THUMB
    from studio.ui.skeleton.timeline import PoseTimeline, pose_thumbnail

    timeline = PoseTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(500, 160)
    timeline.show()
    doc = many_frames()
    drawn: list[int] = []
    real_render = timeline.thumbnails.render
    timeline.thumbnails.render = lambda d, i, size: drawn.append(i) or real_render(d, i, size)
    timeline.set_document(doc)
    assert timeline.list.count() == 64 and drawn == []  # rows at once, no thumbnail yet
    qtbot.waitUntil(lambda: timeline.thumbnails.pending == 0, timeout=10000)
    assert sorted(drawn) == list(range(64)) and drawn[0] == doc.current_frame
    for row in (0, 63):
        shown = timeline.list.item(row).icon().pixmap(POSE_THUMB, POSE_THUMB).toImage()
        expected = pose_thumbnail(doc, row).pixmap(POSE_THUMB, POSE_THUMB).toImage()
        assert shown == expected
    kept = timeline.list.item(5).icon().cacheKey()
    timeline.rebuild()  # e.g. a pose changed: rows keep their icon until redrawn
    assert timeline.list.item(5).icon().cacheKey() == kept
