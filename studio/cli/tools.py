"""Tool names on the command line -> validated request models (``studio.api.requests``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studio.api.requests import ENDPOINTS, ApiRequest
from studio.cli.exit_codes import UsageError

# Short names for the tools people use most; every endpoint name works too (- or _).
ALIASES = {
    "pixflux": "create_image_pixflux",
    "bitforge": "create_image_bitforge",
    "isometric-tile": "create_isometric_tile",
    "character-4": "create_character_with_4_directions",
    "character-8": "create_character_with_8_directions",
    "tileset": "create_tileset",
}
# estimate_skeleton answers with keypoints, not pictures; the legacy twins are the same tools
# (the job queue sends a model to its main endpoint)
NO_IMAGES = frozenset({"estimate_skeleton", "create_tileset_legacy", "animate_character_legacy"})
SIZE_FIELDS = ("image_size", "tile_size")
_SIZE = re.compile(r"^\s*(\d{1,4})\s*[xX]\s*(\d{1,4})\s*$")


def tool_names() -> list[str]:
    endpoints = [n.replace("_", "-") for n in ENDPOINTS if n not in NO_IMAGES]
    return sorted(ALIASES) + sorted(endpoints)


def resolve_tool(name: str) -> str:
    """The endpoint name for a tool name (``pixflux`` or ``create-image-pixflux``)."""
    key = ALIASES.get(name.strip().lower(), name.strip().lower().replace("-", "_"))
    if key not in ENDPOINTS or key in NO_IMAGES:
        raise UsageError(f"unknown tool {name!r}; choose one of: {', '.join(tool_names())}")
    return key


def parse_size(text: str) -> tuple[int, int]:
    match = _SIZE.match(str(text))
    if not match:
        raise UsageError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 64x64")
    return int(match.group(1)), int(match.group(2))


def parse_assignments(items: Iterable[str], base: Path | None = None) -> dict[str, Any]:
    """``field=value`` pairs: JSON values (numbers, true, lists...), otherwise text;
    ``@file.png`` reads an image for an image field (relative to ``base``)."""
    fields: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set {item!r} is not FIELD=VALUE")
        fields[name.strip()] = parse_value(raw, base)
    return fields


def parse_value(raw: Any, base: Path | None = None) -> Any:
    if not isinstance(raw, str):
        return raw
    if raw.startswith("@"):
        return read_image(Path(base or ".") / raw[1:])
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def read_image(path: Path) -> Any:
    """An RGBA array of the image's first frame (checked and size-capped by core.fileio)."""
    from studio.core.fileio import FileFormatError, open_document

    try:
        return open_document(path).composite(0)
    except FileFormatError as exc:
        raise UsageError(f"cannot read image {path}: {exc.reason}") from None


def build_request(tool: str, description: str | None, size: tuple[int, int] | None,
                  fields: Mapping[str, Any]) -> ApiRequest:
    """A validated request for ``tool``; every problem becomes one plain UsageError."""
    _path, model = ENDPOINTS[tool]
    body = dict(fields)
    if description is not None:
        if "description" not in model.model_fields:
            raise UsageError(f"{tool} takes no description; set its fields with --set "
                             f"(e.g. lower_description=ocean)")
        body["description"] = description
    if size is not None:
        name = next((f for f in SIZE_FIELDS if f in model.model_fields), None)
        if name is None:
            raise UsageError(f"{tool} takes no size")
        body[name] = {"width": size[0], "height": size[1]}
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise UsageError(f"{tool}: " + "; ".join(_problem(e) for e in exc.errors())) from None


def _problem(error: Mapping[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ())) or "request"
    return f"{where}: {error.get('msg', 'invalid')}"
