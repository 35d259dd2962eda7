"""A logging filter that keeps API tokens out of every log record."""

from __future__ import annotations

import logging
import re

_AUTH_HEADER = re.compile(
    r"""(?P<key>['"]?authorization['"]?\s*[:=]\s*['"]?)(?P<scheme>bearer\s+)?[^\s'",}]+""",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<key>bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
REDACTED = "[REDACTED]"


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Replace Authorization values, bearer tokens and any known secret in ``text``."""
    text = _AUTH_HEADER.sub(lambda m: f"{m['key']}{m['scheme'] or ''}{REDACTED}", text)
    text = _BEARER.sub(lambda m: f"{m['key']}{REDACTED}", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


_MIN_SECRET_LENGTH = 8


class RedactAuthorizationFilter(logging.Filter):
    """Rewrites each record's message so no ``Authorization`` value or known token survives."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def add_secret(self, secret: str | None) -> None:
        # Very short "secrets" would blank out ordinary words in every log line; real tokens
        # are UUID-length, and the Authorization header is redacted by name regardless.
        if secret and len(secret) >= _MIN_SECRET_LENGTH and secret not in self.secrets:
            self.secrets = (*self.secrets, secret)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not break logging
            message = str(record.msg)
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactAuthorizationFilter()


def _install_record_factory() -> None:
    """Redact every record as it is made, whatever logger, child logger or handler it reaches.

    Logger filters only see records logged on that very logger (not its children), and handler
    filters only the handlers that exist when they are attached; the record factory sees all.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_tokens", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _FILTER.filter(record)
        return record

    factory.redacts_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def install_redaction(secret: str | None = None,
                      loggers: tuple[str, ...] = ("studio", "httpx", "httpcore")) -> None:
    """Redact ``Authorization`` values, bearer tokens and ``secret`` in every log record.

    Installs a record factory (all records), and the filter on the given loggers and the root
    handlers as well.
    """
    _FILTER.add_secret(secret)
    _install_record_factory()
    for name in loggers:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
