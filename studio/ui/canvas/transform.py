"""The canvas' transform session: floating pixels moved with the arrow keys or the mouse,
flipped, turned by quarter turns or scaled with handles, then applied with Enter (one undo step)
or dropped with Esc.

A session starts from the selection (or the whole layer when nothing is selected), or from
pasted pixels; while it runs the source area shows as cleared and the document is untouched.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from studio.core.document.geometry import Rect
from studio.core.selection.floating import Floating, apply_floating, floating_selection, lift
from studio.core.selection.region import Selection


class TransformHost(Protocol):
    """What the transform needs of the canvas."""

    document: Any
    selection: Any  # SelectionOverlay
    frame: int
    layer: int

    def show_lifted(self, layer: int, rect: Rect | None, mask: Any = None) -> None: ...

    def layer_locked(self) -> bool: ...

    def update(self) -> None: ...


class TransformController:
    def __init__(self, canvas: TransformHost) -> None:
        self.canvas = canvas
        self.floating: Floating | None = None
        self.layer = 0
        self._whole_layer = False
        self._before: Selection | None = None
        self._outline: tuple[tuple[int, int, int], np.ndarray | None] | None = None

    @property
    def active(self) -> bool:
        return self.floating is not None

    def begin(self) -> bool:
        """Lift the selected pixels (or the whole layer); False when there is no document."""
        if self.floating is not None:
            return True
        c = self.canvas
        doc = c.document
        if doc is None or c.layer_locked():
            return False
        self._before = c.selection.selection
        source = self._before or Selection(doc.bounds)
        self._whole_layer = self._before is None
        self.layer = c.layer
        self.floating = lift(doc, c.frame, self.layer, source)
        src = self.floating.source
        assert src is not None
        c.show_lifted(self.layer, src.rect, src.mask)
        self._show()
        return True

    def begin_pasted(self, pixels: np.ndarray, at: tuple[int, int]) -> None:
        """Float pasted pixels at ``at`` (top-left) over the active layer."""
        self.cancel()
        c = self.canvas
        if c.layer_locked():
            return
        self._before = c.selection.selection
        self._whole_layer = False
        self.layer = c.layer
        h, w = pixels.shape[:2]
        self.floating = Floating(np.ascontiguousarray(pixels, dtype=np.uint8),
                                 Rect(at[0], at[1], w, h), None)
        self._show()

    # -- changes ---------------------------------------------------------------------------
    def nudge(self, dx: int, dy: int) -> None:
        if self.begin():
            assert self.floating is not None
            self.floating.move_by(dx, dy)
            self._show()

    def move_to(self, x: int, y: int) -> None:
        if self.floating is not None and (x, y) != self.floating.rect[:2]:
            r = self.floating.rect
            self.floating.move_by(x - r.x, y - r.y)
            self._show()

    def flip(self, horizontal: bool) -> None:
        if self.begin():
            assert self.floating is not None
            self.floating.flip(horizontal)
            self._show()

    def rotate(self, quarter_turns_cw: int) -> None:
        if self.begin():
            assert self.floating is not None
            self.floating.rotate(quarter_turns_cw)
            self._show()

    def resize(self, rect: Rect) -> None:
        if self.floating is not None and rect != self.floating.rect:
            self.floating.resize(rect)
            self._show()

    # -- end -------------------------------------------------------------------------------
    def commit(self, label: str = "Transform") -> bool:
        """Apply the floating pixels as one undo step; False when nothing was floating."""
        floating, doc = self.floating, self.canvas.document
        if floating is None:
            return False
        self._clear()
        if doc is not None and self.layer < len(doc.frames[doc.current_frame].layers):
            apply_floating(doc, doc.current_frame, self.layer, floating, label)
        sel = None if self._whole_layer else floating_selection(floating)
        self.canvas.selection.selection = sel
        self.canvas.update()
        return True

    def cancel(self) -> bool:
        """Drop the floating pixels; the document and the selection stay as they were."""
        if self.floating is None:
            return False
        self._clear()
        self.canvas.selection.selection = self._before
        self.canvas.update()
        return True

    def _clear(self) -> None:
        self.floating = None
        self.canvas.selection.floating = None
        self.canvas.show_lifted(self.layer, None)

    def _show(self) -> None:
        c = self.canvas
        assert self.floating is not None
        c.selection.floating = self.floating
        c.selection.selection = self._outline_of(self.floating)
        c.update()

    def _outline_of(self, floating: Floating) -> Selection:
        """The floating pixels' selection; only recomputed when their image changes."""
        r = floating.rect
        key = (id(floating.base), r.w, r.h)
        if self._outline is None or self._outline[0] != key:
            self._outline = (key, floating_selection(floating).mask)
        return Selection(r, self._outline[1])
