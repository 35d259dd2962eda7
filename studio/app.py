"""Composition root: Qt application, settings, recovery journal, main window, qasync loop."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

import qasync  # noqa: I001  # isort: skip (PySide6 must be imported before qasync)

ORG, APP = "PixelStudio", "Pixel Studio"


def create_backend(settings: QSettings) -> object | None:
    """INTEGRATION POINT: build the PixelLab client or the offline engine and the job queue.

    Returns None for now; the integrator wires the backend here and shows its name in the
    ``status.backend`` label and the balance in ``status.balance``.
    """
    return None


def _start_journal():
    """The crash-recovery journal, or None when disabled (PIXEL_STUDIO_NO_RECOVERY=1)."""
    if os.environ.get("PIXEL_STUDIO_NO_RECOVERY"):
        return None
    from studio.core.recovery import RecoveryJournal

    try:
        return RecoveryJournal().start()
    except (OSError, RuntimeError) as exc:
        print(f"pixel-studio: crash recovery is off ({exc})", file=sys.stderr)
        return None


async def main(app: QApplication, args: argparse.Namespace) -> int:
    from studio.ui.main_window import MainWindow
    from studio.ui.theme import follow_system_theme

    follow_system_theme(app)
    settings = QSettings()
    backend = create_backend(settings)
    journal = _start_journal()
    window = MainWindow(settings, journal)
    window.status_labels["status.backend"].setText("no backend" if backend is None else "")
    quit_event = asyncio.Event()
    # Qt does not end the loop by itself (see run()); closing the last window or a session
    # end sets the event, and main() returns after cleaning up, which ends the loop.
    app.lastWindowClosed.connect(quit_event.set)
    app.aboutToQuit.connect(quit_event.set)
    report = args.quit_after is not None or bool(os.environ.get("PIXEL_STUDIO_REPORT_SHOWN"))

    def on_first_shown() -> None:
        if report:
            print(f"window-shown {time.time():.6f}", flush=True)
        if args.quit_after is not None:
            QTimer.singleShot(int(args.quit_after * 1000), lambda: _force_quit(app, window))
        else:
            window.offer_recovery()

    window.first_shown.connect(on_first_shown)
    _close_on_signals(window)
    if args.files:
        window.files.open_paths(args.files)
    window.show()
    try:
        await quit_event.wait()
    finally:
        await _cancel_other_tasks()
        if journal is not None:
            journal.stop()
        close = getattr(backend, "aclose", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()
    return 0


def _force_quit(app: QApplication, window) -> None:
    window._closing_confirmed = True  # --quit-after: unsaved work stays in the recovery journal
    window.close()


def _close_on_signals(window) -> None:
    """Ctrl+C / SIGTERM close the window like the Quit action (Python sees signals only when
    it runs, so a timer wakes it up regularly)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: window.close())
    timer = QTimer(window)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()


async def _cancel_other_tasks() -> None:
    try:
        me = asyncio.current_task()
    except RuntimeError:  # the Qt loop was torn down (X server gone): nothing left to cancel
        return
    tasks = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(APP)
    app.setQuitOnLastWindowClosed(False)  # main() decides when the loop ends
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(main(app, args))
