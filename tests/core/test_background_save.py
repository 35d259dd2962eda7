"""BackgroundSave: the document as of the save point is what gets written, also when it is
edited while the worker copies its pixels; cancel stops before writing."""

from __future__ import annotations

import asyncio
import threading

import numpy as np
import pytest

from studio.core.document.document import Document, Frame, Layer
from studio.core.document.geometry import Rect
from studio.core.fileio import load_project, save_project
from studio.core.fileio.background_save import BackgroundSave, SaveCancelled


def _paint(doc: Document, x: int, value: int) -> None:
    doc.set_pixels(0, 0, Rect(x, 0, 1, 1), np.full((1, 1, 4), value, np.uint8))


async def test_the_snapshot_is_written_and_later_edits_stay_unsaved(tmp_path) -> None:
    doc = Document.new(8, 8, name="Untitled 1")
    _paint(doc, 0, 10)
    save = BackgroundSave.begin(doc, tmp_path / "hero.pxstudio")
    _paint(doc, 1, 20)  # drawn while the file is being written
    await save.run()
    assert doc.path == tmp_path / "hero.pxstudio" and doc.name == "hero"
    assert doc.dirty
    pixels = load_project(doc.path).frames[0].layers[0].pixels
    assert pixels[0, 0, 0] == 10 and pixels[0, 1, 0] == 0


async def test_cancel_stops_before_writing_and_keeps_the_old_name(tmp_path) -> None:
    target = tmp_path / "kept.pxstudio"
    save_project(Document.new(4, 4, name="old"), target)
    before = target.read_bytes()
    doc = Document.new(8, 8, name="mine")
    doc.mark_dirty()
    save = BackgroundSave.begin(doc, target)
    save.cancel()
    with pytest.raises(SaveCancelled):
        await save.run()
    assert target.read_bytes() == before and doc.name == "mine" and doc.dirty


def frames_document(count: int = 64, side: int = 32) -> Document:
    """Frame i filled with the value i; frame 40 (or the last) also has a mask."""
    frames = [Frame([Layer("Layer 1", np.full((side, side, 4), i, np.uint8))])
              for i in range(count)]
    frames[min(40, count - 1)].mask = np.full((side, side), 7, np.uint8)
    return Document(side, side, frames, name="frames")


async def test_edits_landing_during_the_copy_stay_unsaved_and_the_file_is_the_save_point(
        tmp_path) -> None:
    doc = frames_document()
    doc.mark_dirty()
    before = [f.layers[0].pixels.copy() for f in doc.frames]
    target = tmp_path / "frames.pxstudio"
    save = BackgroundSave.begin(doc, target)
    # begin copied no pixels: the worker does, one array at a time
    assert all(c.layers[0].pixels is f.layers[0].pixels
               for c, f in zip(save.copy.frames, doc.frames, strict=True))
    reached, go = threading.Event(), threading.Event()
    calls = 0
    real_check = save._check

    def pausing_check() -> None:  # the worker stops before its 10th array: frames 0-8 copied
        nonlocal calls
        calls += 1
        if calls == 10:
            reached.set()
            go.wait(10)
        real_check()

    save._check = pausing_check  # type: ignore[method-assign]
    task = asyncio.ensure_future(save.run())
    assert await asyncio.to_thread(reached.wait, 10)
    full = Rect(0, 0, 32, 32)
    doc.set_pixels(0, 0, full, np.full((32, 32, 4), 200, np.uint8))  # copied already
    doc.set_pixels(40, 0, full, np.full((32, 32, 4), 201, np.uint8))  # not copied yet
    doc.set_mask_pixels(40, full, np.full((32, 32), 255, np.uint8))
    doc.flip_image(horizontal=True)
    doc.set_pixels(50, 0, Rect(0, 0, 1, 1), np.full((1, 1, 4), 202, np.uint8))  # a new array
    doc.delete_frame(63)
    go.set()
    await task

    assert doc.dirty and doc.path == target and doc.name == "frames"
    loaded = load_project(target)
    assert len(loaded.frames) == 64  # exactly the document at the save point
    for i, frame in enumerate(loaded.frames):
        np.testing.assert_array_equal(frame.layers[0].pixels, before[i])
    np.testing.assert_array_equal(loaded.frames[40].mask, np.full((32, 32), 7, np.uint8))
    assert doc.frames[40].layers[0].pixels[0, 0, 0] == 201  # the edits stay in the document
    assert not doc._write_hooks  # no copy-on-write once the save is done
    for _ in range(6):
        doc.history.undo()
    assert not doc.dirty  # undoing the edits made meanwhile returns to the saved state


async def test_cancel_during_the_copy_leaves_no_write_hook(tmp_path) -> None:
    doc = frames_document(count=4)
    save = BackgroundSave.begin(doc, tmp_path / "never.pxstudio")
    save.cancel()
    with pytest.raises(SaveCancelled):
        await save.run()
    assert not (tmp_path / "never.pxstudio").exists() and not doc._write_hooks
