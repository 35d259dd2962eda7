"""Colour and clean-up results applied to a Document: one undo step, one or all frames."""

from __future__ import annotations

import numpy as np

from studio.core.cleanup import AxisGrid, Grid, remove_orphans
from studio.core.cleanup.document_ops import apply_filter, unzoom_document
from studio.core.document.document import Document
from tests.core.unzoom_cases import make_sprite, upscale


def _doc(frames: int = 3) -> Document:
    rng = np.random.default_rng(4)
    images = []
    for _ in range(frames):
        img = np.zeros((12, 12, 4), np.uint8)
        img[..., :] = (200, 30, 30, 255)
        img[rng.integers(1, 11), rng.integers(1, 11)] = (0, 0, 255, 255)
        images.append((img, 100))
    return Document.from_frames(images)


def test_filter_on_all_frames_is_one_undo_step() -> None:
    doc = _doc()
    before = [f.layers[0].pixels.copy() for f in doc.frames]
    assert apply_filter(doc, 0, True, remove_orphans, "Remove orphan pixels") == 3
    assert all((f.layers[0].pixels == (200, 30, 30, 255)).all() for f in doc.frames)
    doc.history.undo()
    assert all(np.array_equal(f.layers[0].pixels, b) for f, b in zip(doc.frames, before,
                                                                      strict=True))
    assert not doc.history.can_undo


def test_filter_on_the_current_frame_only() -> None:
    doc = _doc()
    doc.current_frame = 1
    assert apply_filter(doc, 0, False, remove_orphans, "Orphans") == 1
    assert (doc.frames[1].layers[0].pixels == (200, 30, 30, 255)).all()
    assert not (doc.frames[0].layers[0].pixels == (200, 30, 30, 255)).all()
    assert apply_filter(doc, 0, False, remove_orphans, "Orphans") == 0  # nothing left to do


def test_unzoom_document_resizes_every_frame_in_one_step() -> None:
    sprite = make_sprite(np.random.default_rng(1), 10, 8)
    big = upscale(sprite, 4.0, (0.0, 0.0), (0, 0))
    doc = Document.from_frames([(big, 100), (big[:, ::-1].copy(), 100)])
    size = unzoom_document(doc, Grid(AxisGrid(4.0, 0.0), AxisGrid(4.0, 0.0)), 0)
    assert size == (10, 8) and (doc.width, doc.height) == (10, 8)
    assert np.array_equal(doc.frames[0].layers[0].pixels, sprite)
    doc.history.undo()
    assert (doc.width, doc.height) == (40, 32)
    assert np.array_equal(doc.frames[0].layers[0].pixels, big)


def test_resample_document_grows_and_shrinks_in_one_step() -> None:
    from studio.core.cleanup.document_ops import resample_document

    sprite = make_sprite(np.random.default_rng(3), 10, 8)
    doc = Document.from_frames([(sprite, 100)])
    assert resample_document(doc, 20, 16) == (20, 16)
    assert np.array_equal(doc.frames[0].layers[0].pixels, upscale(sprite, 2.0, (0, 0), (0, 0)))
    assert resample_document(doc, 10, 8) == (10, 8)
    assert np.array_equal(doc.frames[0].layers[0].pixels, sprite)
    doc.history.undo()
    assert (doc.width, doc.height) == (20, 16)
