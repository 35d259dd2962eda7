"""The one error type for files the studio cannot read."""

from __future__ import annotations

from pathlib import Path


class FileFormatError(ValueError):
    """A file is corrupt, truncated, foreign, too large or empty; nothing was changed."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.reason = message
        super().__init__(f"{self.path.name}: {message}" if self.path is not None else message)
