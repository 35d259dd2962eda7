"""Shared response plumbing: the ``data`` envelope and the cost (``usage``/``billing_usage``)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


def unwrap(body: Any) -> Any:
    """Merge a ``{"data": {...}}`` envelope into the top level (top-level keys win)."""
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        merged = dict(body["data"])
        merged.update({k: v for k, v in body.items() if k != "data"})
        return merged
    return body


class Usage(BaseModel):
    """Cost of a call: ``usd`` and/or ``generations`` (subscription billing)."""

    model_config = ConfigDict(extra="ignore")

    type: str | None = None
    usd: float | None = None
    generations: float | None = None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Usage | None:
        """Read ``usage`` and ``billing_usage`` together; ``None`` if neither is there."""
        merged: dict[str, Any] = {}
        for key in ("billing_usage", "usage"):
            part = body.get(key)
            if isinstance(part, dict):
                merged.update({k: v for k, v in part.items() if v is not None})
            elif isinstance(part, int | float) and not isinstance(part, bool):
                merged.setdefault("usd", part)
        if "credits_used" in merged and "usd" not in merged:
            merged["usd"] = merged["credits_used"]
        if "generations_used" in merged and "generations" not in merged:
            merged["generations"] = merged["generations_used"]
        clean = {k: v for k, v in merged.items() if k in ("usd", "generations", "type")
                 and (isinstance(v, str) if k == "type" else _is_number(v))}
        # a malformed cost must never cost the caller a paid result: keep what is readable
        return cls.model_validate(clean) if clean else None


class ApiResponse(BaseModel):
    """Base: unwraps ``data`` and collects ``usage``/``billing_usage``."""

    model_config = ConfigDict(extra="ignore", arbitrary_types_allowed=True)

    usage: Usage | None = None

    @model_validator(mode="before")
    @classmethod
    def _envelope(cls, value: Any) -> Any:
        value = unwrap(value)
        if isinstance(value, dict) and not isinstance(value.get("usage"), Usage):
            value = dict(value)
            value["usage"] = Usage.from_body(value)
        return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def note_billing(exc: Any, content: bytes) -> None:
    """On a paid answer that could not be used, record what it says about billing: its
    ``usage`` when the body is JSON, else ``outcome_unknown`` (HTML, truncated JSON)."""
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        exc.outcome_unknown = True
        return
    body = unwrap(body)
    if isinstance(body, dict):
        exc.usage = Usage.from_body(body)
