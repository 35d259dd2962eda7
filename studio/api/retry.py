"""Retry policy: small pure functions deciding whether to retry and how long to wait.

A generation POST costs money, so it is resent only when the service certainly did not take
it: the connection failed before sending, or the service answered 429/529/503. After the body
was sent and the answer was lost (read timeout, dropped connection) or a 5xx came back, a POST
is never resent. GETs are idempotent and retried on any transient failure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import Enum
from time import time


class Failure(Enum):
    """How an attempt went wrong, as far as billing is concerned."""

    NOT_SENT = "not_sent"  # connect refused/timeout, pool timeout: the service never saw it
    LOST_AFTER_SEND = "lost_after_send"  # read/write timeout, dropped connection
    STATUS = "status"  # the service answered with an error status


RETRY_ANY_METHOD = frozenset({429, 503, 529})
RETRY_IDEMPOTENT = frozenset({408, 500, 502, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` extra attempts; delays ``base_delay * 2**n`` (capped) minus jitter."""

    max_retries: int = 3
    base_delay: float = 1.0
    max_delay: float = 30.0
    retry_after_cap: float = 60.0
    jitter: float = 0.25
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def should_retry(
        self, method: str, failure: Failure, attempt: int, status: int | None = None
    ) -> bool:
        """``attempt`` counts retries already made (0 after the first try)."""
        if attempt >= self.max_retries:
            return False
        idempotent = method.upper() in IDEMPOTENT_METHODS
        if failure is Failure.NOT_SENT:
            return True
        if failure is Failure.LOST_AFTER_SEND:
            return idempotent
        if status in RETRY_ANY_METHOD:
            return True
        return idempotent and status in RETRY_IDEMPOTENT

    def backoff(self, attempt: int) -> float:
        """Exponential delay for retry number ``attempt`` (0-based), with downward jitter."""
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        return ceiling * (1.0 - self.jitter * self.rng.random())

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait: the server's ``Retry-After`` (capped) if given, else backoff."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.retry_after_cap))
        return self.backoff(attempt)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); ``None`` if absent/invalid."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)
