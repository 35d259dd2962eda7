"""The status-to-exception table, detail parsing, the retry policy maths and Retry-After."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from studio.api import errors
from studio.api.retry import Failure, RetryPolicy, parse_retry_after


@pytest.mark.parametrize(
    ("status", "cls"),
    [(401, errors.AuthenticationError), (402, errors.InsufficientCreditsError),
     (403, errors.PermissionDeniedError), (404, errors.NotFoundError),
     (422, errors.ValidationError), (423, errors.NotReadyError), (429, errors.RateLimitError),
     (529, errors.RateLimitError), (500, errors.ServerError), (502, errors.ServerError),
     (503, errors.ServerError), (400, errors.ApiError), (418, errors.ApiError)],
)
def test_status_table(status: int, cls: type) -> None:
    err = errors.error_for_status(status, "boom", "/rotate")
    assert type(err) is cls
    assert (err.status, err.detail, err.endpoint) == (status, "boom", "/rotate")
    assert "boom" in str(err) and "/rotate" in str(err)


def test_rate_limit_messages_are_recognised_under_other_codes() -> None:
    busy = errors.error_for_status(400, "Please wait longer between generations", "/rotate")
    slots = errors.error_for_status(403, {"detail": "maximum 8 concurrent jobs"}, "/tilesets")
    assert isinstance(busy, errors.RateLimitError) and isinstance(slots, errors.RateLimitError)
    assert busy.status == 400
    tier = errors.error_for_status(403, "Feature not available for your tier", "/tilesets")
    assert type(tier) is errors.PermissionDeniedError


def test_paid_5xx_is_outcome_unknown_but_still_a_server_error() -> None:
    err = errors.error_for_status(500, "oops", "/inpaint", paid_request=True)
    assert isinstance(err, errors.OutcomeUnknownError) and isinstance(err, errors.ServerError)
    assert not isinstance(errors.error_for_status(503, "busy", "/inpaint", paid_request=True),
                          errors.OutcomeUnknownError)


def test_validation_detail_list_and_string() -> None:
    detail = [{"loc": ["body", "image_size", "width"], "msg": "too small", "type": "x"},
              {"loc": ["body", "description"], "msg": "field required", "type": "y"}]
    err = errors.error_for_status(422, detail, "/create-image-pixflux")
    assert err.field_errors == [("image_size.width", "too small"),
                                ("description", "field required")]
    assert err.fields == ["image_size.width", "description"]
    assert "image_size.width: too small" in str(err)
    plain = errors.error_for_status(422, "Image size must match", "/rotate")
    assert plain.field_errors == [("", "Image size must match")] and plain.fields == []


def test_rate_limit_carries_retry_after_and_detail_fallbacks() -> None:
    err = errors.error_for_status(429, "wait longer between generations", "/x", retry_after=7)
    assert err.retry_after == 7
    assert errors.format_detail({"message": "m"}) == "m"
    assert errors.format_detail(None) == ""
    assert errors.error_for_status(500, None, "/x").message == "HTTP 500"


@pytest.mark.parametrize(
    ("method", "failure", "status", "expected"),
    [
        ("POST", Failure.NOT_SENT, None, True),
        ("POST", Failure.LOST_AFTER_SEND, None, False),
        ("GET", Failure.LOST_AFTER_SEND, None, True),
        ("POST", Failure.STATUS, 429, True),
        ("POST", Failure.STATUS, 529, True),
        ("POST", Failure.STATUS, 503, True),
        ("POST", Failure.STATUS, 500, False),
        ("POST", Failure.STATUS, 502, False),
        ("GET", Failure.STATUS, 500, True),
        ("GET", Failure.STATUS, 502, True),
        ("GET", Failure.STATUS, 404, False),
        ("POST", Failure.STATUS, 401, False),
        ("POST", Failure.STATUS, 402, False),
        ("POST", Failure.STATUS, 403, False),
        ("POST", Failure.STATUS, 422, False),
        ("GET", Failure.STATUS, 423, False),
    ],
)
def test_should_retry_table(method: str, failure: Failure, status: int | None,
                            expected: bool) -> None:
    assert RetryPolicy().should_retry(method, failure, 0, status) is expected


def test_retries_stop_at_max() -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.should_retry("GET", Failure.NOT_SENT, 1)
    assert not policy.should_retry("GET", Failure.NOT_SENT, 2)


def test_backoff_doubles_with_bounded_jitter_and_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0, jitter=0.25, rng=random.Random(3))
    for attempt, ceiling in enumerate([1, 2, 4, 8, 10, 10]):
        for _ in range(20):
            assert ceiling * 0.75 <= policy.backoff(attempt) <= ceiling
    exact = RetryPolicy(base_delay=0.5, jitter=0.0)
    assert [exact.backoff(n) for n in range(4)] == [0.5, 1.0, 2.0, 4.0]


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(retry_after_cap=60, jitter=0.0)
    assert policy.delay(0, retry_after=12) == 12
    assert policy.delay(3, retry_after=3600) == 60
    assert policy.delay(2, retry_after=None) == 4.0


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    header = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(header, now=now.timestamp()) == pytest.approx(30)
    past = format_datetime(now - timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(past, now=now.timestamp()) == 0.0
