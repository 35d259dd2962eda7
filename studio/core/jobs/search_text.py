"""What the Library search looks through for each result: the request's text (every text
parameter, e.g. a tileset's lower/upper descriptions or a rotation's directions), the tool's
shown name, the result's own label (tile corners, direction, "frame n") and, for an image made
from a character, that character's description.

Kept as one lower-case line per result (``results.search_text``) so a search stays one indexed
``LIKE`` over one column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

TOOL_NAMES: dict[str, str] = {
    "create-image-pixflux": "Create (pixflux)",
    "create-image-bitforge": "Create (bitforge)",
    "create-image-pixen": "Create (pixen)",
    "generate-image-v2": "Create (v2)",
    "generate-with-style-v2": "Create in a style",
    "inpaint": "Inpaint",
    "inpaint-v3": "Inpaint",
    "edit-image": "Edit with text",
    "rotate": "Rotate",
    "generate-8-rotations-v3": "Rotate (8 directions)",
    "animate-with-skeleton": "Skeleton animation",
    "animate-with-text": "Animate with text",
    "animate-with-text-v3": "Animate with text",
    "interpolation-v2": "Animate between frames",
    "edit-animation-v2": "Edit animation",
    "estimate-skeleton": "Skeleton estimate",
    "create-character-with-4-directions": "Character (4 directions)",
    "create-character-with-8-directions": "Character (8 directions)",
    "characters/animations": "Character animation",
    "animate-character": "Character animation",
    "tilesets": "Tileset",
    "create-tileset": "Tileset",
    "create-isometric-tile": "Isometric tile",
}
MAX_TEXT = 300  # longer strings are data (base64, ids), not words anyone searches for


def shown_tool(tool: str) -> str:
    """The name the studio shows for a tool ("create-tileset" -> "Tileset")."""
    return TOOL_NAMES.get(tool) or tool.replace("-", " ").replace("/", " ").capitalize()


def request_words(params: Any) -> Iterator[str]:
    """Every short text value in the request parameters (image references skipped)."""
    if isinstance(params, dict):
        if params.get("type") == "image_ref":
            return
        for value in params.values():
            yield from request_words(value)
    elif isinstance(params, list | tuple):
        for value in params:
            yield from request_words(value)
    elif isinstance(params, str) and 0 < len(params) <= MAX_TEXT:
        yield params


def search_text(tool: str, description: str, params: dict[str, Any], label: str = "",
                extra: str = "") -> str:
    """The one line a result is searched by (lower case)."""
    parts = [description, shown_tool(tool), tool, label, extra, *request_words(params)]
    return " | ".join(p for p in parts if p).lower()


def describe_label(label: str) -> str:
    """A label for people: "frame 3", "east", "NE corners" stay; underscores become spaces."""
    return label.replace("_", " ").strip()
