"""Long background work in the status bar: after half a second a line saying what runs, a busy
bar and a Cancel button (objectNames ``status.busy``, ``status.busy_text``,
``status.busy_progress``, ``status.busy_cancel``).

Work shorter than :data:`SHOW_AFTER_MS` never shows anything. Cancel calls each shown task's
cancel function (by default it cancels the asyncio task; a save instead stops before writing).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

SHOW_AFTER_MS = 500


class BusyStatus(QObject):
    """Shows the tracked tasks' work in ``bar`` while any of them runs longer than 0.5 s."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.status_bar = bar
        self.widget = QWidget(bar, objectName="status.busy")
        self.text = QLabel(self.widget, objectName="status.busy_text")
        self.progress = QProgressBar(self.widget, objectName="status.busy_progress")
        self.progress.setRange(0, 0)  # busy: how long encoding takes is not known up front
        self.progress.setMaximumWidth(120)
        self.cancel_button = QPushButton("Cancel", self.widget, objectName="status.busy_cancel")
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        for child in (self.text, self.progress, self.cancel_button):
            layout.addWidget(child)
        bar.addWidget(self.widget)
        self.widget.hide()
        self._tasks: dict[asyncio.Task, str] = {}
        self._cancels: dict[asyncio.Task, Callable[[], object]] = {}
        self._timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._timer.timeout.connect(self._show)
        self.cancel_button.clicked.connect(self.cancel)

    def track(self, task: asyncio.Task, text: str,
              cancel: Callable[[], object] | None = None) -> asyncio.Task:
        """Show ``text`` while ``task`` runs (if it takes more than half a second); Cancel
        calls ``cancel`` (default: cancel the task)."""
        self._tasks[task] = text
        self._cancels[task] = cancel or task.cancel
        task.add_done_callback(self._finished)
        if self.widget.isVisible():
            self.text.setText(text)
        elif not self._timer.isActive():
            self._timer.start()
        return task

    def cancel(self) -> None:
        for cancel in list(self._cancels.values()):
            cancel()

    def _show(self) -> None:
        running = [text for task, text in self._tasks.items() if not task.done()]
        if running:
            self.text.setText(running[-1])
            self.widget.show()

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.pop(task, None)
        self._cancels.pop(task, None)
        if not self._tasks:
            self._timer.stop()
            self.widget.hide()
        else:
            self.text.setText(list(self._tasks.values())[-1])
