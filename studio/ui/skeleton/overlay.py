"""The skeleton overlay on the canvas (a ScreenOverlay) and the editing state it shows.

Bones are lines and joints round handles of a fixed screen size (readable at every zoom),
coloured by side: left blue, right orange, centre green. Selected joints get a white ring, the
hovered joint its label. The previous and next frames' poses are drawn faintly (onion skin).
While a drag is in progress ``preview`` replaces the current frame's pose, so the document only
changes (one undo step) when the drag ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from studio.core.skeleton.pose import BONES, LABEL_INDEX, SKELETON_LABELS, Pose, side_of
from studio.core.skeleton.requests import pose_of
from studio.ui.canvas.viewport import Viewport

if TYPE_CHECKING:
    from studio.core.document.document import Document

HANDLE = 5.0  # largest joint handle radius in screen pixels
MIN_HANDLE = 3.0  # at low zoom handles shrink so a small sprite's joints stay apart
HIT_SLACK = 2.0
SIDE_COLORS = {"left": QColor(70, 150, 255), "right": QColor(255, 140, 40),
               "centre": QColor(90, 220, 120)}
ONION_COLORS = (QColor(230, 60, 60, 110), QColor(60, 110, 240, 110))
OUTLINE = QColor(20, 20, 24)  # opaque: translucent wide lines cost ~3x more to draw
SELECTED = QColor(255, 255, 255)
_BONE_INDEX = np.array([(LABEL_INDEX[p], LABEL_INDEX[c]) for p, c in BONES])
_SIDES = [side_of(label) for label in SKELETON_LABELS]
# a bone takes its child's side colour (the centre colour only for NECK-NOSE)
_BONE_COLORS = [SIDE_COLORS[side_of(c) if side_of(c) != "centre" else side_of(p)]
                for p, c in BONES]


def handle_radius(zoom: float) -> float:
    """Joint handle radius in screen pixels: 3 px up to 3x zoom, growing to 5 px at 7x."""
    return max(MIN_HANDLE, min(HANDLE, 1.5 + zoom * 0.5))


def _visible_bones(pts: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Indices of the bones whose bounding boxes meet ``box`` (x0, y0, x1, y1)."""
    a, b = pts[_BONE_INDEX[:, 0]], pts[_BONE_INDEX[:, 1]]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    meets = (hi[:, 0] >= box[0]) & (lo[:, 0] <= box[2]) & (hi[:, 1] >= box[1]) & (
        lo[:, 1] <= box[3])
    return np.nonzero(meets)[0]


class SkeletonOverlay:
    """Draws the current frame's skeleton; also holds the joint editor's selection state."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.enabled = True
        self.onion = True
        self.selected: set[int] = set()
        self.hover: int | None = None
        self.preview: Pose | None = None
        self.band: QRectF | None = None  # rubber band (screen)
        self.snap = False
        self.keep_bone_lengths = False
        self.reference: QImage | None = None  # an image or another frame to pose against
        self.reference_opacity = 0.4
        self.font = QFont()
        self.font.setPixelSize(11)
        self._metrics = QFontMetrics(self.font)

    # -- what is shown ---------------------------------------------------------------------
    @property
    def document(self) -> Document | None:
        return self.canvas.document

    def frame_pose(self, frame: int | None = None) -> Pose | None:
        doc = self.document
        if doc is None:
            return None
        index = self.canvas.frame if frame is None else frame
        if not 0 <= index < len(doc.frames):
            return None
        return pose_of(doc.frames[index].pose)

    def shown_pose(self) -> Pose | None:
        return self.preview if self.preview is not None else self.frame_pose()

    def screen_points(self, pose: Pose, viewport: Viewport) -> np.ndarray:
        doc = self.document
        assert doc is not None
        px = pose.joint_pixels(doc.width, doc.height)
        return px * viewport.zoom + np.array([viewport.ox, viewport.oy])

    def hit_radius(self, viewport: Viewport) -> float:
        """Pick radius in image pixels (handles keep their screen size)."""
        return (handle_radius(viewport.zoom) + HIT_SLACK) / viewport.zoom

    def region(self, pose: Pose, indices, viewport: Viewport) -> QRect:
        """Screen rectangle covering the given joints and every bone touching them."""
        idx = set(indices)
        for p, c in _BONE_INDEX:
            if p in idx or c in idx:
                idx.update((int(p), int(c)))
        pts = self.screen_points(pose, viewport)[sorted(idx)]
        pad = HANDLE + 6  # the selected ring reaches HANDLE + 3.5 plus its pen
        x0, y0 = pts.min(axis=0) - pad
        x1, y1 = pts.max(axis=0) + pad
        return QRect(int(np.floor(x0)), int(np.floor(y0)), int(np.ceil(x1 - x0)) + 1,
                     int(np.ceil(y1 - y0)) + 1)

    def label_rect(self, pose: Pose, index: int, viewport: Viewport) -> QRect:
        x, y = self.screen_points(pose, viewport)[index]
        text = label_text(pose, index)
        w, h = self._metrics.horizontalAdvance(text) + 8, self._metrics.height() + 4
        return QRect(int(x + HANDLE + 4), int(y - h - 2), w, h)

    # -- painting --------------------------------------------------------------------------
    def paint(self, painter: QPainter, viewport: Viewport, exposed: QRect) -> None:
        pose = self.shown_pose()
        doc = self.document
        if doc is None:
            return
        painter.save()
        # bones are aliased (crisp, and ~20x cheaper than antialiased wide lines); handles and
        # labels are antialiased
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        box = np.array([exposed.left(), exposed.top(), exposed.right(), exposed.bottom()],
                       dtype=np.float64) + np.array([-1, -1, 1, 1]) * (HANDLE + 4)
        if self.reference is not None and self.enabled:
            self._paint_reference(painter, viewport, doc)
        if self.onion:
            frame = self.canvas.frame
            for offset, color in zip((-1, 1), ONION_COLORS, strict=True):
                other = self.frame_pose(frame + offset)
                if other is not None:
                    pts = self.screen_points(other, viewport)
                    self._paint_bones(painter, pts, _visible_bones(pts, box), color, 1.5)
        if pose is not None:
            pts = self.screen_points(pose, viewport)
            bones = _visible_bones(pts, box)
            self._paint_bones(painter, pts, bones, OUTLINE, 4.0)
            for i in bones:
                a, b = _BONE_INDEX[i]
                painter.setPen(QPen(_BONE_COLORS[i], 2.0, Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.RoundCap))
                painter.drawLine(QPointF(*pts[a]), QPointF(*pts[b]))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            inside = ((pts[:, 0] >= box[0]) & (pts[:, 0] <= box[2]) & (pts[:, 1] >= box[1])
                      & (pts[:, 1] <= box[3]))
            radius = handle_radius(viewport.zoom)
            for i in np.argsort(pose.z, kind="stable"):
                if inside[i]:
                    self._paint_joint(painter, pts[i], int(i), radius)
            if self.hover is not None and self.preview is None:
                self._paint_label(painter, pose, self.hover, viewport)
        if self.band is not None:
            painter.setPen(QPen(SELECTED, 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(255, 255, 255, 30))
            painter.drawRect(self.band.normalized())
        painter.restore()

    def _paint_reference(self, painter: QPainter, viewport: Viewport, doc: Document) -> None:
        """The reference scaled (nearest neighbour) onto the sprite's area, at its opacity."""
        painter.save()
        painter.setOpacity(self.reference_opacity)
        painter.drawImage(QRectF(viewport.ox, viewport.oy, doc.width * viewport.zoom,
                                 doc.height * viewport.zoom), self.reference)
        painter.restore()

    def _paint_bones(self, painter: QPainter, pts: np.ndarray, bones: np.ndarray,
                     color: QColor, width: float) -> None:
        if len(bones):
            painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLines([QPointF(*pts[a]) for pair in _BONE_INDEX[bones] for a in pair])

    def _paint_joint(self, painter: QPainter, point: np.ndarray, index: int,
                     radius: float) -> None:
        centre = QPointF(*point)
        chosen = index in self.selected
        radius += 1.5 if chosen else 0.0
        painter.setPen(QPen(SELECTED if chosen else OUTLINE, 2.0 if chosen else 1.2))
        painter.setBrush(SIDE_COLORS[_SIDES[index]])
        painter.drawEllipse(centre, radius, radius)
        if chosen:
            painter.setPen(QPen(OUTLINE, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius + 2, radius + 2)

    def _paint_label(self, painter: QPainter, pose: Pose, index: int,
                     viewport: Viewport) -> None:
        rect = self.label_rect(pose, index, viewport)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 20, 24, 210))
        painter.drawRoundedRect(QRectF(rect), 3, 3)
        painter.setPen(QColor(240, 240, 240))
        painter.setFont(self.font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label_text(pose, index))


def label_text(pose: Pose, index: int) -> str:
    """Hover label: the joint's name and its z order."""
    return f"{SKELETON_LABELS[index].title()}  z {int(round(pose.z[index]))}"
