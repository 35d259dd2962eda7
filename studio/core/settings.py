"""Application settings and the API token.

Token precedence: environment (``PIXELLAB_API_TOKEN``, then the official SDK's
``PIXELLAB_SECRET``) > OS keyring > a 0600 file in the config folder (used when no keyring
backend works). The token is never logged: :class:`TokenInfo` redacts it in ``repr``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

import platformdirs

from studio.api.redaction import install_redaction
from studio.core.jobs.library_store import atomic_write_bytes

APP_NAME = "pixel-studio"
KEYRING_SERVICE = "pixel-studio"
KEYRING_USER = "pixellab-api-token"
ENV_VARS = ("PIXELLAB_API_TOKEN", "PIXELLAB_SECRET")
DEFAULT_BASE_URL = "https://api.pixellab.ai/v2"
TOKEN_FILE = "token"
SETTINGS_FILE = "settings.json"

log = logging.getLogger(__name__)


class SettingsError(ValueError):
    """A setting has an invalid value; the message names the setting."""


def default_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_library_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library"


@dataclass
class AppSettings:
    base_url: str = DEFAULT_BASE_URL
    concurrency: int = 8
    offline_engine: bool = False
    library_dir: str = ""
    confirm_above_usd: float = 0.0
    """Ask before sending a request expected to cost more than this (0: never ask)."""

    def validate(self) -> AppSettings:
        url = self.base_url.strip().rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise SettingsError(f"base URL must start with https:// or http://, got {url!r}")
        if url.startswith("http://") and not url.startswith(("http://127.0.0.1", "http://localhost")):
            raise SettingsError("plain http:// is only allowed for the offline engine on loopback")
        if not isinstance(self.concurrency, int) or not 1 <= self.concurrency <= 64:
            raise SettingsError(f"concurrency must be 1..64, got {self.concurrency!r}")
        threshold = self.confirm_above_usd
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
                0 <= threshold <= 1000):
            raise SettingsError("the confirmation threshold must be from $0 (never ask) to "
                                f"$1000, got {threshold!r}")
        self.confirm_above_usd = float(threshold)
        self.base_url = url
        return self


class SettingsStore:
    """Loads and saves :class:`AppSettings` as JSON in the config folder (atomic writes)."""

    def __init__(self, config_dir: str | Path | None = None) -> None:
        self.config_dir = Path(config_dir) if config_dir else default_config_dir()
        self.path = self.config_dir / SETTINGS_FILE

    def load(self) -> AppSettings:
        if not self.path.exists():
            return AppSettings()
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", self.path, exc)
            return AppSettings()
        known = {f.name for f in fields(AppSettings)}
        values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
        try:
            return AppSettings(**values).validate()
        except (SettingsError, TypeError) as exc:
            log.warning("settings file %s invalid (%s); using defaults", self.path, exc)
            return AppSettings()

    def save(self, settings: AppSettings) -> None:
        settings.validate()
        data = json.dumps(asdict(settings), indent=2, sort_keys=True).encode()
        atomic_write_bytes(self.path, data)


class KeyringLike(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


@dataclass(frozen=True)
class TokenInfo:
    token: str | None
    source: str  # "env:NAME", "keyring", "file" or "none"

    def __repr__(self) -> str:
        shown = "<redacted>" if self.token else "None"
        return f"TokenInfo(token={shown}, source={self.source!r})"

    __str__ = __repr__


def _system_keyring() -> KeyringLike | None:
    """The OS keyring, or None when only the 'fail' (no backend) keyring exists."""
    try:
        import keyring  # noqa: PLC0415

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any backend failure means "no keyring"
        return None
    if type(backend).__module__.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return backend


class TokenStore:
    """Reads and writes the API token; ``keyring=None`` detects the OS keyring."""

    def __init__(self, config_dir: str | Path | None = None, *,
                 keyring: KeyringLike | None | bool = True,
                 environ: dict[str, str] | Any = None) -> None:
        self.config_dir = Path(config_dir) if config_dir else default_config_dir()
        self.file = self.config_dir / TOKEN_FILE
        self._keyring = _system_keyring() if keyring is True else (keyring or None)
        self._environ = os.environ if environ is None else environ

    def get(self) -> TokenInfo:
        """The token and where it came from; the token is registered with the log redaction."""
        info = self._lookup()
        if info.token:
            install_redaction(info.token)
        return info

    def _lookup(self) -> TokenInfo:
        for name in ENV_VARS:
            value = (self._environ.get(name) or "").strip()
            if value:
                return TokenInfo(value, f"env:{name}")
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
            except Exception as exc:  # noqa: BLE001 - a locked/broken keyring is not fatal
                log.warning("keyring unavailable (%s); trying the token file", type(exc).__name__)
                value = None
            if value:
                return TokenInfo(value, "keyring")
        if self.file.exists():
            value = self.file.read_text("utf-8").strip()
            if value:
                return TokenInfo(value, "file")
        return TokenInfo(None, "none")

    def set(self, token: str) -> str:
        """Store the token; returns where ("keyring" or "file")."""
        token = token.strip()
        if not token or any(c.isspace() for c in token) or len(token) > 512:
            raise SettingsError("the API token must be a single word without spaces")
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, KEYRING_USER, token)
            except Exception as exc:  # noqa: BLE001
                log.warning("keyring write failed (%s); using the token file",
                            type(exc).__name__)
            else:
                self.file.unlink(missing_ok=True)
                return "keyring"
        self._write_private_file(token)
        return "file"

    def clear(self) -> None:
        if self._keyring is not None:
            with contextlib.suppress(Exception):  # nothing stored there is fine
                self._keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
        self.file.unlink(missing_ok=True)

    @property
    def env_overrides(self) -> bool:
        return any((self._environ.get(n) or "").strip() for n in ENV_VARS)

    def _write_private_file(self, token: str) -> None:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(self.file.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
            os.write(fd, token.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.file)

