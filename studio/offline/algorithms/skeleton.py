"""The 18-point humanoid skeleton: labels, bones, default poses and estimation from a silhouette."""

from __future__ import annotations

import numpy as np

from .figure import figure_bbox, figure_mask

LABELS = (
    "NOSE", "NECK", "RIGHT SHOULDER", "RIGHT ELBOW", "RIGHT ARM", "LEFT SHOULDER", "LEFT ELBOW",
    "LEFT ARM", "RIGHT HIP", "RIGHT KNEE", "RIGHT LEG", "LEFT HIP", "LEFT KNEE", "LEFT LEG",
    "RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR",
)

BONES = (
    ("NECK", "NOSE"), ("NOSE", "RIGHT EYE"), ("NOSE", "LEFT EYE"), ("RIGHT EYE", "RIGHT EAR"),
    ("LEFT EYE", "LEFT EAR"), ("NECK", "RIGHT SHOULDER"), ("RIGHT SHOULDER", "RIGHT ELBOW"),
    ("RIGHT ELBOW", "RIGHT ARM"), ("NECK", "LEFT SHOULDER"), ("LEFT SHOULDER", "LEFT ELBOW"),
    ("LEFT ELBOW", "LEFT ARM"), ("NECK", "RIGHT HIP"), ("RIGHT HIP", "RIGHT KNEE"),
    ("RIGHT KNEE", "RIGHT LEG"), ("NECK", "LEFT HIP"), ("LEFT HIP", "LEFT KNEE"),
    ("LEFT KNEE", "LEFT LEG"),
)

# Front view, normalised to the body's bounding box (x 0..1 left->right, y 0..1 top->bottom).
# The character faces the viewer, so its RIGHT side is on the image's left.
FRONT_PROPORTIONS: dict[str, tuple[float, float]] = {
    "NOSE": (0.50, 0.10), "NECK": (0.50, 0.20), "RIGHT SHOULDER": (0.27, 0.24),
    "RIGHT ELBOW": (0.20, 0.38), "RIGHT ARM": (0.16, 0.52), "LEFT SHOULDER": (0.73, 0.24),
    "LEFT ELBOW": (0.80, 0.38), "LEFT ARM": (0.84, 0.52), "RIGHT HIP": (0.38, 0.52),
    "RIGHT KNEE": (0.37, 0.74), "RIGHT LEG": (0.36, 0.95), "LEFT HIP": (0.62, 0.52),
    "LEFT KNEE": (0.63, 0.74), "LEFT LEG": (0.64, 0.95), "RIGHT EYE": (0.45, 0.08),
    "LEFT EYE": (0.55, 0.08), "RIGHT EAR": (0.40, 0.09), "LEFT EAR": (0.60, 0.09),
}

# Keypoints that sit on the far side of the body in a side view get a lower z_index.
_LEFT = frozenset(label for label in LABELS if label.startswith("LEFT"))
_RIGHT = frozenset(label for label in LABELS if label.startswith("RIGHT"))


def default_pose(
    box: tuple[float, float, float, float], width_factor: float = 1.0, turn: float = 0.0
) -> dict[str, tuple[float, float]]:
    """Keypoints (pixels) for a body in ``box`` = (x, y, w, h).

    ``width_factor`` narrows the body for side and three-quarter views and ``turn`` (-1..1) moves
    the face towards one side (+1 = image right).
    """
    x0, y0, w, h = box
    pose = {}
    for label, (nx, ny) in FRONT_PROPORTIONS.items():
        px = 0.5 + (nx - 0.5) * width_factor
        if label in ("NOSE", "RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR"):
            px += 0.12 * turn
        pose[label] = (x0 + px * w, y0 + ny * h)
    return pose


def z_indices(turn: float) -> dict[str, float]:
    """Depth order: in a side view (``turn`` != 0) the far limbs go behind the body."""
    z = {label: 1.0 for label in LABELS}
    if turn > 0:
        far = _RIGHT
    elif turn < 0:
        far = _LEFT
    else:
        return z
    for label in far:
        z[label] = 0.0
    return z


def opaque_bbox(rgba: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the pixels with alpha > 0, or None for an empty image."""
    ys, xs = np.nonzero(rgba[..., 3] > 0)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def estimate_skeleton(rgba: np.ndarray) -> list[dict[str, float | str]]:
    """18 labelled keypoints in pixel coordinates, placed by humanoid proportions.

    The figure is told from its background first (alpha, or the border-connected background
    colour of an opaque sprite), the proportions are laid over the figure's bounding box and
    each point is snapped to the nearest figure pixel, so the skeleton lies on the figure. An
    empty image gets the proportions of the whole canvas.
    """
    h, w = rgba.shape[:2]
    figure = figure_mask(rgba)
    box = figure_bbox(figure) or (0, 0, w, h)
    pose = default_pose(tuple(float(v) for v in box))
    ys, xs = np.nonzero(figure)
    points = []
    for label in LABELS:
        px, py = pose[label]
        if len(xs):
            nearest = int(np.argmin((xs + 0.5 - px) ** 2 + (ys + 0.5 - py) ** 2))
            px, py = float(xs[nearest]) + 0.5, float(ys[nearest]) + 0.5
        points.append({"x": round(px, 2), "y": round(py, 2), "label": label, "z_index": 0.0})
    return points
