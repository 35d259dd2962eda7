"""The one way a document edit is recorded: run it under the lock, push its undo atom.

Both edit mixins of ``Document`` inherit from :class:`RecordedEdits`, so neither leans on the
other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psygnal import SignalInstance

from studio.core.document.history import CallbackAtom, History
from studio.core.document.model import Frame


class RecordedEdits:
    """What an edit needs of a document; ``Document`` provides the fields."""

    frames: list[Frame]
    tags: list[Any]
    history: History
    lock: Any
    current_frame: int
    structure_changed: SignalInstance

    def _record(self, label: str, redo: Callable[[], None], undo: Callable[[], None],
                nbytes: int = 64) -> None:
        with self.lock:
            redo()
        self.history.push(CallbackAtom(locked(self, undo), locked(self, redo), nbytes), label)

    def _frame_index(self, index: int) -> int:
        if not 0 <= index < len(self.frames):
            raise IndexError(f"frame {index} does not exist (document has {len(self.frames)})")
        return index

    def _layer_index(self, frame: int, index: int) -> int:
        layers = self.frames[self._frame_index(frame)].layers
        if not 0 <= index < len(layers):
            raise IndexError(f"layer {index} does not exist in frame {frame}")
        return index

    def _structure(self) -> None:
        self.current_frame = min(self.current_frame, len(self.frames) - 1)
        self.structure_changed.emit()



def locked(doc: Any, fn: Callable[[], None]) -> Callable[[], None]:
    """``fn`` wrapped to run under the document's lock (undo and redo run from any thread)."""
    def run() -> None:
        with doc.lock:
            fn()
    return run
