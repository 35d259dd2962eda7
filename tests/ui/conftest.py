"""UI test setup: headless Qt, isolated settings, helpers that send real mouse events."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent, QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "studio.ini"), QSettings.Format.IniFormat)


def send_mouse(widget: QWidget, kind: str, pos: tuple[float, float],
               button: Qt.MouseButton = Qt.MouseButton.LeftButton,
               modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Deliver a press / move / release mouse event at widget position ``pos``."""
    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    local = QPointF(*pos)
    global_pos = QPointF(widget.mapToGlobal(local.toPoint()))
    held = button if kind in ("press", "move") else Qt.MouseButton.NoButton
    ev_button = Qt.MouseButton.NoButton if kind == "move" else button
    event = QMouseEvent(types[kind], local, global_pos, ev_button, held, modifiers)
    QApplication.sendEvent(widget, event)


def drag(widget: QWidget, points: list[tuple[float, float]],
         button: Qt.MouseButton = Qt.MouseButton.LeftButton,
         modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    send_mouse(widget, "press", points[0], button, modifiers)
    for p in points[1:]:
        send_mouse(widget, "move", p, button, modifiers)
    send_mouse(widget, "release", points[-1], button, modifiers)


def send_wheel(widget: QWidget, pos: tuple[float, float], delta_y: int,
               modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    local = QPointF(*pos)
    event = QWheelEvent(local, QPointF(widget.mapToGlobal(local.toPoint())), QPoint(0, 0),
                        QPoint(0, delta_y), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)



@pytest.fixture(scope="module")
def offline_url():
    """The base URL of an offline engine server, one per test module that asks for it."""
    from studio.offline.server import OfflineServer

    server = OfflineServer()
    yield server.start()
    server.stop()


@pytest.fixture
def library(tmp_path):
    """A fresh results library in the test's temporary folder, closed afterwards."""
    from studio.core.jobs.library import ResultsLibrary

    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture(autouse=True, scope="session")
def _windows_closing_never_quit_the_app(qapp):
    """As in the app (studio/app.py): closing the last window must not quit Qt, or the next
    test's qasync loop stops with "Event loop stopped before Future completed"."""
    qapp.setQuitOnLastWindowClosed(False)
    yield
