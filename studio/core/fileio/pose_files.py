"""Pose files: one pose or a pose sequence as versioned JSON, and the service's keypoint lists.

Schema (``format`` "pixel-studio-pose", ``version`` 1)::

    {"format": "pixel-studio-pose", "version": 1, "kind": "pose" | "sequence", "name": str,
     "sprite_size": {"width": int, "height": int},          # the sprite the poses were made on
     "frames": [{"duration_ms": int,
                 "keypoints": [{"label": str, "x": 0..1, "y": 0..1, "z_index": number}, ...18]}]}

x and y are normalised to the sprite (0..1, y down), exactly as stored in a document, so a round
trip keeps every joint exactly. ``read_pose_file`` also takes what the service returns or is sent:
a list of 18 keypoints, a list of such lists, or an object with ``keypoints`` or
``skeleton_keypoints``; coordinates in pixels (any |x| or |y| > 1) are divided by the sprite size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.document.model import MAX_DURATION_MS, MIN_DURATION_MS
from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.fileio.errors import FileFormatError
from studio.core.skeleton.pose import Pose, PoseError

FORMAT = "pixel-studio-pose"
VERSION = 1
MAX_BYTES = 8 * 1024 * 1024
MAX_FRAMES = 1024
SUFFIX = ".pose.json"


@dataclass(frozen=True)
class PoseFile:
    """What a pose file holds; ``durations_ms`` has one entry per pose."""

    name: str
    poses: tuple[Pose, ...]
    durations_ms: tuple[int, ...]
    sprite_size: tuple[int, int]

    @property
    def kind(self) -> str:
        return "pose" if len(self.poses) == 1 else "sequence"


def pose_file_json(pose_file: PoseFile) -> dict[str, Any]:
    width, height = pose_file.sprite_size
    return {
        "format": FORMAT, "version": VERSION, "kind": pose_file.kind, "name": pose_file.name,
        "sprite_size": {"width": int(width), "height": int(height)},
        "frames": [{"duration_ms": int(d), "keypoints": p.to_dict()}
                   for p, d in zip(pose_file.poses, pose_file.durations_ms, strict=True)],
    }


def write_pose_file(path: Path | str, pose_file: PoseFile) -> Path:
    """Write atomically (the old file stays whole if anything fails)."""
    if not pose_file.poses:
        raise ValueError("there is no pose to save")
    target = Path(path)
    data = json.dumps(pose_file_json(pose_file), indent=1).encode("utf-8")
    atomic_write_bytes(target, data)
    return target


def read_pose_file(path: Path | str, sprite_size: tuple[int, int] | None = None) -> PoseFile:
    """A pose file of ours or the service's keypoints; ``FileFormatError`` says what is wrong.
    ``sprite_size`` converts pixel keypoints when the file does not name its sprite."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise FileFormatError("the pose file is too big (over 8 MB)", p)
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileFormatError("the file does not exist", p) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileFormatError(f"not a JSON file ({exc})", p) from None
    try:
        return parse_pose_data(data, sprite_size, default_name=p.name.split(".")[0])
    except (PoseError, ValueError, TypeError) as exc:
        raise FileFormatError(str(exc) or type(exc).__name__, p) from None


def parse_pose_data(data: Any, sprite_size: tuple[int, int] | None = None, *,
                    default_name: str = "pose") -> PoseFile:
    if isinstance(data, Mapping) and data.get("format") == FORMAT:
        return _ours(data, default_name)
    return _service(data, sprite_size, default_name)


def _ours(data: Mapping[str, Any], default_name: str) -> PoseFile:
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise PoseError(f"pose file version {version!r} is newer than this studio reads "
                        f"({VERSION}); update Pixel Studio")
    size = _size(data.get("sprite_size"))
    frames = data.get("frames")
    if not isinstance(frames, list) or not frames:
        raise PoseError("the file has no frames")
    if len(frames) > MAX_FRAMES:
        raise PoseError(f"too many frames ({len(frames)}, at most {MAX_FRAMES})")
    poses, durations = [], []
    for n, frame in enumerate(frames):
        if not isinstance(frame, Mapping):
            raise PoseError(f"frame {n} is not an object")
        poses.append(Pose.from_dict(frame.get("keypoints") or []))
        durations.append(_duration(frame.get("duration_ms", 100), n))
    return PoseFile(str(data.get("name") or default_name), tuple(poses), tuple(durations), size)


def _service(data: Any, sprite_size: tuple[int, int] | None, name: str) -> PoseFile:
    if isinstance(data, Mapping):
        data = data.get("keypoints", data.get("skeleton_keypoints"))
    if not isinstance(data, list) or not data:
        raise PoseError("expected a pose file or the service's keypoints (a list of 18 "
                        "labelled points, or a list of such lists)")
    frames = data if isinstance(data[0], list) else [data]
    if len(frames) > MAX_FRAMES:
        raise PoseError(f"too many frames ({len(frames)}, at most {MAX_FRAMES})")
    width, height = sprite_size or (0, 0)
    poses = []
    for frame in frames:
        pose = Pose.from_dict(frame)
        if abs(pose.xy).max() > 1.0:
            if not sprite_size:
                raise PoseError("these keypoints are in pixels: open a sprite first so they "
                                "can be scaled to it")
            pose = Pose.from_api(frame, width, height)
        poses.append(pose)
    return PoseFile(name, tuple(poses), tuple(100 for _ in poses), sprite_size or (64, 64))


def _size(raw: Any) -> tuple[int, int]:
    if not isinstance(raw, Mapping):
        raise PoseError("sprite_size must be {width, height}")
    width, height = raw.get("width"), raw.get("height")
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        raise PoseError(f"sprite_size must be positive integers, got {width!r}x{height!r}")
    return width, height


def _duration(value: Any, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PoseError(f"frame {n} duration_ms must be a number")
    ms = int(value)
    if not MIN_DURATION_MS <= ms <= MAX_DURATION_MS:
        raise PoseError(f"frame {n} duration_ms must be {MIN_DURATION_MS}..{MAX_DURATION_MS}")
    return ms

