"""The pose library: the built-in starters plus the user's saved poses and sequences.

The user's entries are pose files (``*.pose.json``) in one folder of the studio's data folder;
the starters (walk, idle, jump...) come from ``studio.core.skeleton.sequence``. Entries are listed
by name; applying one to a sprite fits it to that sprite's estimate (see ``skeleton.edits``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.pose_files import SUFFIX, PoseFile, read_pose_file, write_pose_file
from studio.core.skeleton.sequence import BASE_POSE, starter_names, starter_sequence

STARTER_SIZE = (64, 64)


@dataclass(frozen=True)
class PoseEntry:
    """One entry of the library; ``path`` is None for a built-in starter."""

    name: str
    path: Path | None

    @property
    def builtin(self) -> bool:
        return self.path is None


class PoseLibrary:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def entries(self) -> list[PoseEntry]:
        """Starters first, then the user's files by name (unreadable names are still listed:
        loading one says what is wrong with it)."""
        builtin = [PoseEntry(name, None) for name in starter_names()]
        if not self.folder.is_dir():
            return builtin
        files = sorted(self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.name.casefold())
        return builtin + [PoseEntry(p.name[: -len(SUFFIX)], p) for p in files]

    def load(self, entry: PoseEntry) -> PoseFile:
        if entry.path is None:
            sequence = starter_sequence(entry.name)
            poses = tuple(p if p is not None else BASE_POSE for p in sequence.poses)
            return PoseFile(entry.name, poses, tuple(100 for _ in poses), STARTER_SIZE)
        return read_pose_file(entry.path)

    def save(self, pose_file: PoseFile, *, overwrite: bool = False) -> PoseEntry:
        """Store under the pose file's name; refuses to replace an entry unless ``overwrite``."""
        name = safe_name(pose_file.name)
        if name in starter_names():
            raise FileFormatError(f"'{name}' is a built-in pose: choose another name")
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name}{SUFFIX}"
        if path.exists() and not overwrite:
            raise FileExistsError(f"a pose named '{name}' exists already")
        write_pose_file(path, PoseFile(name, pose_file.poses, pose_file.durations_ms,
                                       pose_file.sprite_size))
        return PoseEntry(name, path)

    def delete(self, entry: PoseEntry) -> None:
        if entry.path is None:
            raise ValueError("built-in poses cannot be deleted")
        entry.path.unlink(missing_ok=True)


def safe_name(name: str) -> str:
    """A file-name-safe version of a pose name (letters, digits, space, - and _)."""
    cleaned = re.sub(r"[^\w \-]+", "", name, flags=re.UNICODE).strip()[:64]
    if not cleaned:
        raise FileFormatError("give the pose a name (letters or digits)")
    return cleaned
