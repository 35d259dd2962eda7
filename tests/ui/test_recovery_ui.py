"""Recovery wired into the window: journal open documents, offer to restore after a crash."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.recovery.journal import RecoveryJournal
from studio.core.recovery.store import unlock
from studio.ui.main_window import MainWindow

RED = np.array([[[255, 0, 0, 255]]], dtype=np.uint8)


def crashed_run(root) -> None:
    """A run that journaled an unsaved document and then died (lock released, file left)."""
    journal = RecoveryJournal(root, quiet_s=0.01).start()
    doc = Document.new(6, 6, name="lost work")
    journal.watch(doc)
    doc.set_pixels(0, 0, Rect(2, 3, 1, 1), RED)
    journal.flush()
    with journal._cond:
        journal._stopping = True
        journal._cond.notify_all()
    journal._thread.join()
    unlock(journal._lock_handle)
    journal._lock_handle.close()
    journal._lock_handle = None


@pytest.fixture
def journal(tmp_path):
    j = RecoveryJournal(tmp_path / "recovery", quiet_s=0.05, max_delay_s=0.2)
    yield j
    j.stop()


def make_window(qtbot, settings, journal) -> MainWindow:
    journal.start()
    win = MainWindow(settings, journal)
    qtbot.addWidget(win)
    win.show()
    return win


def test_offers_and_restores_documents_of_a_crashed_run(qtbot, settings, journal) -> None:
    crashed_run(journal.root)
    win = make_window(qtbot, settings, journal)
    dialog = win.offer_recovery()
    assert dialog is not None and dialog.list.count() == 1
    assert "lost work" in dialog.list.item(0).text()
    dialog.accept()
    doc = win.current_document()
    assert doc is not None and doc.name == "lost work" and doc.dirty
    assert tuple(doc.frames[0].layers[0].pixels[3, 2]) == (255, 0, 0, 255)
    # consumed once the restored document is journalled again (never before)
    qtbot.waitUntil(lambda: journal.list_recoverable() == [])
    win._closing_confirmed = True


def test_no_dialog_without_recoverable_work(qtbot, settings, journal) -> None:
    win = make_window(qtbot, settings, journal)
    assert win.offer_recovery() is None


def test_edits_are_journaled_and_closed_unsaved_tabs_stay_recoverable(qtbot, settings,
                                                                      journal) -> None:
    win = make_window(qtbot, settings, journal)
    doc = win.files.new_document(5, 5)
    doc.set_pixels(0, 0, Rect(0, 0, 1, 1), RED)
    qtbot.waitUntil(lambda: any(journal.run_dir.glob("*.pxstudio")), timeout=3000)
    assert win.close_document(doc, force=True)
    entries = journal.list_recoverable()
    assert [e.name for e in entries] == [doc.name] and entries[0].closed_at is not None


def test_a_full_disk_for_the_journal_is_reported_once(qtbot, settings, journal,
                                                      monkeypatch) -> None:
    import errno

    from PySide6.QtWidgets import QMessageBox

    from studio.core.recovery import journal as journal_module

    def full(*_args) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module, "atomic_write_bytes", full)
    win = make_window(qtbot, settings, journal)
    doc = win.files.new_document(4, 4)
    for x in (0, 1):
        doc.set_pixels(0, 0, Rect(x, 0, 1, 1), RED)
        journal.flush()
    qtbot.waitUntil(lambda: win.findChild(QMessageBox, "message") is not None)
    boxes = win.findChildren(QMessageBox, "message")
    assert len(boxes) == 1 and "crash-recovery journal" in boxes[0].text()
    assert "is full" in boxes[0].text() and doc.dirty  # editing goes on
    win._closing_confirmed = True
