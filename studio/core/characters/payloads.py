"""What the characters panel shows of a character, read from the typed ``studio.api`` models.

The character endpoints were documented loosely (see pixellab-api.md section 3); the odd wire
shapes are fixed once, in the validators of ``studio.api.responses.Character`` and
``CharacterAnimation``. Here they become the small frozen records the widgets display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.api.responses import Character, CharacterAnimation, CharacterList


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


def _animation(anim: CharacterAnimation) -> AnimationInfo:
    return AnimationInfo(name=anim.display_name or "", template=anim.animation_type or "",
                         status=anim.status or "completed", frames=anim.frames_by_direction,
                         id=anim.id or "")


def character_info(raw: Character | dict[str, Any]) -> CharacterInfo:
    """A ``Character`` (or its JSON, validated here) as the panel shows it."""
    character = raw if isinstance(raw, Character) else Character.model_validate(raw)
    animations = tuple(_animation(a) for a in character.animations)
    width, height = character.width_height
    return CharacterInfo(
        id=character.id, name=character.name or "", prompt=character.prompt or "",
        width=width, height=height, view=character.view or "", status=character.status or "",
        directions=character.direction_names, rotation_urls=dict(character.rotation_urls),
        animations=animations,
        animation_count=character.animation_count or len(animations),
    )


def characters_of(raw: CharacterList | list[Any]) -> list[Character]:
    """The characters of a ``CharacterList`` (or of its JSON)."""
    page = raw if isinstance(raw, CharacterList) else CharacterList.model_validate(raw)
    return list(page.characters)
