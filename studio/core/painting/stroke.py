"""An interactive pencil/eraser stroke: pointer positions in, pixels and one undo step out."""

from __future__ import annotations

from studio.core.document.document import Color, Document
from studio.core.document.geometry import Rect, line_points
from studio.core.painting.pixels import Shape, is_corner, stamp_points
from studio.core.painting.shapes import Symmetry


class PathStroke:
    """Pointer positions in, one history step out; subclasses draw the points in ``_draw``.

    ``begin`` opens the history group and draws the first point, each ``move_to`` draws the
    line from the previous position (its first pixel, drawn already, left out), ``end`` closes
    the group. ``dirty`` collects everything changed.
    """

    def __init__(self, doc: Document, frame: int, label: str) -> None:
        self.doc, self.frame, self.label = doc, frame, label
        self.dirty = Rect.empty()
        self._last: tuple[int, int] | None = None
        self._open = False

    def begin(self, x: int, y: int) -> Rect:
        self.doc.history.begin(self.label)
        self._open = True
        return self.move_to(x, y)

    def move_to(self, x: int, y: int) -> Rect:
        """Draw from the previous position to (x, y); returns the rectangle changed now."""
        if not self._open:
            raise RuntimeError(f"{type(self).__name__}.move_to() before begin()")
        points = [(x, y)] if self._last is None else line_points(*self._last, x, y)[1:]
        self._last = (x, y)
        changed = self._draw(points)
        self.dirty = self.dirty.union(changed)
        return changed

    def _draw(self, points: list[tuple[int, int]]) -> Rect:
        raise NotImplementedError

    def end(self) -> Rect:
        """Close the stroke's history step; returns everything it changed."""
        if self._open:
            self._open = False
            self.doc.history.end()
        return self.dirty


class Stroke(PathStroke):
    """Feed pointer positions with ``move_to``; ``end`` closes the single history step.

    With ``pixel_perfect`` (1 px brushes only) the elbow pixel of every L-shape is restored
    to its colour before the stroke touched it, as soon as the next pixel reveals the L.
    """

    def __init__(self, doc: Document, frame: int, layer: int, color: Color, size: int = 1,
                 shape: Shape = "square", pixel_perfect: bool = False,
                 label: str = "Pencil", symmetry: Symmetry | None = None) -> None:
        super().__init__(doc, frame, label)
        self.layer = layer
        self.color, self.size, self.shape = color, size, shape
        self.pixel_perfect = pixel_perfect and size == 1
        self.symmetry = symmetry if symmetry is not None and symmetry.active else None
        # (point, [(point or mirror image, its colour before the stroke)])
        self._trail: list[tuple[tuple[int, int], list[tuple[tuple[int, int], tuple]]]] = []

    def _images(self, points: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return points if self.symmetry is None else self.symmetry.apply(points)

    def _draw(self, points: list[tuple[int, int]]) -> Rect:
        if not self.pixel_perfect:
            return stamp_points(self.doc, self.frame, self.layer, self._images(points),
                                self.size, self.color, self.shape, self.label)
        changed = Rect.empty()
        for p in points:
            changed = changed.union(self._perfect_point(p))
        return changed

    def _perfect_point(self, p: tuple[int, int]) -> Rect:
        changed = Rect.empty()
        if len(self._trail) >= 2 and is_corner(self._trail[-2][0], self._trail[-1][0], p):
            _elbow, originals = self._trail.pop()
            for q, original in originals:
                changed = changed.union(stamp_points(self.doc, self.frame, self.layer, [q], 1,
                                                     original, "square", self.label))
        images = self._images([p])
        originals = []
        for q in images:
            if 0 <= q[0] < self.doc.width and 0 <= q[1] < self.doc.height:
                px = self.doc.read_pixels(self.frame, self.layer, Rect(q[0], q[1], 1, 1))[0, 0]
                originals.append((q, tuple(int(v) for v in px)))
        self._trail.append((p, originals))
        del self._trail[:-2]
        dab = stamp_points(self.doc, self.frame, self.layer, images, 1, self.color, "square",
                           self.label)
        return changed.union(dab)
