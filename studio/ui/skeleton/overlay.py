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
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from studio.core.skeleton import BONES, LABEL_INDEX, SKELETON_LABELS, Pose, side_of
from studio.core.skeleton_flow import pose_of
from studio.ui.canvas.viewport import Viewport

if TYPE_CHECKING:
    from studio.core.document import Document

HANDLE = 5.0  # joint handle radius in screen pixels
HIT_SLACK = 2.0
SIDE_COLORS = {"left": QColor(70, 150, 255), "right": QColor(255, 140, 40),
               "centre": QColor(90, 220, 120)}
ONION_COLORS = (QColor(230, 60, 60, 110), QColor(60, 110, 240, 110))
OUTLINE = QColor(20, 20, 24, 220)
SELECTED = QColor(255, 255, 255)
_BONE_INDEX = np.array([(LABEL_INDEX[p], LABEL_INDEX[c]) for p, c in BONES])
_SIDES = [side_of(label) for label in SKELETON_LABELS]


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
        return (HANDLE + HIT_SLACK) / viewport.zoom

    def region(self, pose: Pose, indices, viewport: Viewport) -> QRect:
        """Screen rectangle covering the given joints and every bone touching them."""
        idx = set(indices)
        for p, c in _BONE_INDEX:
            if p in idx or c in idx:
                idx.update((int(p), int(c)))
        pts = self.screen_points(pose, viewport)[sorted(idx)]
        pad = HANDLE + 4
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
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.onion:
            frame = self.canvas.frame
            for offset, color in zip((-1, 1), ONION_COLORS, strict=True):
                other = self.frame_pose(frame + offset)
                if other is not None:
                    self._paint_bones(painter, self.screen_points(other, viewport), color, 1.5)
        if pose is not None:
            pts = self.screen_points(pose, viewport)
            self._paint_bones(painter, pts, OUTLINE, 4.0)
            for (p, c), (a, b) in zip(BONES, _BONE_INDEX, strict=True):
                color = SIDE_COLORS[side_of(c if side_of(c) != "centre" else p)]
                painter.setPen(QPen(color, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawLine(QPointF(*pts[a]), QPointF(*pts[b]))
            for i in np.argsort(pose.z, kind="stable"):
                self._paint_joint(painter, pts[i], int(i))
            if self.hover is not None and self.preview is None:
                self._paint_label(painter, pose, self.hover, viewport)
        if self.band is not None:
            painter.setPen(QPen(SELECTED, 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(255, 255, 255, 30))
            painter.drawRect(self.band.normalized())
        painter.restore()

    def _paint_bones(self, painter: QPainter, pts: np.ndarray, color: QColor,
                     width: float) -> None:
        painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLines([QPointF(*pts[a]) for pair in _BONE_INDEX for a in pair])

    def _paint_joint(self, painter: QPainter, point: np.ndarray, index: int) -> None:
        centre = QPointF(*point)
        chosen = index in self.selected
        radius = HANDLE + (1.5 if chosen else 0.0)
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
