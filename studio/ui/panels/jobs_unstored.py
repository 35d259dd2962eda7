"""The Jobs panel's actions for a job that is "done, not stored" (the disk refused its images,
which are held in memory): Store again (writes again, sends nothing) and Save images as…
(another folder). Also the question asked before quitting while such results exist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from studio.core.jobs.library import LibraryError
from studio.core.jobs.queue import Job, JobQueue

QUIT_TEXT = ("{count} generated result(s) could not be stored on disk and are only in memory. "
             "Quitting now loses them. Store them again or save them elsewhere from the Jobs "
             "panel first.")


def unstored_warning(queue: JobQueue | None) -> str | None:
    """The sentence to ask before quitting, or None when every result is stored."""
    if queue is None:
        return None
    count = len(queue.library.held_results())
    return QUIT_TEXT.format(count=count) if count else None


def ask_quit_anyway(parent: QWidget, text: str, proceed: Callable[[], object]) -> QMessageBox:
    """Quit anyway / Cancel; ``proceed()`` runs only on Quit anyway."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Results not stored", text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("unstored_quit")
    quit_button = box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
    quit_button.setObjectName("unstored_quit.quit")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.finished.connect(lambda _r: proceed() if box.clickedButton() is quit_button else None)
    box.open()
    return box


def asked_before_quitting(window: Any, event: Any) -> bool:
    """When a ``window.quit_warnings`` check has something to say, stop the close ``event``
    and ask; Quit anyway closes the window again without the checks. True when asking."""
    warning = " ".join(filter(None, (check() for check in window.quit_warnings.values())))
    if not warning:
        return False
    event.ignore()
    ask_quit_anyway(window, warning, lambda: (window.quit_warnings.clear(), window.close()))
    return True


class UnstoredActions(QWidget):
    """Two buttons, enabled for a selected job whose results are held in memory."""

    def __init__(self, queue: JobQueue, tell: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue, self.tell = queue, tell
        self.job: Job | None = None
        self.store_button = QPushButton("Store again", objectName="jobs.store_again")
        self.store_button.setToolTip("Write the results to the library again. Nothing is sent "
                                     "and nothing is billed.")
        self.save_button = QPushButton("Save images as…", objectName="jobs.save_images")
        self.save_button.setToolTip("Save the results as PNG files in another folder.")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.store_button)
        row.addWidget(self.save_button)
        self.store_button.clicked.connect(self.store_again)
        self.save_button.clicked.connect(self.ask_folder)
        self.chooser: QFileDialog | None = None
        self.set_job(None)

    def set_job(self, job: Job | None) -> None:
        self.job = job
        held = job is not None and bool(self.queue.library.held_results(job.id))
        self.store_button.setEnabled(held)
        self.save_button.setEnabled(held)
        self.setVisible(held)

    def store_again(self) -> None:
        if self.job is None:
            return
        try:
            left = self.queue.store_again(self.job.id)
        except LibraryError as exc:
            self.tell(f"Still not stored. {exc}")
            return
        self.tell("Stored in the library." if not left else f"{left} result(s) still not stored.")
        self.set_job(self.job)

    def ask_folder(self) -> None:
        if self.job is None:
            return
        self.chooser = QFileDialog(self, "Save images to folder")
        self.chooser.setObjectName("jobs.save_images_dialog")
        self.chooser.setFileMode(QFileDialog.FileMode.Directory)
        self.chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        job_id = self.job.id
        self.chooser.fileSelected.connect(lambda folder: self.save_to(job_id, folder))
        self.chooser.open()

    def save_to(self, job_id: str, folder: str | Path) -> list[Path]:
        try:
            written = self.queue.save_held_as(job_id, folder)
        except OSError as exc:
            self.tell(f"Could not save the images to {folder}: {exc.strerror or exc}. "
                      "Choose a folder on another disk.")
            return []
        self.tell(f"Saved {len(written)} image(s) to {folder}. They are still not in the "
                  "library; Store again when the disk has room.")
        return written
