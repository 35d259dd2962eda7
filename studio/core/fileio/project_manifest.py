"""The versioned JSON manifest of a ``.pxstudio`` project (validated with pydantic).

Version 1 layout of the ZIP::

    manifest.json                      this model
    frames/0000/layer_00.png           RGBA, one per layer (bottom first)
    frames/0000/mask.png               8-bit grey inpaint mask (0 keep, 255 regenerate), optional

``pose`` is plain JSON: a list of ``{label, x, y, z_index}`` (what ``Pose.to_dict()`` returns).
``extras`` is an opaque JSON object (tileset maps and other per-document data). ``tags`` lists
the frame tags (added later in version 1; files without it open with no tags).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_NAME = "pxstudio"
PROJECT_VERSION = 1
MANIFEST_NAME = "manifest.json"

Channel = Field(ge=0, le=255)


class LayerEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(max_length=500)
    kind: Literal["image", "ai", "reference"] = "image"
    visible: bool = True
    opacity: float = Field(default=1.0, ge=0.0, le=1.0)
    locked: bool = False
    image: str = Field(max_length=300)


class FrameEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    duration_ms: int = Field(default=100, ge=1, le=65535)
    layers: list[LayerEntry] = Field(min_length=1, max_length=1000)
    mask: str | None = Field(default=None, max_length=300)
    pose: Any = None


class TagEntry(BaseModel):
    """A frame tag (``studio.core.document.tags.FrameTag``); frames 0-based, inclusive."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=200)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    direction: Literal["forward", "reverse", "pingpong", "pingpong_reverse"] = "forward"
    repeat: int = Field(default=0, ge=0, le=65535)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: Literal["pxstudio"]
    version: int = Field(ge=1)
    app: str = "Pixel Studio"
    name: str = Field(default="Untitled", max_length=500)
    width: int = Field(ge=1, le=8192)
    height: int = Field(ge=1, le=8192)
    palette: list[tuple[int, int, int, int]] = Field(default_factory=list, max_length=65536)
    current_frame: int = Field(default=0, ge=0)
    frames: list[FrameEntry] = Field(min_length=1, max_length=10000)
    extras: dict[str, Any] = Field(default_factory=dict)
    tags: list[TagEntry] = Field(default_factory=list, max_length=10000)
