"""Turn a failed job's exception into the specific message (and action) shown next to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.api.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    InsufficientCreditsError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    ValidationError,
)
from studio.core.jobs.results import is_outcome_unknown

OUTCOME_UNKNOWN_TEXT = (
    "The request was sent but no answer arrived, so it may have been billed. It will not be "
    "resent automatically: use Look up in the Jobs panel, or resend it yourself (a new paid "
    "request)."
)


@dataclass(frozen=True)
class ErrorView:
    kind: str  # auth, credits, validation, rate, tier, unknown, billed, other
    message: str
    fields: list[str] = field(default_factory=list)


def describe_error(exc: BaseException | None, fallback: str = "") -> ErrorView:
    if exc is None:
        return ErrorView("other", fallback or "the job failed")
    if isinstance(exc, AuthenticationError) or getattr(exc, "status", None) == 401:
        return ErrorView("auth", "The API token was refused (401). Check it in Settings.")
    if isinstance(exc, InsufficientCreditsError) or getattr(exc, "status", None) == 402:
        return ErrorView("credits", "Not enough credits (402): the current balance is shown "
                                   "in the status bar.")
    if isinstance(exc, ValidationError) or getattr(exc, "status", None) == 422:
        fields = list(getattr(exc, "fields", []) or [])
        detail = getattr(exc, "message", str(exc))
        return ErrorView("validation", f"The service rejected a field (422): {detail}", fields)
    if isinstance(exc, RateLimitError) or getattr(exc, "status", None) in (429, 529):
        wait = getattr(exc, "retry_after", None)
        hint = f"wait {wait:.0f} s" if wait else "wait a little"
        return ErrorView("rate", f"Too many requests ({getattr(exc, 'status', 429)}): {hint} "
                                 "and generate again.")
    if isinstance(exc, PermissionDeniedError):
        return ErrorView("tier", f"Not available for this account (403): {exc}")
    if isinstance(exc, OutcomeUnknownError) or is_outcome_unknown(exc):
        return ErrorView("unknown", OUTCOME_UNKNOWN_TEXT)
    if getattr(exc, "usage", None) is not None and fallback:  # billed, answer unusable
        return ErrorView("billed", fallback)
    if not isinstance(exc, ApiError | OSError) and fallback:
        return ErrorView("other", fallback)
    return ErrorView("other", plain_message(exc))


def plain_message(exc: BaseException) -> str:
    """A sentence for the user saying what happened and what to do; never the exception's
    repr (that goes to the log and a Details expander)."""
    if isinstance(exc, AuthenticationError) or getattr(exc, "status", None) == 401:
        return "The API token was refused. Check it in Settings."
    if isinstance(exc, ApiTimeoutError):
        return "The service did not answer in time. Try again in a moment."
    if isinstance(exc, ApiConnectionError | OSError):
        return ("Could not reach the service. Check the internet connection and the "
                "Base URL in Settings, then try again.")
    if isinstance(exc, ServerError):
        return "The service had an internal error. Try again later."
    if isinstance(exc, ResponseFormatError):
        return "The service sent an answer the studio could not read. Try again."
    if isinstance(exc, ApiError):
        text = exc.message.strip().rstrip(".")
        return f"The service refused the request: {text}." if text else (
            "The service refused the request. Details are in the log.")
    return "Something went wrong. Details are in the log."


def report_job_error(job: Any, panel: Any) -> ErrorView:
    """The view of a failed job's error; a refused token (401) emits the panel's
    ``settings_requested``, missing credits (402) its ``balance_requested``."""
    view = describe_error(job.exception, job.error or "")
    if view.kind == "auth":
        panel.settings_requested.emit()
    elif view.kind == "credits":
        panel.balance_requested.emit()
    return view
