"""The whole studio window on the offline engine, as the app builds it: one copy for the e2e
tests, the window-level UI tests and the responsiveness benchmark."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QSettings

from studio.backend import Backend, open_backend
from studio.core.settings import SettingsStore, TokenStore
from studio.ui.main_window import MainWindow
from studio.ui.wiring import StudioPanels, attach_backend


def offline_backend(qloop, tmp_path: Path, job_seconds: float = 0.3) -> Backend:
    """The offline backend with its settings, token store and library under ``tmp_path``."""
    return qloop.run_until_complete(open_backend(
        settings_store=SettingsStore(tmp_path / "cfg"),
        token_store=TokenStore(tmp_path / "cfg", keyring=None),
        library_dir=tmp_path / "lib", job_seconds=job_seconds))


def studio_window(qtbot, tmp_path: Path) -> MainWindow:
    """A main window with its own settings file; qtbot closes it without the unsaved prompt."""
    window = MainWindow(QSettings(str(tmp_path / "studio.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window._closing_confirmed = True
    return window


def shut_down(qloop, panels: StudioPanels, backend: Backend, *, status: bool = False) -> None:
    """Stop the panels' tasks (and, with ``status``, a balance refresh in flight, while the
    window still lives), then close the backend."""
    if status and panels.status is not None:
        qloop.run_until_complete(panels.status.shutdown())
    for panel in panels.panels.values():
        stop = getattr(panel, "shutdown", None)
        if callable(stop):
            result = stop()
            if asyncio.iscoroutine(result):
                qloop.run_until_complete(result)
    qloop.run_until_complete(backend.aclose())


__all__ = ["attach_backend", "offline_backend", "shut_down", "studio_window"]
