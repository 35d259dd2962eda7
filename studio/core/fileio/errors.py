"""The one error type for files the studio cannot read."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

# What zipfile can raise on a damaged archive: besides BadZipFile, zlib.error escapes its own
# checks, NotImplementedError ("zip file version 11.8", unknown compression) and RuntimeError
# (an entry flagged as encrypted) come from header fields, struct/overflow errors from sizes.
ZIP_LIBRARY_ERRORS = (
    zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
    RuntimeError, struct.error, OverflowError, KeyError, IndexError, TypeError,
)


class FileFormatError(ValueError):
    """A file is corrupt, truncated, foreign, too large or empty; nothing was changed."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.reason = message
        super().__init__(f"{self.path.name}: {message}" if self.path is not None else message)


def failure_reason(exc: BaseException) -> str:
    """A non-empty reason for a library failure, for the message after "damaged ... (reason)".

    Some exceptions carry no text (``MemoryError()``, a bare ``EOFError``); their kind is
    named instead so a user never sees "()".
    """
    if isinstance(exc, MemoryError):
        return "there is not enough memory to read it"
    text = str(exc).strip()
    return text or type(exc).__name__


def out_of_memory(path: Path | str | None = None) -> FileFormatError:
    """The error for a file whose contents do not fit in memory."""
    return FileFormatError(
        "there is not enough memory to open it; close other documents or programs and try "
        "again", path)


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC / EDQUOT, or SQLite's "database or disk is full"."""
    import errno  # noqa: PLC0415 - only needed here

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return True
    return "disk is full" in str(exc) or "No space left" in str(exc)


def write_problem(what: str, folder: Path | str, exc: BaseException) -> str:
    """A sentence for a failed write: ``what`` is e.g. "the results library"."""
    if is_disk_full(exc):
        return (f"The disk holding {what} ({folder}) is full. Free some space on it, "
                "then try again.")
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"Pixel Studio could not write to {what} ({folder}): {reason}."
