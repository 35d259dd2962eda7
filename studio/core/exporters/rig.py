"""Rig data for game engines: every frame's joint positions, beside the sprite sheet.

The service returns baked frames only; this sidecar lets an engine attach a sword to a hand or a
hitbox to a foot. Schema (``format`` "pixel-studio-rig", ``version`` 1)::

    {"format": "pixel-studio-rig", "version": 1, "image": "hero.png",
     "frame_size": {"w": int, "h": int}, "labels": [18 labels],
     "bones": [[parent, child], ...],
     "frames": [{"frame": 0, "duration": ms, "joints": {label: {"x": px, "y": px, "z": int}}
                 | null}]}

``x``/``y`` are pixels of that frame at the sheet's scale (origin top-left, y down, not
rounded, so sub-pixel placement survives); a frame without a pose has ``"joints": null``.
Frame ``i`` is frame ``"i"`` of the Aseprite JSON written with the same sheet, so both files
index frames the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studio.core.document.document import Document
from studio.core.exporters.sheet import write_text
from studio.core.skeleton.pose import BONES, SKELETON_LABELS, Pose, PoseError

FORMAT = "pixel-studio-rig"
VERSION = 1


def rig_json(poses: Sequence[Pose | None], durations: Sequence[int], size: tuple[int, int],
             image_name: str = "", scale: int = 1) -> dict[str, Any]:
    """``scale``: the integer scale the sheet was exported at (joints scale with the frames)."""
    width, height = size[0] * scale, size[1] * scale
    frames = []
    for index, (pose, duration) in enumerate(zip(poses, durations, strict=True)):
        joints = None
        if pose is not None:
            xy = pose.joint_pixels(width, height)
            joints = {label: {"x": round(float(xy[i, 0]), 3), "y": round(float(xy[i, 1]), 3),
                              "z": int(round(float(pose.z[i])))}
                      for i, label in enumerate(SKELETON_LABELS)}
        frames.append({"frame": index, "duration": int(duration), "joints": joints})
    return {"format": FORMAT, "version": VERSION, "image": image_name,
            "frame_size": {"w": int(width), "h": int(height)},
            "labels": list(SKELETON_LABELS), "bones": [list(b) for b in BONES],
            "frames": frames}


def document_poses(doc: Document) -> list[Pose | None]:
    """Each frame's pose as a :class:`Pose` (plain keypoint lists are converted). A pose that
    cannot be read (a project kept another shape of keypoints as it was) counts as none: its
    frame's joints are ``null`` in the rig, and the export goes on."""
    out: list[Pose | None] = []
    for frame in doc.frames:
        pose = frame.pose
        if pose is not None and not isinstance(pose, Pose):
            try:
                pose = Pose.from_dict(pose)
            except (PoseError, TypeError, AttributeError):
                pose = None
        out.append(pose)
    return out


def export_rig(doc: Document, path: Path | str, image_name: str = "",
               frames: Sequence[int] | None = None, scale: int = 1) -> Path:
    """Write the rig sidecar of ``doc`` (or of the chosen frames, re-numbered from 0)."""
    chosen = list(range(len(doc.frames))) if frames is None else list(frames)
    poses = document_poses(doc)
    data = rig_json([poses[i] for i in chosen], [doc.frames[i].duration_ms for i in chosen],
                    (doc.width, doc.height), image_name, scale)
    target = Path(path)
    write_text(target, json.dumps(data, indent=1))
    return target
