"""A full disk during a project save and during a recovery write (issue 13): the old project
file stays intact with no temporary file left, and the recovery journal reports the problem
once, keeps the earlier snapshot and writes again when there is room."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.fileio import atomic as atomic_module
from studio.core.fileio.project import load_project, save_project
from studio.core.recovery import journal as journal_module
from studio.core.recovery.journal import RecoveryJournal, restore


def full_disk_writes(monkeypatch, module, state: dict) -> None:
    """``module.atomic_write_bytes`` fails with ENOSPC part-way while ``state["full"]``."""
    real = atomic_module.atomic_writer

    def write(path, data: bytes) -> None:
        with real(path) as handle:
            handle.write(data[: len(data) // 2])
            if state["full"]:
                raise OSError(errno.ENOSPC, "No space left on device")
            handle.write(data[len(data) // 2:])

    monkeypatch.setattr(module, "atomic_write_bytes", write)


def paint(doc: Document, value: int) -> None:
    doc.set_pixels(0, 0, Rect(1, 1, 1, 1), np.array([[[value, 0, 0, 255]]], np.uint8))


def test_project_save_on_a_full_disk_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    from studio.core.fileio import project as project_module

    path = tmp_path / "hero.pxstudio"
    doc = Document.new(4, 4, name="hero")
    paint(doc, 10)
    save_project(doc, path)
    before = path.read_bytes()
    state = {"full": True}
    full_disk_writes(monkeypatch, project_module, state)
    paint(doc, 99)
    with pytest.raises(OSError) as info:
        save_project(doc, path)
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == before and doc.dirty
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hero.pxstudio"]
    assert load_project(path).frames[0].layers[0].pixels[1, 1, 0] == 10


def test_recovery_write_on_a_full_disk_is_reported_once_and_loses_nothing(tmp_path: Path,
                                                                          monkeypatch):
    journal = RecoveryJournal(tmp_path / "recovery", quiet_s=0.01, max_delay_s=0.05).start()
    problems: list[str] = []
    journal.on_problem = problems.append
    state = {"full": False}
    full_disk_writes(monkeypatch, journal_module, state)
    try:
        doc = Document.new(4, 4, name="sketch")
        journal.watch(doc)
        paint(doc, 10)
        journal.flush()
        state["full"] = True
        for value in (20, 30):
            paint(doc, value)
            journal.flush()
        assert len(problems) == 1 and "is full" in problems[0]
        assert "save your documents" in problems[0]
        leftovers = [p for p in journal.run_dir.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []
        [entry] = [e for e in _own_entries(journal)]
        assert restore(entry, discard_entry=False).frames[0].layers[0].pixels[1, 1, 0] == 10
        state["full"] = False
        paint(doc, 40)
        journal.flush()
        [entry] = [e for e in _own_entries(journal)]
        assert restore(entry, discard_entry=False).frames[0].layers[0].pixels[1, 1, 0] == 40
    finally:
        journal.stop()


def _own_entries(journal: RecoveryJournal):
    from studio.core.recovery.store import read_entries

    return read_entries(journal.run_dir, crashed=False)
