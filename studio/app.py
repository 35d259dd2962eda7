"""Composition root: Qt application, settings, recovery journal, main window, qasync loop."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import qasync  # noqa: I001  # isort: skip (PySide6 must be imported before qasync)

ORG, APP = "PixelStudio", "Pixel Studio"
log = logging.getLogger("studio.app")


async def start_backend(window, args: argparse.Namespace, holder: dict) -> None:
    """Open the backend after the window is up (the offline engine takes a moment to start),
    then dock the AI panels. Failures are shown, and the pixel tools keep working."""
    from studio.backend import open_backend
    from studio.ui.wiring import attach_backend

    label = window.status_labels.get("status.backend")
    if label is not None:
        label.setText("Starting backend…")
    try:
        backend = await open_backend(force_offline=bool(getattr(args, "offline", False)))
    except Exception as exc:  # noqa: BLE001 - shown to the user, studio stays usable
        if label is not None:
            label.setText("No backend")
        log.warning("the backend did not start: %r", exc)
        window.show_error("Generation is unavailable",
                          "The generation backend did not start, so the AI panels are not "
                          "available; the pixel tools work as usual. Check Settings (or the "
                          "log for details) and restart the studio.")
        return
    holder["backend"] = backend
    holder["panels"] = attach_backend(window, backend)
    backend.queue.resume()


def _install_settings(window, args: argparse.Namespace, holder: dict) -> None:
    """Edit → Settings…; saving switches the backend (e.g. a new token moves the studio from
    the offline engine to PixelLab) without restarting. Unfinished jobs stay journalled."""
    from studio.ui.wiring import install_settings_action

    install_settings_action(window, lambda: holder.get("backend"))

    def on_saved(_settings) -> None:
        task = holder.get("switch")
        if task is not None and not task.done():
            return
        holder["switch"] = asyncio.get_running_loop().create_task(
            switch_backend(window, args, holder))

    window.on_settings_saved = on_saved


async def switch_backend(window, args: argparse.Namespace, holder: dict) -> None:
    """Point the open backend at the newly chosen service: panels, queue and library stay,
    with everything they show (tilesets, painted maps, variants) and the dock sizes."""
    from studio.backend import reconnect
    from studio.ui.wiring import detach_backend, show_backend

    panels, backend = holder.get("panels"), holder.get("backend")
    if panels is not None and backend is not None:
        try:
            switched = await reconnect(backend, force_offline=bool(getattr(args, "offline",
                                                                           False)))
        except Exception as exc:  # noqa: BLE001 - shown; the old connection was kept
            log.warning("backend switch failed: %r", exc)
            window.show_error("Settings saved, but the switch failed",
                              "The studio keeps using the current backend. Restart the studio "
                              "to use the new settings.")
            return
        if switched:
            show_backend(window, panels, backend)
            window.statusBar().showMessage(f"Settings saved: now using {backend.name}.", 8000)
            return
    # the library folder changed: build everything anew on it
    holder.pop("panels", None)
    holder.pop("backend", None)
    if panels is not None:
        if panels.status is not None:
            await panels.status.shutdown()
        detach_backend(window, panels)
    if backend is not None:
        with contextlib.suppress(Exception):
            await backend.aclose()
    await start_backend(window, args, holder)
    new = holder.get("backend")
    if new is not None:
        window.statusBar().showMessage(f"Settings saved: now using {new.name}.", 8000)


def _start_journal():
    """The crash-recovery journal, or None when disabled (PIXEL_STUDIO_NO_RECOVERY=1)."""
    if os.environ.get("PIXEL_STUDIO_NO_RECOVERY"):
        return None
    from studio.core.recovery.journal import RecoveryJournal

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
    journal = _start_journal()
    window = MainWindow(settings, journal)
    holder: dict = {}
    quit_event = asyncio.Event()
    # Qt does not end the loop by itself (see run()); closing the last window or a session
    # end sets the event, and main() returns after cleaning up, which ends the loop.
    app.lastWindowClosed.connect(quit_event.set)
    app.aboutToQuit.connect(quit_event.set)
    report = args.quit_after is not None or bool(os.environ.get("PIXEL_STUDIO_REPORT_SHOWN"))

    def on_first_shown() -> None:
        if report:
            print(f"window-shown {time.time():.6f}", flush=True)
        # Settings and the AI panels load their modules once the window is up (start-up time)
        _install_settings(window, args, holder)
        if args.quit_after is not None:
            QTimer.singleShot(int(args.quit_after * 1000), lambda: _force_quit(app, window))
        else:
            window.offer_recovery()
        if not os.environ.get("PIXEL_STUDIO_NO_BACKEND"):
            holder["task"] = asyncio.get_running_loop().create_task(
                start_backend(window, args, holder))

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
        panels = holder.get("panels")
        if panels is not None:
            if panels.status is not None:
                with contextlib.suppress(Exception):
                    await panels.status.shutdown()
            for panel in panels.panels.values():
                stop = getattr(panel, "shutdown", None)
                if callable(stop):
                    with contextlib.suppress(Exception):
                        result = stop()
                        if asyncio.iscoroutine(result):
                            await result
        backend = holder.get("backend")
        if backend is not None:
            with contextlib.suppress(Exception):
                await backend.aclose()
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


def _set_identity(app: QApplication) -> None:
    """The window icon, and the desktop file name that lets Wayland/X11 docks match the
    running studio to its .desktop entry (and so to the installed icon)."""
    from studio.assets import APP_ID, icon_files

    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    app.setWindowIcon(icon)
    app.setDesktopFileName(APP_ID)


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(APP)
    _set_identity(app)
    app.setQuitOnLastWindowClosed(False)  # main() decides when the loop ends
    from studio.ui.gc_guard import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(app)  # noqa: F841 - lives as long as the app
    from studio.ui.wheel_guard import install_wheel_guard

    install_wheel_guard(app)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(main(app, args))
