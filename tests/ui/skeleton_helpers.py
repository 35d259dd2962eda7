"""Helpers for the skeleton editor tests: a canvas with a posed document and the joint tool."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.skeleton.pose import LABEL_INDEX, Pose
from studio.core.skeleton.sequence import BASE_POSE
from studio.ui.canvas import CanvasWidget
from studio.ui.skeleton.joint_tool import TOOL_NAME, overlay_of

SIZE = 64
__all__ = ["posed_canvas"]  # the fixture, for `import *` in test modules


def sprite(size: int = SIZE) -> np.ndarray:
    """A simple opaque figure (head, body, legs) on transparency."""
    px = np.zeros((size, size, 4), np.uint8)
    s = size / 64
    px[int(12 * s):int(22 * s), int(28 * s):int(38 * s)] = (240, 200, 160, 255)
    px[int(22 * s):int(40 * s), int(26 * s):int(40 * s)] = (40, 90, 200, 255)
    px[int(40 * s):int(58 * s), int(27 * s):int(31 * s)] = (60, 60, 60, 255)
    px[int(40 * s):int(58 * s), int(35 * s):int(39 * s)] = (60, 60, 60, 255)
    return px


def spread_pose() -> Pose:
    """The starter base pose with the limbs spread so no two joints overlap at 1x."""
    xy = BASE_POSE.xy.copy()
    for label, (dx, dy) in {
        "RIGHT SHOULDER": (-0.08, 0), "RIGHT ELBOW": (-0.16, 0), "RIGHT ARM": (-0.24, 0),
        "LEFT SHOULDER": (0.08, 0), "LEFT ELBOW": (0.16, 0), "LEFT ARM": (0.24, 0),
        "RIGHT HIP": (-0.06, 0), "RIGHT KNEE": (-0.10, 0), "RIGHT LEG": (-0.14, 0),
        "LEFT HIP": (0.06, 0), "LEFT KNEE": (0.10, 0), "LEFT LEG": (0.14, 0),
        "RIGHT EYE": (0.0, -0.03), "LEFT EYE": (-0.05, -0.03),
        "RIGHT EAR": (-0.04, -0.06), "LEFT EAR": (-0.09, -0.03),
    }.items():
        xy[LABEL_INDEX[label]] += (dx, dy)
    return BASE_POSE.with_points(xy)


@pytest.fixture
def posed_canvas(qtbot):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.resize(900, 700)
    doc = Document.from_image(sprite(), name="hero")
    canvas.set_document(doc)
    doc.set_pose(0, spread_pose())
    doc.history.clear()
    overlay_of(canvas)
    canvas.set_tool(TOOL_NAME)
    return canvas


def joint_screen(canvas: CanvasWidget, label: str) -> tuple[float, float]:
    pose = canvas.document.frames[canvas.frame].pose
    x, y = pose.point(label)
    return canvas.viewport.to_screen(x * canvas.document.width, y * canvas.document.height)


def joint_image(canvas: CanvasWidget, label: str) -> tuple[float, float]:
    x, y = canvas.document.frames[canvas.frame].pose.point(label)
    return x * canvas.document.width, y * canvas.document.height
