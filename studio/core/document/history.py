"""Undo/redo as a stack of steps; each step is a list of atoms (dirty-rectangle diffs or callbacks).

A *target* (the Document) applies pixel and mask atoms: it must provide
``apply_pixels(frame, layer, rect, pixels)``, ``apply_mask(frame, rect, values)`` and, for merging
the atoms of one stroke, ``read_pixels(frame, layer, rect)`` / ``read_mask(frame, rect)``.
Atoms address frames and layers by index; that is sound because steps are undone strictly in
reverse order, so the indices they saw are restored before they run.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from psygnal import Signal

from studio.core.document.geometry import Rect

DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024


class Atom(Protocol):
    nbytes: int

    def undo(self, target: Any) -> None: ...

    def redo(self, target: Any) -> None: ...


@dataclass(eq=False)
class PixelAtom:
    """Layer pixels of ``rect`` before and after a change."""

    frame: int
    layer: int
    rect: Rect
    before: np.ndarray
    after: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.before.nbytes + self.after.nbytes) + 64

    def undo(self, target: Any) -> None:
        target.apply_pixels(self.frame, self.layer, self.rect, self.before)

    def redo(self, target: Any) -> None:
        target.apply_pixels(self.frame, self.layer, self.rect, self.after)


@dataclass(eq=False)
class MaskAtom:
    """Inpaint-mask values of ``rect`` before and after a change (the mask exists already)."""

    frame: int
    rect: Rect
    before: np.ndarray
    after: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.before.nbytes + self.after.nbytes) + 64

    def undo(self, target: Any) -> None:
        target.apply_mask(self.frame, self.rect, self.before)

    def redo(self, target: Any) -> None:
        target.apply_mask(self.frame, self.rect, self.after)


@dataclass(eq=False)
class CallbackAtom:
    """Any change expressed as two closures (structure changes, properties, poses)."""

    undo_fn: Any
    redo_fn: Any
    nbytes: int = 64

    def undo(self, target: Any) -> None:
        self.undo_fn()

    def redo(self, target: Any) -> None:
        self.redo_fn()


@dataclass(eq=False)
class Step:
    label: str
    atoms: list[Any] = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.atoms)


class History:
    """Linear undo history with a memory budget; the oldest steps are dropped past the budget."""

    changed = Signal()

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES, target: Any = None) -> None:
        self.budget_bytes = budget_bytes
        self.target = target
        self._undo: deque[Step] = deque()
        self._redo: list[Step] = []
        self._open: Step | None = None
        self._depth = 0
        self._applying = False
        self._nbytes = 0
        self._clean: object | None = None  # the step on top of the undo stack when saved

    # -- recording -------------------------------------------------------------------------
    def begin(self, label: str = "Edit") -> None:
        """Open a group: every atom pushed until the matching end() becomes one step."""
        if self._depth == 0:
            self._open = Step(label)
        self._depth += 1

    def end(self) -> None:
        if self._depth == 0:
            raise RuntimeError("History.end() without begin()")
        self._depth -= 1
        if self._depth == 0:
            step, self._open = self._open, None
            assert step is not None
            if step.atoms:
                step.atoms = _merge_atoms(step.atoms, self.target)
                self._commit(step)

    @property
    def in_group(self) -> bool:
        return self._depth > 0

    def push(self, atom: Any, label: str = "Edit") -> None:
        """Record an atom whose change has already been applied."""
        if self._applying:
            raise RuntimeError("cannot record history while undoing or redoing")
        if self._open is not None:
            self._open.atoms.append(atom)
        else:
            self._commit(Step(label, [atom]))

    def _commit(self, step: Step) -> None:
        if self._redo:
            if any(s is self._clean for s in self._redo):
                self._clean = _UNREACHABLE
            self._redo.clear()
        self._undo.append(step)
        self._nbytes = sum(s.nbytes for s in self._undo)
        self._enforce_budget()
        self.changed.emit()

    def _enforce_budget(self) -> None:
        while len(self._undo) > 1 and self._nbytes > self.budget_bytes:
            dropped = self._undo.popleft()
            self._nbytes -= dropped.nbytes
            if self._clean is None or self._clean is dropped:
                self._clean = _UNREACHABLE

    # -- undo / redo -----------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and self._depth == 0

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and self._depth == 0

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> bool:
        """Revert the newest step; returns False when there is nothing to undo."""
        if not self.can_undo:
            return False
        step = self._undo.pop()
        self._nbytes -= step.nbytes
        self._run(step, forward=False)
        self._redo.append(step)
        self.changed.emit()
        return True

    def redo(self) -> bool:
        if not self.can_redo:
            return False
        step = self._redo.pop()
        self._run(step, forward=True)
        self._undo.append(step)
        self._nbytes += step.nbytes
        self._enforce_budget()
        self.changed.emit()
        return True

    def _run(self, step: Step, forward: bool) -> None:
        self._applying = True
        try:
            atoms = step.atoms if forward else reversed(step.atoms)
            for atom in atoms:
                atom.redo(self.target) if forward else atom.undo(self.target)
        finally:
            self._applying = False

    # -- bookkeeping -----------------------------------------------------------------------
    @property
    def nbytes(self) -> int:
        return self._nbytes

    @property
    def undo_count(self) -> int:
        return len(self._undo)

    @property
    def redo_count(self) -> int:
        return len(self._redo)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._nbytes = 0
        self._clean = None
        self.changed.emit()

    def mark_clean(self) -> None:
        """Remember the current state as saved."""
        self._clean = self._undo[-1] if self._undo else None
        self.changed.emit()

    def save_point(self) -> object | None:
        """The current state, to pass to :meth:`mark_clean_at` once a save of it finished."""
        return self._undo[-1] if self._undo else None

    def mark_clean_at(self, point: object | None) -> None:
        """Remember ``point`` (from :meth:`save_point`) as saved: edits made while a save ran
        in the background stay unsaved."""
        self._clean = point
        self.changed.emit()

    def mark_unclean(self) -> None:
        """Forget the saved state (e.g. a restored document that was never saved)."""
        self._clean = _UNREACHABLE
        self.changed.emit()

    @property
    def is_clean(self) -> bool:
        top = self._undo[-1] if self._undo else None
        return top is self._clean and self._open is None


_UNREACHABLE = object()


def _merge_atoms(atoms: list[Any], target: Any) -> list[Any]:
    """Fold runs of pixel (or mask) atoms on the same frame/layer into one atom over their union.

    A stroke of 1000 dabs then undoes as a single diff and emits one change event.
    """
    if target is None or len(atoms) < 2:
        return atoms
    merged: list[Any] = []
    run: list[Any] = []
    # Folding reads the current pixels, so only runs after the last structural atom are safe.
    last_other = max(
        (i for i, a in enumerate(atoms) if not isinstance(a, PixelAtom | MaskAtom)), default=-1
    )

    def key(a: Any) -> tuple | None:
        if isinstance(a, PixelAtom):
            return ("p", a.frame, a.layer)
        if isinstance(a, MaskAtom):
            return ("m", a.frame)
        return None

    def flush() -> None:
        if len(run) > 1 and _worth_folding(run):
            merged.append(_fold(run, target))
        else:
            merged.extend(run)
        run.clear()

    merged.extend(atoms[: last_other + 1])
    for atom in atoms[last_other + 1 :]:
        k = key(atom)
        if k is None or (run and key(run[0]) != k):
            flush()
        if k is None:
            merged.append(atom)
        else:
            run.append(atom)
    flush()
    return merged


def _worth_folding(run: list[Any]) -> bool:
    """Fold unless the union would be far bigger than the atoms (dabs in opposite corners)."""
    union = Rect.empty()
    total = 0
    for atom in run:
        union = union.union(atom.rect)
        total += atom.rect.area
    return union.area <= max(4 * total, 256 * 256)


def _fold(run: list[Any], target: Any) -> Any:
    union = Rect.empty()
    for atom in run:
        union = union.union(atom.rect)
    first = run[0]
    is_pixel = isinstance(first, PixelAtom)
    if is_pixel:
        after = target.read_pixels(first.frame, first.layer, union).copy()
    else:
        after = target.read_mask(first.frame, union).copy()
    before = after.copy()
    for atom in reversed(run):  # earliest "before" wins
        r = atom.rect.translated(-union.x, -union.y)
        before[r.slices()] = atom.before
    if is_pixel:
        return PixelAtom(first.frame, first.layer, union, before, after)
    return MaskAtom(first.frame, union, before, after)
