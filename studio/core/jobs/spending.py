"""Cost before sending: what a request is expected to cost and whether to ask first."""

from __future__ import annotations

from typing import Any

from studio.api.pricing import ExpectedCost, expected_cost


def cost_before_sending(request: Any, endpoint: str | None = None) -> ExpectedCost | None:
    """The documented price rules' expectation for ``request``; None when they say nothing."""
    try:
        return expected_cost(request, endpoint)
    except (AttributeError, TypeError, ValueError):
        return None


def needs_confirmation(request: Any, threshold_usd: float,
                       endpoint: str | None = None) -> ExpectedCost | None:
    """The expected cost when it is above ``threshold_usd`` (0 = never ask), else None.

    An unknown cost does not ask: the rules cannot say it is above the threshold."""
    if threshold_usd <= 0:
        return None
    cost = cost_before_sending(request, endpoint)
    if cost is None or cost.usd is None or cost.usd <= threshold_usd:
        return None
    return cost
