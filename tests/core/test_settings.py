"""Token precedence (env > keyring > 0600 file), settings persistence, redaction."""

from __future__ import annotations

import logging
import stat

import pytest

from studio.core.settings import (
    AppSettings,
    SettingsError,
    SettingsStore,
    TokenStore,
)


class FakeKeyring:
    def __init__(self, broken: bool = False) -> None:
        self.data: dict[tuple[str, str], str] = {}
        self.broken = broken

    def get_password(self, service, user):
        if self.broken:
            raise RuntimeError("locked")
        return self.data.get((service, user))

    def set_password(self, service, user, password):
        if self.broken:
            raise RuntimeError("locked")
        self.data[(service, user)] = password

    def delete_password(self, service, user):
        self.data.pop((service, user), None)


def test_environment_wins(tmp_path):
    ring = FakeKeyring()
    store = TokenStore(tmp_path, keyring=ring, environ={"PIXELLAB_SECRET": "sdk-token"})
    store.set("stored-token")
    assert store.get().token == "sdk-token" and store.get().source == "env:PIXELLAB_SECRET"
    both = {"PIXELLAB_SECRET": "sdk-token-bbbb", "PIXELLAB_API_TOKEN": "api-token-aaaa"}
    store = TokenStore(tmp_path, keyring=ring, environ=both)
    assert store.get().token == "api-token-aaaa" and store.env_overrides


def test_keyring_is_used_when_available(tmp_path):
    ring = FakeKeyring()
    store = TokenStore(tmp_path, keyring=ring, environ={})
    assert store.get().source == "none"
    assert store.set("  abc-123  ") == "keyring"
    assert store.get().token == "abc-123" and store.get().source == "keyring"
    assert not (tmp_path / "token").exists()
    store.clear()
    assert store.get().token is None


def test_file_fallback_is_private(tmp_path):
    for ring in (None, FakeKeyring(broken=True)):
        store = TokenStore(tmp_path / "cfg", keyring=ring or False, environ={})
        assert store.set("secret-1") == "file"
        path = tmp_path / "cfg" / "token"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert store.get().token == "secret-1" and store.get().source == "file"
        store.clear()
        assert not path.exists()


def test_system_keyring_missing_is_handled(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    store = TokenStore(tmp_path, environ={})
    assert store.set("file-token-5678") == "file"


def test_bad_token_is_refused(tmp_path):
    store = TokenStore(tmp_path, keyring=False, environ={})
    with pytest.raises(SettingsError, match="token"):
        store.set("two words")
    assert store.get().token is None


def test_token_never_shows_in_repr_or_logs(tmp_path, caplog):
    token = "s3cr3t-token-0123456789"
    store = TokenStore(tmp_path, keyring=False, environ={"PIXELLAB_API_TOKEN": token})
    with caplog.at_level(logging.INFO):
        info = store.get()
        assert token not in repr(info) and token not in str(info)
        logging.getLogger("studio.test").info("token is %s; Authorization: Bearer abc.def",
                                              token)
    assert token not in caplog.text and "abc.def" not in caplog.text
    assert "REDACTED" in caplog.text


def test_settings_round_trip_and_validation(tmp_path):
    store = SettingsStore(tmp_path)
    assert store.load() == AppSettings()
    store.save(AppSettings(base_url="http://127.0.0.1:8123/v2/", concurrency=3,
                           offline_engine=True))
    loaded = store.load()
    assert loaded.base_url == "http://127.0.0.1:8123/v2"
    assert loaded.concurrency == 3 and loaded.offline_engine
    with pytest.raises(SettingsError, match="concurrency"):
        store.save(AppSettings(concurrency=0))
    with pytest.raises(SettingsError, match="http"):
        store.save(AppSettings(base_url="http://example.com/v2"))
    with pytest.raises(SettingsError, match="base URL"):
        store.save(AppSettings(base_url="ftp://x"))
    assert store.load().concurrency == 3  # a refused save lost nothing


def test_confirmation_threshold_round_trip_and_range(tmp_path):
    store = SettingsStore(tmp_path)
    assert store.load().confirm_above_usd == 0.0  # never ask by default
    store.save(AppSettings(confirm_above_usd=0.1))
    assert store.load().confirm_above_usd == 0.1
    for bad in (-1, 1001, "0.5", True):
        with pytest.raises(SettingsError, match="threshold"):
            store.save(AppSettings(confirm_above_usd=bad))
    assert store.load().confirm_above_usd == 0.1


def test_corrupt_settings_file_falls_back_to_defaults(tmp_path):
    (tmp_path / "settings.json").write_text("{not json")
    assert SettingsStore(tmp_path).load() == AppSettings()
    (tmp_path / "settings.json").write_text('{"concurrency": 999, "junk": 1}')
    assert SettingsStore(tmp_path).load() == AppSettings()
