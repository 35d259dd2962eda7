"""The token never reaches logs, reprs or URLs."""

from __future__ import annotations

import io
import logging

import httpx
import pytest

from studio.api import PixelLabClient
from studio.api.redaction import RedactAuthorizationFilter, redact

from .conftest import BASE, TOKEN, MockServer


@pytest.mark.parametrize(
    "text",
    [
        f"headers={{'Authorization': 'Bearer {TOKEN}'}}",
        f"Authorization: Bearer {TOKEN}",
        f'{{"authorization": "{TOKEN}"}}',
        f"sent bearer {TOKEN} to server",
    ],
)
def test_redact_patterns(text: str) -> None:
    cleaned = redact(text)
    assert TOKEN not in cleaned and "[REDACTED]" in cleaned


def test_filter_rewrites_args_and_known_secrets(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("studio.test.redaction")
    logger.addFilter(RedactAuthorizationFilter(secrets=("s3cret-value",)))
    with caplog.at_level(logging.DEBUG, logger="studio.test.redaction"):
        logger.info("headers %s", {"Authorization": f"Bearer {TOKEN}"})
        logger.info("token is %s", "s3cret-value")
    text = caplog.text
    assert TOKEN not in text and "s3cret-value" not in text
    assert text.count("[REDACTED]") == 2


async def test_client_logs_and_urls_never_contain_token(caplog: pytest.LogCaptureFixture) -> None:
    server = MockServer()
    server.on("GET", "/balance", httpx.Response(200, json={"type": "usd", "usd": 1}))
    caplog.set_level(logging.DEBUG)
    async with PixelLabClient(token=TOKEN, base_url=BASE,
                              transport=httpx.MockTransport(server)) as api:
        await api.get_balance()
        logging.getLogger("studio.api").debug("request headers: %s",
                                              dict(server.seen[0].headers))
        assert TOKEN not in repr(api)
    assert server.seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in str(server.seen[0].url)
    assert TOKEN not in caplog.text


def test_records_of_any_logger_are_redacted_even_with_handlers_added_later() -> None:
    secret = "late-handler-secret-0123456789"
    PixelLabClient(token=secret, base_url=BASE)  # installs the redaction
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # attached after the client, without any filter
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("studio.api").warning("sent %s", {"Authorization": f"Bearer {secret}"})
        logging.getLogger("studio.core.jobs.queue.deep").warning("token was %s", secret)
        logging.getLogger("some.library").warning("Authorization: Bearer %s", "other-token-x")
        logging.getLogger("some.library").warning("untouched %s", 42)
    finally:
        root.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert secret not in stream.getvalue() and "other-token-x" not in stream.getvalue()
    assert lines[:3] == ["sent {'Authorization': 'Bearer [REDACTED]'}", "token was [REDACTED]",
                         "Authorization: Bearer [REDACTED]"]
    assert lines[3] == "untouched 42"
