"""One HTTP exchange with retries, deadlines and error mapping (no endpoint knowledge).

Bodies are streamed with a size cap. Every failure becomes an ``ApiError`` subclass; POSTs are
resent only when the service certainly did not take them (see :mod:`studio.api.retry`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    OutcomeUnknownError,
    ResponseFormatError,
    error_for_status,
)
from .retry import Failure, RetryPolicy, parse_retry_after

log = logging.getLogger("studio.api")

MAX_RESPONSE_BYTES = 256 * 1024 * 1024
CONNECT_TIMEOUT = 10.0
DEADLINE_GRACE = 1.0
"""Extra seconds past the deadline before the backstop cancels a hung attempt."""

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
_NEVER_SENT_FATAL = (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.InvalidURL)


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: httpx.Headers
    content: bytes
    endpoint: str

    def json(self) -> Any:
        """The body as JSON, or ``ResponseFormatError``."""
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ResponseFormatError(
                f"response is not valid JSON ({exc.__class__.__name__}: {exc})",
                status=self.status, endpoint=self.endpoint,
            ) from None


def error_detail(content: bytes) -> Any:
    """FastAPI's ``detail`` (or ``message``/``error``) from an error body, else its text."""
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return content[:500].decode("utf-8", "replace").strip() or None
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            if body.get(key) is not None:
                return body[key]
    return body


def endpoint_name(url: str) -> str:
    """A loggable name for a URL: the path only (no query, no credentials)."""
    parts = urlsplit(url)
    return parts.path or "/"


class Transport:
    """Sends requests through one ``httpx.AsyncClient`` under a :class:`RetryPolicy`."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        policy: RetryPolicy,
        *,
        timeout: float,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.policy = policy
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock

    async def request(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
        max_bytes: int = MAX_RESPONSE_BYTES,
        follow_redirects: bool = False,
    ) -> RawResponse:
        method = method.upper()
        deadline = self.clock() + (timeout if timeout is not None else self.timeout)
        attempt = 0
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise ApiTimeoutError("deadline passed before the request was sent",
                                      endpoint=endpoint)
            started = self.clock()
            status: int | None = None
            retry_after: float | None = None
            try:
                raw = await self._attempt(method, url, endpoint, json_body, params, remaining,
                                          max_bytes, follow_redirects)
            except _Failed as failed:
                failure, error = failed.failure, failed.error
            else:
                log.debug("%s %s -> %s in %.3fs", method, endpoint, raw.status,
                          self.clock() - started)
                if 200 <= raw.status < 300:
                    return raw
                status = raw.status
                retry_after = parse_retry_after(raw.headers.get("retry-after"))
                error = error_for_status(status, error_detail(raw.content), endpoint,
                                         retry_after=retry_after, paid_request=method == "POST")
                failure = Failure.STATUS
            if not self.policy.should_retry(method, failure, attempt, status):
                raise error
            delay = self.policy.delay(attempt, retry_after)
            if self.clock() + delay >= deadline:
                raise error
            log.info("%s %s failed (%s); retry %d in %.2fs", method, endpoint,
                     error.__class__.__name__, attempt + 1, delay)
            await self.sleep(delay)
            attempt += 1

    async def _attempt(
        self, method: str, url: str, endpoint: str, json_body: Any,
        params: dict[str, Any] | None, remaining: float, max_bytes: int, follow: bool,
    ) -> RawResponse:
        paid = method == "POST"
        limits = httpx.Timeout(remaining, connect=min(CONNECT_TIMEOUT, remaining))
        try:
            request = self.client.build_request(method, url, json=json_body, params=params,
                                                timeout=limits)
        except _NEVER_SENT_FATAL as exc:
            raise ApiConnectionError(f"invalid request: {exc}", endpoint=endpoint) from None
        try:
            async with asyncio.timeout(remaining + DEADLINE_GRACE):
                response = await self.client.send(request, stream=True,
                                                  follow_redirects=follow)
                try:
                    content = await _read_capped(response, max_bytes, endpoint)
                finally:
                    await response.aclose()
        except ApiError:
            raise
        except _NEVER_SENT_FATAL as exc:
            raise ApiConnectionError(f"request could not be sent: {exc}",
                                     endpoint=endpoint) from None
        except _NOT_SENT as exc:
            cls = ApiTimeoutError if isinstance(exc, httpx.TimeoutException) else ApiConnectionError
            raise _Failed(Failure.NOT_SENT, cls(f"could not reach the service: {exc!r}",
                                                endpoint=endpoint)) from None
        except (httpx.TransportError, TimeoutError) as exc:
            timed_out = isinstance(exc, httpx.TimeoutException | TimeoutError)
            if paid:
                error: ApiError = OutcomeUnknownError(
                    "the request was sent but no answer arrived "
                    f"({'timeout' if timed_out else exc.__class__.__name__}); "
                    "it may have been billed, so it was not resent", endpoint=endpoint)
            elif timed_out:
                error = ApiTimeoutError(f"no answer in time: {exc!r}", endpoint=endpoint)
            else:
                error = ApiConnectionError(f"connection lost: {exc!r}", endpoint=endpoint)
            raise _Failed(Failure.LOST_AFTER_SEND, error) from None
        return RawResponse(response.status_code, response.headers, content, endpoint)


class _Failed(Exception):
    def __init__(self, failure: Failure, error: ApiError) -> None:
        super().__init__(str(error))
        self.failure = failure
        self.error = error


async def _read_capped(response: httpx.Response, max_bytes: int, endpoint: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ResponseFormatError(f"response too large ({declared} bytes)",
                                  status=response.status_code, endpoint=endpoint)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ResponseFormatError(f"response larger than {max_bytes} bytes",
                                      status=response.status_code, endpoint=endpoint)
        chunks.append(chunk)
    return b"".join(chunks)
