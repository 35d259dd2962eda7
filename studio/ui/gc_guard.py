"""Run Python's cyclic garbage collector on the GUI thread only.

The offline engine, httpx and asyncio use worker threads. If the automatic collector fires on
one of them while unreachable Qt objects (a closed panel, a timer) sit in a reference cycle, Qt
destroys them on the wrong thread and the process crashes ("Timers cannot be stopped from
another thread"). So automatic collection is switched off and this timer collects on the GUI
thread, generation by generation, as soon as the allocation counters pass the usual thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
