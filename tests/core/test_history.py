"""History atoms, grouping, budget and the clean marker."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.document.history import CallbackAtom, History, PixelAtom


def fill(doc: Document, rect: Rect, value: int) -> None:
    doc.set_pixels(0, 0, rect, np.full((rect.h, rect.w, 4), value, np.uint8))


def test_pixel_atom_undo_redo_restores_exact_pixels() -> None:
    doc = Document.new(6, 5)
    fill(doc, Rect(1, 1, 3, 2), 200)
    snapshot = doc.frames[0].layers[0].pixels.copy()
    assert doc.history.undo()
    assert not doc.frames[0].layers[0].pixels.any()
    assert doc.history.redo()
    np.testing.assert_array_equal(doc.frames[0].layers[0].pixels, snapshot)


def test_group_is_one_step_and_merges_dabs_into_one_diff() -> None:
    doc = Document.new(16, 16)
    events: list[Rect] = []
    doc.changed.connect(lambda f, r: events.append(r))
    doc.history.begin("Stroke")
    for i in range(10):
        fill(doc, Rect(i, i, 2, 2), 50 + i)
    doc.history.end()
    assert doc.history.undo_count == 1
    (step,) = list(doc.history._undo)
    assert len(step.atoms) == 1 and isinstance(step.atoms[0], PixelAtom)
    assert step.atoms[0].rect == Rect(0, 0, 11, 11)
    events.clear()
    doc.history.undo()
    assert events == [Rect(0, 0, 11, 11)]
    assert not doc.frames[0].layers[0].pixels.any()


def test_overlapping_dabs_undo_to_the_original_not_an_intermediate() -> None:
    doc = Document.new(4, 4)
    fill(doc, Rect(0, 0, 4, 4), 7)
    doc.history.begin("Stroke")
    fill(doc, Rect(0, 0, 2, 2), 100)
    fill(doc, Rect(1, 1, 2, 2), 150)
    doc.history.end()
    doc.history.undo()
    assert (doc.frames[0].layers[0].pixels == 7).all()


def test_new_change_clears_redo() -> None:
    doc = Document.new(4, 4)
    fill(doc, Rect(0, 0, 1, 1), 1)
    doc.history.undo()
    assert doc.history.can_redo
    fill(doc, Rect(1, 1, 1, 1), 2)
    assert not doc.history.can_redo
    assert doc.history.redo() is False


def test_budget_drops_oldest_steps_but_keeps_newest() -> None:
    doc = Document.new(32, 32)
    doc.history.budget_bytes = 3 * (32 * 32 * 4 * 2 + 64)
    for v in range(1, 7):
        fill(doc, Rect(0, 0, 32, 32), v)
    assert doc.history.undo_count == 3
    assert doc.history.nbytes <= doc.history.budget_bytes
    while doc.history.undo():
        pass
    # the three oldest steps were dropped, so undo stops at value 3
    assert (doc.frames[0].layers[0].pixels == 3).all()
    assert doc.dirty  # the saved (empty) state is no longer reachable


def test_single_step_larger_than_budget_is_kept() -> None:
    h = History(budget_bytes=10)
    h.push(CallbackAtom(lambda: None, lambda: None, nbytes=1000))
    assert h.undo_count == 1


def test_clean_marker_follows_undo_and_redo() -> None:
    doc = Document.new(4, 4)
    seen: list[bool] = []
    doc.dirty_changed.connect(seen.append)
    assert not doc.dirty
    fill(doc, Rect(0, 0, 1, 1), 9)
    assert doc.dirty
    doc.mark_saved()
    assert not doc.dirty
    doc.history.undo()
    assert doc.dirty
    doc.history.redo()
    assert not doc.dirty
    assert seen == [True, False, True, False]


def test_recording_while_undoing_is_refused() -> None:
    h = History()
    h.push(CallbackAtom(lambda: h.push(CallbackAtom(print, print)), lambda: None))
    with pytest.raises(RuntimeError):
        h.undo()


def test_end_without_begin_raises_and_nested_groups_make_one_step() -> None:
    h = History()
    with pytest.raises(RuntimeError):
        h.end()
    log: list[str] = []
    h.begin("outer")
    h.push(CallbackAtom(lambda: log.append("u1"), lambda: log.append("r1")))
    h.begin("inner")
    h.push(CallbackAtom(lambda: log.append("u2"), lambda: log.append("r2")))
    h.end()
    assert not h.can_undo  # still inside the outer group
    h.end()
    assert h.undo_count == 1 and h.undo_label == "outer"
    h.undo()
    assert log == ["u2", "u1"]
    h.redo()
    assert log == ["u2", "u1", "r1", "r2"]


def test_far_apart_dabs_are_not_folded_into_a_huge_diff() -> None:
    doc = Document.new(1024, 1024)
    doc.history.begin("Stroke")
    fill(doc, Rect(0, 0, 1, 1), 1)
    fill(doc, Rect(1023, 1023, 1, 1), 2)
    doc.history.end()
    (step,) = list(doc.history._undo)
    assert len(step.atoms) == 2
    assert doc.history.nbytes < 10_000


def test_a_background_save_marks_clean_only_the_state_it_saved() -> None:
    doc = Document.new(4, 4)
    fill(doc, Rect(0, 0, 1, 1), 10)
    point = doc.history.save_point()  # the save starts here...
    fill(doc, Rect(1, 1, 1, 1), 20)  # ...the user keeps drawing...
    doc.history.mark_clean_at(point)  # ...and the save finishes
    assert doc.dirty
    doc.history.undo()
    assert not doc.dirty  # back at the saved state
