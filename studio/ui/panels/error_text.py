"""Turn a failed job's exception into the specific message (and action) shown next to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.api.errors import (
    ApiError,
    AuthenticationError,
    InsufficientCreditsError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
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
    kind: str  # auth, credits, validation, rate, tier, unknown, other
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
    if isinstance(exc, ApiError):
        return ErrorView("other", str(exc))
    return ErrorView("other", fallback or str(exc))


def report_job_error(job: Any, panel: Any) -> ErrorView:
    """The view of a failed job's error; a refused token (401) emits the panel's
    ``settings_requested``, missing credits (402) its ``balance_requested``."""
    view = describe_error(job.exception, job.error or "")
    if view.kind == "auth":
        panel.settings_requested.emit()
    elif view.kind == "credits":
        panel.balance_requested.emit()
    return view
