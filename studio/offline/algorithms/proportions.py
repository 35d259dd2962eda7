"""Body proportions (the API's presets and custom ratios) applied to the standard skeleton."""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Proportions:
    head_size: float = 1.0
    arm_length: float = 1.0
    leg_length: float = 1.0
    shoulder_width: float = 1.0
    hip_width: float = 1.0


PRESETS: dict[str, Proportions] = {
    "default": Proportions(),
    "chibi": Proportions(1.8, 0.7, 0.6, 0.9, 0.9),
    "cartoon": Proportions(1.4, 0.9, 0.8, 1.0, 1.0),
    "stylized": Proportions(1.1, 1.05, 1.1, 0.9, 0.9),
    "realistic_male": Proportions(0.85, 1.0, 1.05, 1.15, 0.95),
    "realistic_female": Proportions(0.85, 1.0, 1.05, 0.95, 1.1),
    "heroic": Proportions(0.8, 1.05, 1.1, 1.3, 1.0),
}

HEAD_RADIUS = 0.1  # of the body height, for the default proportions


def _scale_from(anchor: Point, point: Point, fx: float, fy: float) -> Point:
    return anchor[0] + (point[0] - anchor[0]) * fx, anchor[1] + (point[1] - anchor[1]) * fy


def reshape_pose(pose: dict[str, Point], body_height: float, p: Proportions
                 ) -> tuple[dict[str, Point], float]:
    """Apply ``p`` to ``pose`` and fit the result back into the original vertical extent.

    Returns the new pose and the factor by which lengths (and so radii) were scaled to fit.
    """
    out = dict(pose)
    neck = out["NECK"]
    centre_hip = ((out["RIGHT HIP"][0] + out["LEFT HIP"][0]) / 2, out["RIGHT HIP"][1])
    for side in ("RIGHT", "LEFT"):
        old_shoulder = out[f"{side} SHOULDER"]
        shoulder = _scale_from(neck, old_shoulder, p.shoulder_width, 1.0)
        elbow = _scale_from(shoulder, _moved(out[f"{side} ELBOW"], old_shoulder, shoulder),
                            p.arm_length, p.arm_length)
        wrist = _scale_from(elbow, _moved(out[f"{side} ARM"], out[f"{side} ELBOW"], elbow),
                            p.arm_length, p.arm_length)
        out.update({f"{side} SHOULDER": shoulder, f"{side} ELBOW": elbow, f"{side} ARM": wrist})
        old_hip = out[f"{side} HIP"]
        hip = _scale_from(centre_hip, old_hip, p.hip_width, 1.0)
        knee = _scale_from(hip, _moved(out[f"{side} KNEE"], old_hip, hip), 1.0, p.leg_length)
        ankle = _scale_from(knee, _moved(out[f"{side} LEG"], out[f"{side} KNEE"], knee), 1.0,
                            p.leg_length)
        out.update({f"{side} HIP": hip, f"{side} KNEE": knee, f"{side} LEG": ankle})
    head_r = HEAD_RADIUS * body_height * p.head_size
    lift = head_r - HEAD_RADIUS * body_height  # a bigger head pushes the face up
    for label in ("NOSE", "RIGHT EYE", "LEFT EYE", "RIGHT EAR", "LEFT EAR"):
        x, y = out[label]
        out[label] = (x, y - lift)
    top = min(y for _, y in out.values()) - head_r * 0.2
    old_top = min(y for _, y in pose.values()) - HEAD_RADIUS * body_height * 0.2
    bottom = max(y for _, y in out.values())
    old_bottom = max(y for _, y in pose.values())
    scale = (old_bottom - old_top) / max(bottom - top, 1e-6)
    anchor_x = neck[0]
    fitted = {k: (anchor_x + (x - anchor_x) * scale, old_bottom - (bottom - y) * scale)
              for k, (x, y) in out.items()}
    return fitted, scale


def _moved(point: Point, old_parent: Point, new_parent: Point) -> Point:
    """``point`` translated along with its parent joint."""
    return point[0] + new_parent[0] - old_parent[0], point[1] + new_parent[1] - old_parent[1]
