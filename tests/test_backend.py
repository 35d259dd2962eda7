"""Backend choice: offline engine without a token, the live service with one."""

from __future__ import annotations

import pytest

from studio.backend import OFFLINE, ONLINE, choose_offline, open_backend
from studio.core.settings import AppSettings, SettingsStore, TokenStore


def test_offline_is_chosen_without_token_or_when_forced() -> None:
    settings = AppSettings()
    assert choose_offline(settings, None)
    assert choose_offline(settings, "")
    assert not choose_offline(settings, "a-real-looking-token-1234")
    assert choose_offline(settings, "a-real-looking-token-1234", force_offline=True)
    settings.offline_engine = True
    assert choose_offline(settings, "a-real-looking-token-1234")


async def test_offline_backend_serves_the_same_api_over_loopback(tmp_path) -> None:
    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib")
    try:
        assert backend.name == OFFLINE and backend.is_offline
        assert backend.client.base_url.startswith("http://127.0.0.1:")
        balance = await backend.client.get_balance()
        assert balance.usd is not None
    finally:
        await backend.aclose()


async def test_online_backend_uses_the_token_and_configured_url(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PIXELLAB_API_TOKEN", "0123456789abcdef-test-token")
    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib")
    try:
        assert backend.name == ONLINE and backend.server is None
        assert backend.client.base_url == "https://api.pixellab.ai/v2"
    finally:
        await backend.aclose()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/v2"])
async def test_base_url_from_environment_wins(tmp_path, monkeypatch, url) -> None:
    monkeypatch.setenv("PIXELLAB_API_TOKEN", "0123456789abcdef-test-token")
    monkeypatch.setenv("PIXELLAB_BASE_URL", url)
    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib")
    try:
        assert backend.client.base_url == url.rstrip("/")
    finally:
        await backend.aclose()
