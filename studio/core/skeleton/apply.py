"""Putting saved poses on a sprite: fitted to its estimate by retargeting, one undo step.

A pose or sequence from the pose library (or a file) was made on some sprite; applied here it
keeps each bone's direction and takes this sprite's bone lengths (``retarget``), so it fits a
character of other proportions. Applied to the current frame, a sequence's first pose is used;
applied to the timeline, the frames from the current one on are posed (frames are added as
needed) and their durations follow the file.
"""

from __future__ import annotations

from studio.core.document.document import Document
from studio.core.skeleton.edits import describe_frames, poses_in
from studio.core.skeleton.pose import Pose, PoseError
from studio.core.skeleton.requests import pose_of
from studio.core.skeleton.retarget import retarget_sequence


def fitted_poses(poses: list[Pose], source_size: tuple[int, int], estimate: Pose,
                 size: tuple[int, int]) -> list[Pose]:
    """``poses`` retargeted onto a sprite of ``size`` whose estimate is ``estimate``; the
    sequence's first pose is its reference (its proportions are the source's)."""
    if not poses:
        raise PoseError("there is no pose to apply")
    return retarget_sequence(poses, poses[0], source_size, estimate, size)


def apply_poses(doc: Document, poses: list[Pose], source_size: tuple[int, int],
                estimate: Pose, start: int, *, whole_timeline: bool,
                durations_ms: list[int] | None = None, label: str = "pose") -> str:
    """Put the fitted poses on ``start`` (or ``start`` and the following frames) in one undo
    step; returns a sentence saying which frames were posed and which poses were replaced."""
    if not 0 <= start < len(doc.frames):
        raise PoseError(f"frame {start + 1} does not exist")
    fitted = fitted_poses(poses, source_size, estimate, (doc.width, doc.height))
    if not whole_timeline:
        fitted = fitted[:1]
    frames = list(range(start, start + len(fitted)))
    replaced = poses_in(doc, frames)
    doc.history.begin(f"Apply {label}")
    try:
        for offset, (index, pose) in enumerate(zip(frames, fitted, strict=True)):
            if index >= len(doc.frames):
                doc.add_frame(index)
            doc.set_pose(index, pose)
            if whole_timeline and durations_ms and offset < len(durations_ms):
                doc.set_duration(index, int(durations_ms[offset]))
    finally:
        doc.history.end()
    text = f"\u201c{label}\u201d put on {describe_frames(frames)}, fitted to this sprite"
    if replaced:
        text += f"; it replaced the poses of {describe_frames(replaced)} (Undo brings them back)"
    return text + "."


def reference_pose(doc: Document, estimate: Pose | None) -> Pose:
    """What a sprite's poses are fitted to: its estimate, else the first posed frame."""
    if estimate is not None:
        return estimate
    for frame in doc.frames:
        pose = pose_of(frame.pose)
        if pose is not None:
            return pose
    raise PoseError("estimate the skeleton of this sprite first: poses are fitted to it")
