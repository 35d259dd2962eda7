"""Pose timeline edits on a Document: each call is one undo step (Qt-free).

The document's frames are the pose sequence: ``Frame.pose`` holds a frame's skeleton.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from studio.core.document.document import Document
from studio.core.skeleton.pose import Pose, PoseError, interpolate, mirror
from studio.core.skeleton.requests import pose_of
from studio.core.skeleton.sequence import fit_starter, starter_names


@contextmanager
def _step(doc: Document, label: str):
    doc.history.begin(label)
    try:
        yield
    finally:
        doc.history.end()


def frame_poses(doc: Document) -> list[Pose | None]:
    return [pose_of(frame.pose) for frame in doc.frames]


def _pose(doc: Document, index: int) -> Pose:
    if not 0 <= index < len(doc.frames):
        raise PoseError(f"frame {index + 1} does not exist")
    pose = pose_of(doc.frames[index].pose)
    if pose is None:
        raise PoseError(f"frame {index + 1} has no pose: estimate one or add a starter pose")
    return pose


def copy_pose(doc: Document, source: int, targets: Iterable[int]) -> list[int]:
    """Copy the pose of ``source`` to ``targets``; returns the frames that changed."""
    pose = _pose(doc, source)
    targets = sorted(set(targets))
    for t in targets:
        if not 0 <= t < len(doc.frames):
            raise PoseError(f"frame {t + 1} does not exist")
    changed = [t for t in targets if t != source and pose_of(doc.frames[t].pose) != pose]
    with _step(doc, "Copy pose"):
        for t in changed:
            doc.set_pose(t, pose)
    return changed


def mirror_pose(doc: Document, index: int) -> Pose:
    pose = mirror(_pose(doc, index))
    doc.set_pose(index, pose, "Mirror pose")
    return pose


def duplicate_frame(doc: Document, index: int) -> int:
    """A copy of frame ``index`` (pixels and pose) right after it; returns its index."""
    new = doc.duplicate_frame(index)
    doc.current_frame = new
    return new


def insert_interpolated(doc: Document, index: int, t: float = 0.5,
                        preserve_bone_lengths: bool = True) -> int:
    """A new blank frame after ``index`` whose pose lies between it and the next frame's."""
    if index + 1 >= len(doc.frames):
        raise PoseError("interpolating needs a next frame: select a frame that is not the last")
    pose = interpolate(_pose(doc, index), _pose(doc, index + 1), t, preserve_bone_lengths)
    with _step(doc, "Interpolate pose"):
        new = doc.add_frame(index + 1)
        doc.set_pose(new, pose)
    doc.current_frame = new
    return new


def _check_starter(name: str) -> None:
    if name not in starter_names():
        names = ", ".join(starter_names())
        raise PoseError(f"unknown starter pose {name!r}; choose one of {names}")


def apply_starter(doc: Document, name: str, estimate_frame: int) -> range:
    """Fit starter ``name`` to the pose of ``estimate_frame`` and put it on that frame and the
    following ones (adding blank frames as needed). Returns the frames posed."""
    _check_starter(name)
    sequence = fit_starter(name, _pose(doc, estimate_frame))
    frames = range(estimate_frame, estimate_frame + len(sequence))
    with _step(doc, f"Starter poses: {name}"):
        for index, pose in zip(frames, sequence.poses, strict=True):
            if index >= len(doc.frames):
                doc.add_frame(index)
            doc.set_pose(index, pose)
    return frames


def poses_in(doc: Document, frames: Iterable[int]) -> list[int]:
    """The frames among ``frames`` that exist and already carry a pose."""
    return [i for i in frames if 0 <= i < len(doc.frames)
            and pose_of(doc.frames[i].pose) is not None]


def describe_frames(frames: list[int]) -> str:
    """``frame 3`` / ``frames 2-5`` / ``frames 1, 4, 6`` (1-based, for messages)."""
    shown = [i + 1 for i in frames]
    if len(shown) == 1:
        return f"frame {shown[0]}"
    if shown == list(range(shown[0], shown[-1] + 1)):
        return f"frames {shown[0]}\u2013{shown[-1]}"
    return "frames " + ", ".join(map(str, shown))


def starter_message(name: str, frames: range, replaced: list[int]) -> str:
    """What Apply starter did, saying which earlier poses it replaced."""
    text = f"Starter poses \u201c{name}\u201d put on {describe_frames(list(frames))}"
    if replaced:
        text += (f"; they replaced the poses of {describe_frames(replaced)} "
                 "(Undo brings them back)")
    return text + "."


def apply_starter_and_say(doc: Document, name: str, estimate_frame: int) -> str:
    """:func:`apply_starter` (one undo step), returning a sentence that names the frames
    posed and the earlier poses it replaced, so nothing is replaced silently."""
    _check_starter(name)
    length = len(fit_starter(name, _pose(doc, estimate_frame)).poses)
    replaced = poses_in(doc, range(estimate_frame, estimate_frame + length))
    return starter_message(name, apply_starter(doc, name, estimate_frame), replaced)


def reset_pose(doc: Document, index: int, estimate: Pose) -> None:
    """Put the estimated pose back on frame ``index`` (one undo step)."""
    if not 0 <= index < len(doc.frames):
        raise PoseError(f"frame {index + 1} does not exist")
    doc.set_pose(index, estimate, "Reset pose")


def set_joint_z(doc: Document, index: int, label_index: int, z: float) -> None:
    pose = _pose(doc, index)
    values = pose.z.copy()
    values[label_index] = z
    doc.set_pose(index, pose.with_points(z=values), "Joint depth")
