"""Property: any sequence of recorded edits undoes to the start and redoes to the end exactly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.painting import pixels as tools

W, H = 6, 5


def snapshot(doc: Document) -> list:
    return [doc.size] + [(f.duration_ms, None if f.mask is None else f.mask.tobytes(), f.pose,
             [(ly.name, ly.kind, ly.visible, ly.opacity, ly.pixels.tobytes()) for ly in f.layers])
            for f in doc.frames] + [list(doc.palette), dict(doc.extras)]


op = st.one_of(
    st.tuples(st.just("pixels"), st.integers(-3, W), st.integers(-3, H), st.integers(1, 4),
              st.integers(1, 4), st.integers(0, 255)),
    st.tuples(st.just("stroke"), st.lists(st.tuples(st.integers(-1, W), st.integers(-1, H)),
                                          min_size=1, max_size=6), st.integers(1, 3)),
    st.tuples(st.just("fill"), st.integers(0, W - 1), st.integers(0, H - 1), st.booleans()),
    st.tuples(st.just("mask"), st.integers(0, W - 1), st.integers(0, H - 1)),
    st.tuples(st.just("add_frame")), st.tuples(st.just("dup_frame")),
    st.tuples(st.just("del_frame")), st.tuples(st.just("move_frame"), st.integers(0, 9)),
    st.tuples(st.just("add_layer")), st.tuples(st.just("accept")),
    st.tuples(st.just("props"), st.booleans(), st.floats(0, 1)),
    st.tuples(st.just("duration"), st.integers(1, 65535)),
    st.tuples(st.just("pose"), st.integers(0, 100)),
    st.tuples(st.just("palette"), st.integers(0, 255)),
    st.tuples(st.just("move"), st.integers(-3, 3), st.integers(-3, 3)),
    st.tuples(st.just("resize"), st.integers(1, 8), st.integers(1, 8), st.integers(-2, 2),
              st.integers(-2, 2)),
)


def apply(doc: Document, step: tuple) -> None:
    kind, *args = step
    f = len(doc.frames) - 1
    top = len(doc.frames[f].layers) - 1
    if kind == "pixels":
        x, y, w, h, v = args
        doc.set_pixels(f, 0, Rect(x, y, w, h), np.full((h, w, 4), v, np.uint8))
    elif kind == "stroke":
        points, size = args
        doc.history.begin("Stroke")
        for px, py in points:
            tools.stamp(doc, f, top, px, py, size, (1, 2, 3, 255))
        doc.history.end()
    elif kind == "fill":
        tools.flood_fill(doc, f, 0, args[0], args[1], (9, 9, 9, 255), contiguous=args[2])
    elif kind == "mask":
        doc.set_mask_pixels(f, Rect(args[0], args[1], 2, 2), np.full((2, 2), 255, np.uint8))
    elif kind == "add_frame":
        doc.add_frame()
    elif kind == "dup_frame":
        doc.duplicate_frame(f)
    elif kind == "del_frame" and len(doc.frames) > 1:
        doc.delete_frame(0)
    elif kind == "move_frame":
        doc.move_frame(0, args[0] % len(doc.frames))
    elif kind == "add_layer":
        doc.add_layer(f, kind="ai")
    elif kind == "accept" and top > 0:
        doc.accept_layer(f, top)
    elif kind == "props":
        doc.set_layer_props(f, top, visible=args[0], opacity=args[1])
    elif kind == "duration":
        doc.set_duration(f, args[0])
    elif kind == "pose":
        doc.set_pose(f, [{"label": "NOSE", "x": args[0] / 100, "y": 0.5, "z_index": 0}])
    elif kind == "palette":
        doc.set_palette([(args[0], 0, 0, 255)])
    elif kind == "resize":
        doc.resize_canvas(*args)
    elif kind == "move":
        tools.move_selection(doc, f, 0, Rect(1, 1, 3, 2), args[0], args[1])


@settings(max_examples=80, deadline=None)
@given(st.lists(op, min_size=1, max_size=25))
def test_undo_all_then_redo_all_is_exact(steps: list[tuple]) -> None:
    doc = Document.new(W, H)
    doc.set_pixels(0, 0, doc.bounds, np.random.default_rng(0).integers(0, 3, (H, W, 4),
                                                                       dtype=np.uint8) * 100)
    doc.history.clear()
    start = snapshot(doc)
    for step in steps:
        apply(doc, step)
    end = snapshot(doc)
    count = doc.history.undo_count
    for _ in range(count):
        assert doc.history.undo()
    assert snapshot(doc) == start and not doc.history.can_undo
    for _ in range(count):
        assert doc.history.redo()
    assert snapshot(doc) == end
