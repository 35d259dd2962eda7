"""BackgroundSave: the snapshot is what gets written; cancel stops before writing."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
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
