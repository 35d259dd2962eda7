"""Journal updates written one after another by one background thread.

A job changes state many times (sending, waiting, done, its cost); each change is a SQLite
commit that waits for the disk (``synchronous=FULL``): 0.5 ms on a quiet disk, tens of
milliseconds on a busy one. Written on the GUI thread, a burst of jobs stalled the canvas.
The first journal row of a request is still written at once, before anything is sent; only
the later updates of that row go through here.

Updates run in the order they were asked for. A reader of the journal calls :meth:`wait`
first, so it never sees an older state than the one the studio already shows; the library's
``close`` waits too, so nothing asked for is dropped on exit. If the process is killed, the
updates of the last moment may be missing: resuming treats such a job as it treats one that
was killed mid-flight (its stored results make it done; otherwise its outcome is unknown).
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable

THREAD_NAME = "journal-writes"
log = logging.getLogger(__name__)


class OrderedWrites:
    def __init__(self) -> None:
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._last: concurrent.futures.Future[None] | None = None
        self._guard = threading.Lock()
        self._closed = False

    def submit(self, write: Callable[[], None]) -> concurrent.futures.Future[None]:
        """Run ``write`` after every write asked for before it; its error is in the future."""
        with self._guard:
            if self._closed:  # the library is closed: the write cannot happen any more
                log.warning("a journal update came after the library closed; not written")
                done: concurrent.futures.Future[None] = concurrent.futures.Future()
                done.set_result(None)
                return done
            if self._executor is None:  # one worker: the writes keep their order
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    1, thread_name_prefix=THREAD_NAME)
            self._last = self._executor.submit(write)
            return self._last

    def wait(self) -> None:
        """Block until every write asked for so far is done (at once when none is pending)."""
        last = self._last
        if last is None or last.done() or threading.current_thread().name.startswith(
                THREAD_NAME):  # a write that reads the journal must not wait for itself
            return
        concurrent.futures.wait([last])

    def close(self) -> None:
        """Finish the pending writes and stop the thread."""
        with self._guard:
            executor, self._executor = self._executor, None
            self._closed = True
        if executor is not None:
            executor.shutdown(wait=True)
