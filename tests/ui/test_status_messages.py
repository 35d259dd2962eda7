"""Status bar truth and plain-sentence messages (issue 14): offline engine (free), online,
online but unreachable; no httpx/pydantic text in front of the user, details behind a toggle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton

from studio.api.errors import ApiConnectionError
from studio.ui.main_window import MainWindow
from studio.ui.status_widgets import OFFLINE_TEXT, UNREACHABLE_TEXT, StatusWidgets
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.test_settings_dialog import BALANCE, make_dialog

RAW = "could not reach the service: ConnectError('[Errno -2] Name or service not known')"


async def _unreachable(*_args):
    raise ApiConnectionError(RAW, endpoint="/balance")


def test_test_connection_without_network_is_a_sentence_with_details(qtbot, tmp_path, qloop):
    dialog, _, _ = make_dialog(qtbot, tmp_path, probe=_unreachable)
    dialog.open()

    async def scenario():
        qtbot.mouseClick(dialog.findChild(QPushButton, "settings.test"),
                         Qt.MouseButton.LeftButton)
        await wait_for(lambda: "Failed" in dialog.test_result.text())
    run(qloop, scenario)
    text = dialog.findChild(QLabel, "settings.test_result").text()
    assert "Could not reach the service" in text and text.endswith(".")
    assert "ConnectError" not in text and "Errno" not in text and "[/balance]" not in text
    toggle = dialog.findChild(QPushButton, "settings.test_result.details_toggle")
    details = dialog.findChild(QPlainTextEdit, "settings.test_result.details")
    assert toggle.isVisibleTo(dialog) and not details.isVisibleTo(dialog)
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert details.isVisibleTo(dialog) and "ConnectError" in details.toPlainText()


def test_online_but_unreachable_is_said_plainly(qtbot, queue, qloop):
    status = StatusWidgets(queue, _unreachable, backend="PixelLab")
    qtbot.addWidget(status)

    async def scenario():
        await status.refresh_balance()
    run(qloop, scenario)
    assert status.backend.text() == UNREACHABLE_TEXT
    assert status.balance.text() == "balance unknown"
    for label in status.findChildren(QLabel):
        assert "ConnectError" not in label.text() and "/balance" not in label.text()

    async def reachable():
        return BALANCE
    status.fetch_balance = reachable
    run(qloop, status.refresh_balance)
    assert status.backend.text() == "Online: PixelLab"


def test_offline_shows_free_engine_and_never_asks_for_a_balance(qtbot, queue, qloop):
    asked = []

    async def fetch():
        asked.append(1)
        return BALANCE
    status = StatusWidgets(queue, fetch, backend="Offline")
    qtbot.addWidget(status)

    async def scenario():
        status.refresh_balance_soon()
    run(qloop, scenario)
    assert status.backend.text() == OFFLINE_TEXT == "Offline engine (free)"
    assert status.balance.isHidden() and not asked
    assert "$0.00" not in status.balance.text() or status.balance.isHidden()


def test_short_status_messages_are_not_cut_by_the_permanent_widgets(qtbot, settings, queue):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    bar = window.statusBar()
    status = StatusWidgets(queue, None, backend="Offline")
    bar.addPermanentWidget(status)
    window.show()
    qtbot.waitExposed(window)
    window.status_labels["status.cursor"].setText("123, 45")
    window.status_labels["status.color"].setText("#aabbcc a255")
    window.status_labels["status.zoom"].setText("800%")
    window.status_labels["status.size"].setText("256 x 256, 12 fr")
    message = "Placed seed 123456 as a new layer: review it with Accept or Reject."
    bar.showMessage(message)
    qtbot.wait_until(lambda: status.geometry().width() > 0)
    permanent = [w for w in bar.findChildren(QLabel) if w.isVisible() and w.x() > 0]
    left_edge = min(w.mapTo(bar, w.rect().topLeft()).x() for w in permanent)
    assert bar.fontMetrics().horizontalAdvance(message) + 20 < left_edge


def test_a_tileset_that_cannot_reach_the_service_says_so_plainly(qtbot, queue, fake_client,
                                                                  library, qloop):
    from studio.ui.tileset.tileset_panel import TilesetPanel

    panel = TilesetPanel(queue, library)
    qtbot.addWidget(panel)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")
    fake_client.fail_with = ApiConnectionError(RAW, endpoint="/tilesets")

    async def scenario():
        assert panel.start_generation()
        await wait_for(lambda: "reach" in panel.status.text())
    run(qloop, scenario)
    text = panel.status.text()
    assert "Could not reach the service" in text
    assert "ConnectError" not in text and "/tilesets" not in text
