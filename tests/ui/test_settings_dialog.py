"""Settings dialog and status widgets."""

from __future__ import annotations

import asyncio
import stat
from types import SimpleNamespace

from studio.api.errors import AuthenticationError
from studio.core.jobs.queue import JobState
from studio.core.settings import AppSettings, SettingsStore, TokenStore
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.status_widgets import StatusWidgets
from tests.core.test_jobs import pixflux
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for

BALANCE = SimpleNamespace(usd=12.5, generations=150.0, generations_total=2000.0)


def make_dialog(qtbot, tmp_path, probe, environ=None):
    tokens = TokenStore(tmp_path, keyring=False, environ=environ or {})
    store = SettingsStore(tmp_path)
    dialog = SettingsDialog(store.load(), tokens, store, probe=probe)
    qtbot.addWidget(dialog)
    return dialog, tokens, store


def test_save_stores_token_privately_and_settings(qtbot, tmp_path):
    dialog, tokens, store = make_dialog(qtbot, tmp_path, probe=None)
    saved = []
    dialog.saved.connect(saved.append)
    dialog.open()
    dialog.token.setText("tok-123")
    dialog.base_url.setText("http://127.0.0.1:9999/v2")
    dialog.concurrency.setValue(4)
    dialog.offline.setChecked(True)
    dialog.save()
    assert not dialog.isVisible()
    assert tokens.get().token == "tok-123" and tokens.get().source == "file"
    assert stat.S_IMODE((tmp_path / "token").stat().st_mode) == 0o600
    assert store.load() == AppSettings("http://127.0.0.1:9999/v2", 4, True, "")
    assert saved == [store.load()]
    assert "tok-123" not in dialog.token.placeholderText()


def test_confirmation_threshold_is_saved(qtbot, tmp_path):
    from PySide6.QtWidgets import QDoubleSpinBox

    dialog, _tokens, store = make_dialog(qtbot, tmp_path, probe=None)
    dialog.open()
    spin = dialog.findChild(QDoubleSpinBox, "settings.confirm_above")
    assert spin.value() == 0.0 and spin.text() == "never ask"
    spin.setValue(0.1)
    dialog.save()
    assert store.load().confirm_above_usd == 0.1


def test_invalid_settings_keep_the_dialog_open_and_store_nothing(qtbot, tmp_path):
    dialog, tokens, store = make_dialog(qtbot, tmp_path, probe=None)
    dialog.open()
    dialog.base_url.setText("ftp://nowhere")
    dialog.token.setText("tok")
    dialog.save()
    assert dialog.isVisible() and "base URL" in dialog.error.text()
    assert tokens.get().token is None and not store.path.exists()


def test_environment_token_is_explained(qtbot, tmp_path):
    dialog, _, _ = make_dialog(qtbot, tmp_path, probe=None,
                               environ={"PIXELLAB_API_TOKEN": "env-token-for-dialog"})
    assert "environment" in dialog.token_source.text()


def test_test_connection_calls_balance(qtbot, tmp_path, qloop):
    calls = []

    async def probe(token, url):
        calls.append((token, url))
        if token == "bad":
            raise AuthenticationError("Invalid API token", status=401)
        return BALANCE

    dialog, _, _ = make_dialog(qtbot, tmp_path, probe)

    async def scenario():
        dialog.token.setText("good")
        assert await dialog.test_connection()
        assert "$12.50" in dialog.test_result.text() and "150/2000" in dialog.test_result.text()
        dialog.token.setText("bad")
        dialog.test_button.click()
        await wait_for(lambda: "Failed" in dialog.test_result.text())
        assert "refused" in dialog.test_result.text()
    run(qloop, scenario)
    assert calls == [("good", "https://api.pixellab.ai/v2"), ("bad", "https://api.pixellab.ai/v2")]


def test_status_widgets_show_backend_spend_and_refresh_balance(qtbot, queue, fake_client,
                                                               qloop):
    fetched = []

    async def fetch():
        fetched.append(1)
        return BALANCE

    status = StatusWidgets(queue, fetch, backend="Offline")
    qtbot.addWidget(status)
    assert status.backend.text() == "Offline engine (free)"
    assert status.balance.isHidden()  # offline: no "$0.00 credits" that reads like an empty account
    status.set_backend("PixelLab")
    assert "PixelLab" in status.backend.text() and not status.balance.isHidden()
    assert status.spend.isHidden()  # nothing spent yet

    async def scenario():
        job = queue.submit(pixflux(1))
        await wait_for(lambda: job.state is JobState.DONE)
        assert "$0.010" in status.spend.text()
        await wait_for(lambda: fetched)
        await asyncio.sleep(0.05)
        assert status.balance.text() == "$12.50 credits · 150/2000 generations"
    run(qloop, scenario)


def test_a_402_from_any_job_refreshes_the_balance(qtbot, queue, fake_client, qloop):
    from studio.api.errors import InsufficientCreditsError

    fetched = []

    async def fetch():
        fetched.append(1)
        return BALANCE

    status = StatusWidgets(queue, fetch, backend="PixelLab")
    qtbot.addWidget(status)
    fake_client.fail_with = InsufficientCreditsError("broke", status=402)

    async def scenario():
        job = queue.submit(pixflux(1))
        await wait_for(lambda: job.state is JobState.FAILED)
        await wait_for(lambda: fetched)
        await asyncio.sleep(0.05)
        assert status.balance.text().startswith("$12.50 credits")
    run(qloop, scenario)
