"""Atomic writes: a failure at any step leaves the old file byte-for-byte intact."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.fileio import atomic_write_bytes, load_project, save_png, save_project


def test_atomic_write_replaces_content_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f.bin"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failure_keeps_old_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   step: str) -> None:
    path = tmp_path / "art.pxstudio"
    doc = Document.new(4, 4)
    doc.set_pixels(0, 0, doc.bounds, np.full((4, 4, 4), 10, np.uint8))
    save_project(doc, path)
    original = path.read_bytes()
    doc.set_pixels(0, 0, doc.bounds, np.full((4, 4, 4), 99, np.uint8))

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, step, boom)
    with pytest.raises(OSError, match="No space"):
        save_project(doc, path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["art.pxstudio"]
    assert doc.dirty  # the failed save did not mark the document saved
    assert (load_project(path).frames[0].layers[0].pixels == 10).all()


def test_failed_png_save_keeps_old_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.png"
    save_png(Document.new(2, 2), path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk unplugged")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_png(Document.from_image(np.full((3, 3, 4), 200, np.uint8)), path)
    assert path.read_bytes() == before


def test_atomic_write_keeps_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "m.bin"
    target.write_bytes(b"x")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"y")
    assert (target.stat().st_mode & 0o777) == 0o640
