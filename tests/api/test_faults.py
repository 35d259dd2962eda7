"""The fault matrix: for each failure, what the caller gets and how many POSTs the server saw.

A POST counts as *received* when the handler got it and did not fail before sending
(connect errors happen before the service sees anything). One paid request must never be
received twice after a post-send failure.
"""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import PixelLabClient, errors
from studio.api.retry import RetryPolicy
from studio.api.transport import Transport

from .conftest import BASE, TOKEN, image_obj

PATH = "/v2/create-image-pixflux"
GOOD = {"image": image_obj(32, 32), "usage": {"type": "usd", "usd": 0.01}}


class Scripted:
    """Answers each POST with the next scripted step; counts what reached the service."""

    def __init__(self, steps: list[Any]) -> None:
        self.steps = steps
        self.attempts = 0
        self.received = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        step = self.steps[min(self.attempts, len(self.steps) - 1)]
        self.attempts += 1
        if isinstance(step, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
            raise step
        self.received += 1
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step()
        return step


def ok() -> httpx.Response:
    return httpx.Response(200, json=GOOD)


def status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, json={"detail": f"status {code}"}, headers=headers)


async def _dropping_body() -> AsyncIterator[bytes]:
    yield b'{"image": {"type": "base64", "base64": "iVBOR'
    raise httpx.ReadError("connection reset by peer")


def raw(body: bytes) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(200, content=body,
                                  headers={"content-type": "application/json"})


def png_body(image: Image.Image) -> Callable[[], httpx.Response]:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return lambda: httpx.Response(200, json={"image": {"type": "base64", "base64": encoded}})


def gif_body() -> Callable[[], httpx.Response]:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buffer, format="GIF")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return lambda: httpx.Response(200, json={"image": {"base64": encoded, "format": "png"}})


def req() -> httpx.Request:
    return httpx.Request("POST", BASE)


async def run_post(handler: Scripted, sleeps: list[float], timeout: float = 60.0) -> Any:
    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with PixelLabClient(token=TOKEN, base_url=BASE, transport=httpx.MockTransport(handler),
                              sleep=fake_sleep, timeout=timeout) as api:
        return await api.create_image_pixflux(description="tree", image_size=(32, 32))


HUGE = Image.new("1", (4200, 4200))

# (name, steps, expected exception or None, POSTs received, attempts, number of sleeps)
MATRIX = [
    ("connect refused then ok", [httpx.ConnectError("refused", request=req()), ok],
     None, 1, 2, 1),
    ("connect refused always", [httpx.ConnectError("refused", request=req())],
     errors.ApiConnectionError, 0, 4, 3),
    ("connect timeout then ok", [httpx.ConnectTimeout("slow", request=req()), ok],
     None, 1, 2, 1),
    ("pool timeout then ok", [httpx.PoolTimeout("busy", request=req()), ok], None, 1, 2, 1),
    ("read timeout after send", [httpx.ReadTimeout("no answer", request=req()), ok],
     errors.OutcomeUnknownError, 1, 1, 0),
    ("write timeout while sending", [httpx.WriteTimeout("stuck", request=req()), ok],
     errors.OutcomeUnknownError, 1, 1, 0),
    ("dropped connection after send",
     [httpx.RemoteProtocolError("Server disconnected", request=req()), ok],
     errors.OutcomeUnknownError, 1, 1, 0),
    ("dropped in the middle of the body",
     [lambda: httpx.Response(200, content=_dropping_body()), ok],
     errors.OutcomeUnknownError, 1, 1, 0),
    ("429 without Retry-After", [status(429), ok], None, 2, 2, 1),
    ("429 with Retry-After", [status(429, **{"Retry-After": "7"}), ok], None, 2, 2, 1),
    ("429 always", [status(429)], errors.RateLimitError, 4, 4, 3),
    ("529", [status(529), ok], None, 2, 2, 1),
    ("503", [status(503), ok], None, 2, 2, 1),
    ("500", [status(500), ok], errors.OutcomeUnknownError, 1, 1, 0),
    ("502", [status(502), ok], errors.ServerError, 1, 1, 0),
    ("401", [status(401), ok], errors.AuthenticationError, 1, 1, 0),
    ("402", [status(402), ok], errors.InsufficientCreditsError, 1, 1, 0),
    ("403", [status(403), ok], errors.PermissionDeniedError, 1, 1, 0),
    ("422", [status(422), ok], errors.ValidationError, 1, 1, 0),
    ("malformed JSON", [raw(b"<html>oops</html>"), ok], errors.ResponseFormatError, 1, 1, 0),
    ("truncated body", [raw(b'{"image": {"type": "base64", "base64": "iVBO'), ok],
     errors.ResponseFormatError, 1, 1, 0),
    ("bad base64", [raw(b'{"image": {"type": "base64", "base64": "%%%%"}}'), ok],
     errors.ResponseFormatError, 1, 1, 0),
    ("not a PNG", [gif_body(), ok], errors.ResponseFormatError, 1, 1, 0),
    ("huge PNG", [png_body(HUGE), ok], errors.ResponseFormatError, 1, 1, 0),
    ("wrong size", [png_body(Image.new("RGBA", (64, 32))), ok],
     errors.ResponseFormatError, 1, 1, 0),
    ("no image field", [raw(b'{"usage": {"usd": 0.01}}'), ok],
     errors.ResponseFormatError, 1, 1, 0),
]


@pytest.mark.parametrize(("name", "steps", "expected", "received", "attempts", "n_sleeps"),
                         MATRIX, ids=[m[0] for m in MATRIX])
async def test_post_fault_matrix(name: str, steps: list[Any], expected: type | None,
                                 received: int, attempts: int, n_sleeps: int) -> None:
    handler = Scripted(list(steps))
    sleeps: list[float] = []
    if expected is None:
        result = await run_post(handler, sleeps)
        assert result.image.size == (32, 32)
    else:
        with pytest.raises(expected) as exc:
            await run_post(handler, sleeps)
        assert exc.value.endpoint == "/create-image-pixflux"
    assert handler.received == received
    assert handler.attempts == attempts
    assert len(sleeps) == n_sleeps


async def test_retry_after_value_is_used_and_capped() -> None:
    sleeps: list[float] = []
    await run_post(Scripted([status(429, **{"Retry-After": "7"}), ok]), sleeps)
    assert sleeps == [7.0]
    sleeps.clear()
    await run_post(Scripted([status(529, **{"Retry-After": "3600"}), ok]), sleeps, timeout=600)
    assert sleeps == [60.0]


async def test_backoff_grows_without_retry_after() -> None:
    sleeps: list[float] = []
    with pytest.raises(errors.RateLimitError):
        await run_post(Scripted([status(429)]), sleeps)
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps):
        assert 0.75 * 2**attempt <= delay <= 2**attempt


async def test_retry_after_beyond_the_deadline_fails_at_once() -> None:
    sleeps: list[float] = []
    handler = Scripted([status(429, **{"Retry-After": "45"}), ok])
    with pytest.raises(errors.RateLimitError) as exc:
        await run_post(handler, sleeps, timeout=30)
    assert exc.value.retry_after == 45 and sleeps == [] and handler.received == 1


async def test_paid_result_with_bad_image_keeps_the_raw_body() -> None:
    with pytest.raises(errors.ResponseFormatError) as exc:
        await run_post(Scripted([png_body(Image.new("RGBA", (64, 32)))]), [])
    assert exc.value.body is not None and b'"image"' in exc.value.body


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow", request=req()), httpx.RemoteProtocolError("gone", request=req()),
     status(500), status(502), status(503), status(429)],
    ids=["read-timeout", "dropped", "500", "502", "503", "429"],
)
async def test_gets_are_retried_on_transient_failures(failure: Any) -> None:
    answers = [failure, httpx.Response(200, json={"type": "usd", "usd": 2.0})]
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def no_sleep(_: float) -> None:
        return None

    async with PixelLabClient(token=TOKEN, base_url=BASE, transport=httpx.MockTransport(handler),
                              sleep=no_sleep) as api:
        assert (await api.get_balance()).usd == 2.0
    assert len(calls) == 2


async def test_get_gives_up_with_timeout_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async def no_sleep(_: float) -> None:
        return None

    async with PixelLabClient(token=TOKEN, base_url=BASE, transport=httpx.MockTransport(handler),
                              sleep=no_sleep, max_retries=2) as api:
        with pytest.raises(errors.ApiTimeoutError):
            await api.get_background_job("j1")


async def _chunks() -> AsyncIterator[bytes]:
    for _ in range(4):
        yield b"x" * 512


async def test_oversized_response_is_refused() -> None:
    answers = {"/declared": lambda: httpx.Response(200, content=b"x" * 2048),
               "/streamed": lambda: httpx.Response(200, content=_chunks())}

    def handler(request: httpx.Request) -> httpx.Response:
        return answers[request.url.path]()

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        runner = Transport(http, RetryPolicy(), timeout=5)
        with pytest.raises(errors.ResponseFormatError, match="too large"):
            await runner.request("GET", "https://x.invalid/declared", endpoint="/declared",
                                 max_bytes=1024)
        with pytest.raises(errors.ResponseFormatError, match="larger than 1024"):
            await runner.request("GET", "https://x.invalid/streamed", endpoint="/streamed",
                                 max_bytes=1024)
        got = await runner.request("GET", "https://x.invalid/streamed", endpoint="/streamed")
        assert len(got.content) == 2048


async def test_paid_500_is_both_server_error_and_outcome_unknown() -> None:
    with pytest.raises(errors.ServerError) as exc:
        await run_post(Scripted([status(500)]), [])
    assert isinstance(exc.value, errors.OutcomeUnknownError) and exc.value.status == 500


async def test_overall_deadline_stops_a_hung_call(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from studio.api import transport

    monkeypatch.setattr(transport, "DEADLINE_GRACE", 0.0)
    hits: list[str] = []

    async def hang(request: httpx.Request) -> httpx.Response:
        hits.append(request.method)
        await asyncio.sleep(5)
        return httpx.Response(200, json={})

    async with PixelLabClient(token=TOKEN, base_url=BASE, transport=httpx.MockTransport(hang),
                              timeout=0.1, max_retries=0) as api:
        with pytest.raises(errors.OutcomeUnknownError):
            await api.create_image_pixflux(description="x", image_size=(16, 16))
        with pytest.raises(errors.ApiTimeoutError):
            await api.get_balance()
        with pytest.raises(errors.ApiTimeoutError):
            await api.get_balance(timeout=0.05)
    assert hits == ["POST", "GET", "GET"]
