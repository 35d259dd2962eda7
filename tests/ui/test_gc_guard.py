"""Cyclic garbage is collected on the GUI thread by a timer, never by a worker thread."""

from __future__ import annotations

import gc
import weakref

from studio.ui.gc_guard import MainThreadGarbageCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_collector_switches_automatic_gc_off_and_collects_when_asked(qapp) -> None:
    was_enabled = gc.isenabled()
    collector = MainThreadGarbageCollector(interval_ms=10_000)
    try:
        assert not gc.isenabled()
        node = Node()
        ref = weakref.ref(node)
        del node
        collector.thresholds = (0, 0, 0)  # any allocation count is over the threshold
        for _ in range(3):
            collector.check()
        assert ref() is None
    finally:
        collector.stop()
        if not was_enabled:
            gc.disable()
