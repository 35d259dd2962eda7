"""On the offline engine the expected-cost labels say "free" and no spending question is
asked; on PixelLab they show dollars again, following a backend switch without a restart."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from studio.api.pricing import ExpectedCost
from studio.ui.panels.cost_label import CostLabel, confirm_spend
from studio.ui.panels.jobs_model import COLUMNS
from studio.ui.panels.jobs_panel import JobsPanel
from tests.core.test_jobs import pixflux
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run
from tests.ui.studio_window import shut_down

COSTED = ("create", "inpaint", "rotate", "animate", "edit_text", "skeleton", "tileset",
          "isometric", "characters", "characters.animate")


def test_a_free_queue_never_asks_before_spending(qtbot, queue):
    parent = QWidget()
    qtbot.addWidget(parent)
    queue.confirm_above_usd = 0.01
    sent: list[bool] = []
    assert confirm_spend(parent, queue, ExpectedCost(0.5), lambda: sent.append(True)) is not None
    assert not sent  # PixelLab: asked first
    queue.free_of_charge = True
    assert confirm_spend(parent, queue, ExpectedCost(0.5), lambda: sent.append(True)) is None
    assert sent == [True]


def test_jobs_sent_offline_expect_nothing(qtbot, queue, fake_client, qloop):
    """The Jobs panel's Expected column: free for what went to the offline engine, dollars
    for what went to PixelLab (each job keeps what it was when sent)."""
    panel = JobsPanel(queue)
    qtbot.addWidget(panel)
    fake_client.gate = asyncio.Event()
    expected = COLUMNS.index("Expected")

    async def scenario():
        queue.free_of_charge = True
        queue.submit(pixflux(1))
        queue.free_of_charge = False
        queue.submit(pixflux(2))
        await asyncio.sleep(0)
        assert panel.model.index(1, expected).data() == "free (offline)"
        assert panel.model.index(0, expected).data() == "about $0.0079"
        fake_client.gate.set()
        await queue.shutdown()
    run(qloop, scenario)


def test_cost_labels_follow_the_backend(qtbot, qloop, tmp_path, monkeypatch):
    """The real window: offline every Generate button says free (and what PixelLab would
    charge); switching to PixelLab brings the dollars back, without rebuilding the panels."""
    from studio.backend import open_backend, reconnect
    from studio.core.settings import AppSettings, SettingsStore, TokenStore
    from studio.ui.main_window import MainWindow
    from studio.ui.wiring import attach_backend, show_backend

    settings, tokens = SettingsStore(tmp_path / "cfg"), TokenStore(tmp_path / "cfg", keyring=None)
    settings.save(AppSettings(library_dir=str(tmp_path / "lib")))  # no token: offline
    backend = qloop.run_until_complete(open_backend(
        settings_store=settings, token_store=tokens, job_seconds=0.3))
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window._closing_confirmed = True
    panels = attach_backend(window, backend)
    assert backend.is_offline and backend.queue.free_of_charge
    for name in COSTED:
        label = window.findChild(QLabel, f"{name}.cost")
        assert isinstance(label, CostLabel), name
        assert label.text().startswith("Free: offline engine (PixelLab would charge "), name
    create_cost = window.findChild(QLabel, "create.cost")
    assert "$0.0" in create_cost.text()  # it still says what PixelLab would charge
    before = create_cost.text()
    window.findChild(QPushButton, "create.preset128").click()
    assert create_cost.text() != before  # a bigger image: PixelLab would charge more
    assert create_cost.text().startswith("Free: ")  # ... and it stays free

    # switch to PixelLab (a token, the offline engine off); the loopback URL answers nothing
    monkeypatch.setenv("PIXELLAB_BASE_URL", "http://127.0.0.1:9")
    tokens.set("test-token-online")
    switched = qloop.run_until_complete(reconnect(backend, settings_store=settings,
                                                  token_store=tokens))
    assert switched and not backend.is_offline and not backend.queue.free_of_charge
    show_backend(window, panels, backend)
    for name in COSTED:
        label = window.findChild(QLabel, f"{name}.cost")
        assert label.text().startswith("Expected: "), name
    assert "$0.0" in create_cost.text()
    box_parent = panels.panels["panel.create"]
    backend.queue.confirm_above_usd = 0.001
    assert confirm_spend(box_parent, backend.queue, create_cost.cost, lambda: None) is not None
    for box in box_parent.findChildren(QMessageBox, "cost.confirm"):
        box.reject()
    shut_down(qloop, panels, backend, status=True)



def test_library_results_made_offline_say_free(qtbot, queue, fake_client, qloop, library):
    """A result the offline engine made is marked free in the library (also after a restart
    of the library), and its details say so instead of showing a cost next to a price."""
    from studio.core.jobs.library import ResultsLibrary
    from studio.ui.panels.library_model import describe_record

    async def scenario():
        queue.free_of_charge = True
        free = queue.submit(pixflux(1))
        queue.free_of_charge = False
        paid = queue.submit(pixflux(2))
        await queue.join()
        return free, paid

    free, paid = run(qloop, scenario)
    reopened = ResultsLibrary(library.folder)
    try:
        [offline] = reopened.results_for_job(free.id)
        [online] = reopened.results_for_job(paid.id)
    finally:
        reopened.close()
    assert offline.free and not online.free
    assert "free: made by the offline engine (PixelLab would charge about $0.0079)" in \
        describe_record(offline)
    assert "cost $" in describe_record(online) and "offline" not in describe_record(online)
