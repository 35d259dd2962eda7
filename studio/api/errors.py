"""Exceptions raised by the PixelLab client: one class per meaning.

Every error carries ``status`` (HTTP status or ``None``), ``detail`` (the server's
``detail`` as sent: a string, a FastAPI list of field errors, or ``None``) and ``endpoint``
(the path, e.g. ``"/create-image-pixflux"``; never a URL with credentials).
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Base class of every client error."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        detail: Any = None,
        endpoint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail
        self.endpoint = endpoint

    def __str__(self) -> str:
        where = f" [{self.endpoint}]" if self.endpoint else ""
        code = f"HTTP {self.status}: " if self.status is not None else ""
        return f"{code}{self.message}{where}"


class AuthenticationError(ApiError):
    """401: missing or invalid API token."""


class InsufficientCreditsError(ApiError):
    """402: the account has no credits or generations left."""


class PermissionDeniedError(ApiError):
    """403: the feature is not in the account's tier, or the resource is someone else's."""


class NotFoundError(ApiError):
    """404: no such job, character, tileset or tile (or it is not yours)."""


class ValidationError(ApiError):
    """422 from the server, or a request that failed local validation before sending.

    ``field_errors`` is a list of ``(field_path, message)``; the path is ``loc`` joined by ``.``
    (without the leading ``body``), or ``""`` when the server gave a plain string.
    """

    def __init__(self, message: str, *, field_errors: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field_errors = field_errors or []

    @property
    def fields(self) -> list[str]:
        return [name for name, _ in self.field_errors if name]


class NotReadyError(ApiError):
    """423: the resource is still being generated; poll again later."""


class RateLimitError(ApiError):
    """429 or 529: too many requests. ``retry_after`` is the server's hint in seconds, if any."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx (other than 529) from the service."""


class ApiConnectionError(ApiError):
    """The service could not be reached (DNS, refused, TLS) before the request was sent."""


class ApiTimeoutError(ApiError):
    """The call did not finish within its timeout or overall deadline."""


class OutcomeUnknownError(ApiError):
    """A paid request was sent but no answer came back: it may have been billed.

    Never retried automatically. Look the result up (job list, balance) or ask the user.
    """


class ResponseFormatError(ApiError):
    """The answer could not be understood: bad JSON, bad base64, not a PNG, too large,
    or an image of the wrong size. ``body`` keeps the raw answer of a paid call (if any),
    so a billed result can still be inspected or saved.

    For a paid POST, ``usage`` is the cost the answer carried (read before its images, so a
    billed but unusable answer is still counted), and ``outcome_unknown`` is True when the body
    could not be parsed at all (HTML, truncated JSON): the service took the request and may
    have billed it."""

    body: bytes | None = None
    usage: Any = None
    outcome_unknown: bool = False


class ImageDecodeError(ResponseFormatError):
    """An image payload could not be decoded safely."""


def format_detail(detail: Any) -> str:
    """Render a FastAPI ``detail`` (string, list of field errors, dict) as one readable line."""
    if detail is None:
        return ""
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        parts = []
        for name, msg in parse_field_errors(detail):
            parts.append(f"{name}: {msg}" if name else msg)
        return "; ".join(parts)
    if isinstance(detail, dict):
        for key in ("message", "msg", "detail", "error"):
            if isinstance(detail.get(key), str):
                return detail[key]
    return str(detail)


def parse_field_errors(detail: Any) -> list[tuple[str, str]]:
    """Turn FastAPI's ``[{loc, msg, type}, ...]`` (or a string) into ``(field, message)`` pairs."""
    if isinstance(detail, str):
        return [("", detail)]
    if not isinstance(detail, list):
        return [("", format_detail(detail))] if detail is not None else []
    pairs: list[tuple[str, str]] = []
    for item in detail:
        if not isinstance(item, dict):
            pairs.append(("", str(item)))
            continue
        loc = item.get("loc") or []
        if not isinstance(loc, list | tuple):
            loc = [loc]
        names = [str(p) for p in loc]
        if names and names[0] in ("body", "query", "path"):
            names = names[1:]
        pairs.append((".".join(names), str(item.get("msg", item.get("message", "")))))
    return pairs


class JobFailedError(ApiError):
    """A background job finished with status ``failed``; ``detail`` holds the reason."""


class ServerOutcomeUnknownError(ServerError, OutcomeUnknownError):
    """A paid POST got a 5xx after its body was sent: failed, or maybe billed. Not resent."""


RATE_LIMIT_HINTS = ("wait longer between generations", "concurrent jobs", "too many requests")

STATUS_ERRORS: dict[int, type[ApiError]] = {
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationError,
    423: NotReadyError,
    429: RateLimitError,
    529: RateLimitError,
}


def error_for_status(
    status: int,
    detail: Any,
    endpoint: str | None,
    *,
    retry_after: float | None = None,
    paid_request: bool = False,
) -> ApiError:
    """The one status-to-exception mapping. ``paid_request`` marks a POST whose body was sent."""
    text = format_detail(detail) or f"HTTP {status}"
    common: dict[str, Any] = {"status": status, "detail": detail, "endpoint": endpoint}
    cls = STATUS_ERRORS.get(status)
    if status in (400, 403, 409) and any(hint in text.lower() for hint in RATE_LIMIT_HINTS):
        cls = RateLimitError  # the service's "slow down" / job-slot messages, whatever the code
    if cls is RateLimitError:
        return RateLimitError(text, retry_after=retry_after, **common)
    if cls is ValidationError:
        return ValidationError(text, field_errors=parse_field_errors(detail), **common)
    if cls is not None:
        return cls(text, **common)
    if status >= 500:
        if paid_request and status != 503:
            return ServerOutcomeUnknownError(
                f"{text} (the request was sent; it may have been billed)", **common
            )
        return ServerError(text, **common)
    return ApiError(text, **common)
