"""Recovery journal: background snapshots, clean/closed handling, crash (SIGKILL) and restore."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.fileio import FileFormatError, save_project
from studio.core.recovery.journal import RecoveryJournal, list_recoverable, purge_expired, restore

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("condition not met in time")


def paint(doc: Document, x: int, y: int, value: int) -> None:
    doc.set_pixels(0, 0, Rect(x, y, 1, 1), np.full((1, 1, 4), value, np.uint8))


def entries(run_dir: Path) -> list[Path]:
    return sorted(run_dir.glob("*.json")) if run_dir.is_dir() else []


def test_run_folder_has_uuid_name_and_lock(tmp_path: Path) -> None:
    with RecoveryJournal(tmp_path) as journal:
        assert len(journal.run_id) == 32 and (journal.run_dir / "lock").is_file()
        lock = json.loads((journal.run_dir / "lock").read_text())
        assert lock["pid"] == os.getpid()
        with pytest.raises(RuntimeError, match="in use"):
            RecoveryJournal(tmp_path, run_id=journal.run_id).start()
    assert not journal.run_dir.exists()  # nothing unsaved: the run leaves no trace


def test_edit_is_journaled_in_background_after_quiet_time(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path, quiet_s=0.05, max_delay_s=0.5).start()
    try:
        doc = Document.new(4, 4, name="sprite")
        journal.watch(doc)
        paint(doc, 1, 1, 200)
        wait_for(lambda: len(entries(journal.run_dir)) == 1)
        meta = json.loads(entries(journal.run_dir)[0].read_text())
        assert meta["name"] == "sprite" and meta["closed_at"] is None
        # another instance sees this run as alive, so it offers nothing yet
        assert list_recoverable(tmp_path) == []
        # saving makes the document clean: its journal entry goes away
        save_project(doc, tmp_path / "sprite.pxstudio")
        wait_for(lambda: entries(journal.run_dir) == [])
    finally:
        journal.stop()


def test_continuous_editing_is_journaled_by_the_max_delay(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path, quiet_s=5.0, max_delay_s=0.2).start()
    try:
        doc = Document.new(4, 4)
        journal.watch(doc)
        start = time.monotonic()
        while not entries(journal.run_dir):
            paint(doc, int(time.monotonic() * 100) % 4, 0, 9)  # never quiet
            time.sleep(0.01)
            assert time.monotonic() - start < 3.0
    finally:
        journal.stop()


def test_closed_unsaved_document_stays_recoverable_then_expires(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path, quiet_s=60, max_delay_s=60).start()
    doc = Document.new(3, 3, name="draft")
    journal.watch(doc)
    paint(doc, 0, 0, 77)
    journal.unwatch(doc)  # closed without saving: written immediately
    own = journal.list_recoverable()
    assert [e.name for e in own] == ["draft"] and own[0].closed_at is not None
    journal.stop()
    found = list_recoverable(tmp_path)
    assert len(found) == 1 and not found[0].crashed
    assert list_recoverable(tmp_path, keep_days=-1) == []  # older than the window
    assert purge_expired(tmp_path, keep_days=-1) == 1
    assert list(tmp_path.iterdir()) == []


def test_clean_document_closed_leaves_nothing(tmp_path: Path) -> None:
    with RecoveryJournal(tmp_path, quiet_s=0.01) as journal:
        doc = Document.new(2, 2)
        journal.watch(doc)
        paint(doc, 0, 0, 1)
        journal.flush()
        assert entries(journal.run_dir)
        doc.history.undo()
        doc.mark_saved()
        journal.unwatch(doc)
        assert entries(journal.run_dir) == []


CHILD = r"""
import sys, time
import numpy as np
from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.recovery.journal import RecoveryJournal

journal = RecoveryJournal(sys.argv[1], quiet_s=0.02, max_delay_s=0.1).start()
doc = Document.new(16, 16, name="crashy")
doc.path = None
journal.watch(doc)
doc.set_pixels(0, 0, Rect(3, 4, 2, 2), np.full((2, 2, 4), 123, np.uint8))
doc.add_layer(0, name="AI", kind="ai")
while not list(journal.run_dir.glob("*.json")):
    time.sleep(0.01)
print("journaled", flush=True)
i = 0
while True:  # keep editing until killed
    doc.set_pixels(0, 1, Rect(i % 16, 10, 1, 1), np.full((1, 1, 4), 50, np.uint8))
    i += 1
    time.sleep(0.002)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_recovery_after_sigkill_mid_edit(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "journaled", child.stderr.read()
        time.sleep(0.3)  # several more journal writes happen while it keeps editing
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    found = list_recoverable(tmp_path)
    assert len(found) == 1
    entry = found[0]
    assert entry.crashed and entry.name == "crashy" and entry.closed_at is None
    doc = restore(entry)
    assert doc.dirty and doc.name == "crashy"
    layers = doc.frames[0].layers
    assert len(layers) == 2 and layers[1].kind == "ai"
    assert (layers[0].pixels[4:6, 3:5] == 123).all() and layers[0].pixels[:4].max() == 0
    assert list_recoverable(tmp_path) == []  # restored entries are removed
    assert not (tmp_path / entry.run_id).exists()


def test_a_new_journal_does_not_offer_its_own_open_documents(tmp_path: Path) -> None:
    with RecoveryJournal(tmp_path, quiet_s=0.01) as journal:
        doc = Document.new(2, 2)
        journal.watch(doc)
        paint(doc, 0, 0, 5)
        journal.flush()
        assert journal.list_recoverable() == []


def test_restore_of_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    journal = RecoveryJournal(tmp_path, quiet_s=60).start()
    doc = Document.new(2, 2)
    journal.watch(doc)
    paint(doc, 0, 0, 5)
    journal.stop()
    (entry,) = list_recoverable(tmp_path)
    entry.data_path.unlink()
    with pytest.raises(FileFormatError):
        restore(entry)


def test_without_file_locking_the_pid_decides(tmp_path: Path, monkeypatch) -> None:
    import studio.core.recovery.store as store

    run = tmp_path / "abc"
    run.mkdir()
    (run / "lock").write_text(json.dumps({"pid": os.getpid()}))
    monkeypatch.setattr(store, "try_lock", lambda handle: None)
    assert store.run_state(run) == "alive"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (run / "lock").write_text(json.dumps({"pid": dead.pid}))
    assert store.run_state(run) == "crashed"
    (run / "lock").unlink()
    assert store.run_state(run) == "ended"


def test_watching_twice_keeps_one_entry(tmp_path: Path) -> None:
    with RecoveryJournal(tmp_path, quiet_s=0.01) as journal:
        doc = Document.new(2, 2)
        assert journal.watch(doc) == journal.watch(doc)
        paint(doc, 0, 0, 3)
        journal.flush()
        assert len(entries(journal.run_dir)) == 1
