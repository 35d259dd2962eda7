"""Tolerant readers for character payloads (pydantic models or plain dicts).

The character endpoints were documented loosely (see pixellab-api.md section 3), so the panel reads
them through these helpers instead of assuming one exact model shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.api.enums import DIRECTIONS_4, DIRECTIONS_8


def get(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.name`` or ``obj[name]``; ``default`` when missing or ``None``."""
    if obj is None:
        return default
    value = obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)
    return default if value is None else value


@dataclass(frozen=True)
class AnimationInfo:
    """One animation of a character: its label and frame URLs per direction."""

    name: str
    template: str
    status: str
    frames: dict[str, list[str]] = field(default_factory=dict)
    id: str = ""

    @property
    def label(self) -> str:
        return self.name or self.template or "animation"


@dataclass(frozen=True)
class CharacterInfo:
    """The fields the panel shows, normalised from a ``Character`` response."""

    id: str
    name: str
    prompt: str
    width: int
    height: int
    view: str
    status: str
    directions: tuple[str, ...]
    rotation_urls: dict[str, str]
    animations: tuple[AnimationInfo, ...]
    animation_count: int

    @property
    def size_text(self) -> str:
        return f"{self.width}x{self.height}" if self.width else "?"

    @property
    def is_completed(self) -> bool:
        """Completed, or no status given but rotations listed."""
        if not self.status:
            return bool(self.rotation_urls)
        return self.status.lower() in ("completed", "complete", "ready", "done")

    def busy_parts(self) -> list[str]:
        """Human names of what is still generating (the character and/or animations)."""
        state = self.status or "not finished"
        parts = [] if self.is_completed else [f"the character itself ({state})"]
        for anim in self.animations:
            if anim.status and anim.status.lower() not in ("completed", "complete", "ready"):
                parts.append(f"animation '{anim.label}' ({anim.status})")
        return parts


def _size(raw: Any) -> tuple[int, int]:
    if isinstance(raw, int | float):
        return int(raw), int(raw)
    width = get(raw, "width", 0)
    height = get(raw, "height", width)
    try:
        return int(width), int(height)
    except (TypeError, ValueError):
        return 0, 0


def _animation(raw: Any) -> AnimationInfo:
    frames: dict[str, list[str]] = {}
    directions = get(raw, "directions", [])
    if isinstance(directions, dict):  # {direction: [urls]} variant
        directions = [{"direction": k, "frames": v} for k, v in directions.items()]
    for entry in directions:
        name = get(entry, "direction", "")
        urls = [u for u in get(entry, "frames", []) if isinstance(u, str) and u]
        if name:
            frames[str(name)] = urls
    return AnimationInfo(
        name=str(get(raw, "display_name", "") or get(raw, "name", "")),
        template=str(get(raw, "animation_type", "") or get(raw, "template_animation_id", "")),
        status=str(get(raw, "status", "completed")),
        frames=frames,
        id=str(get(raw, "id", "")),
    )


def character_info(raw: Any) -> CharacterInfo:
    """Normalise a ``Character`` model or dict; missing fields get harmless defaults."""
    rotations_raw = get(raw, "rotation_urls", {}) or {}
    if not isinstance(rotations_raw, dict):
        rotations_raw = get(rotations_raw, "__dict__", {})
    rotations = {str(k): str(v) for k, v in rotations_raw.items() if isinstance(v, str) and v}
    animations = tuple(_animation(a) for a in get(raw, "animations", []) or [])
    width, height = _size(get(raw, "size", None) or get(raw, "image_size", None))
    directions = get(raw, "directions", None)
    if isinstance(directions, int):
        directions = DIRECTIONS_8 if directions == 8 else DIRECTIONS_4
    if not directions:
        directions = tuple(rotations) or ("south", "west", "east", "north")
    return CharacterInfo(
        id=str(get(raw, "id", "") or get(raw, "character_id", "")),
        name=str(get(raw, "name", "")),
        prompt=str(get(raw, "prompt", "") or get(raw, "description", "")),
        width=width,
        height=height,
        view=str(get(raw, "view", "")),
        status=str(get(raw, "status", "")),
        directions=tuple(str(d) for d in directions),
        rotation_urls=rotations,
        animations=animations,
        animation_count=int(get(raw, "animation_count", len(animations))),
    )


def characters_of(raw: Any) -> list[Any]:
    """The list inside a ``CharacterList`` (``.characters``), or the raw list itself."""
    if isinstance(raw, list):
        return raw
    return list(get(raw, "characters", []) or [])
