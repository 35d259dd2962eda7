"""Procedural 4-frame motion cycles for animate-with-text: bob, sway and step."""

from __future__ import annotations

import math
import re

import numpy as np

from .figure import background_plate, figure_mask, has_opaque_background

CYCLE_WORDS = {
    "step": {"walk", "walking", "run", "running", "march", "marching", "step", "stepping",
             "move", "moving", "jog", "jogging", "sneak", "stroll"},
    "sway": {"wave", "waving", "sway", "swaying", "dance", "dancing", "swing", "swinging",
             "attack", "attacking", "slash", "punch", "cast", "casting", "shake", "wobble"},
    "bob": {"idle", "breathe", "breathing", "bounce", "bouncing", "jump", "jumping", "hop",
            "float", "floating", "fly", "flying", "hover", "hovering", "stand", "standing"},
}


def choose_cycle(action: str) -> str:
    """The cycle whose words appear first in ``action``; "bob" when none does."""
    for word in re.findall(r"[a-z]+", action.lower()):
        for cycle, words in CYCLE_WORDS.items():
            if word in words:
                return cycle
    return "bob"


def _move(rgba: np.ndarray, dy: int, dx: int) -> np.ndarray:
    out = np.zeros_like(rgba)
    h, w = rgba.shape[:2]
    out[max(0, dy):h + min(0, dy), max(0, dx):w + min(0, dx)] = rgba[
        max(0, -dy):h + min(0, -dy), max(0, -dx):w + min(0, -dx)
    ]
    return out


def _shear(rgba: np.ndarray, top_shift: float, pivot_row: int) -> np.ndarray:
    """Shift rows horizontally in proportion to their height above ``pivot_row``."""
    out = np.zeros_like(rgba)
    h, w = rgba.shape[:2]
    for row in range(h):
        offset = int(round(top_shift * max(0, pivot_row - row) / max(1, pivot_row)))
        out[row] = np.roll(rgba[row], offset, axis=0)
        if offset > 0:
            out[row, :offset] = 0
        elif offset < 0:
            out[row, offset:] = 0
    return out


def motion_frames(rgba: np.ndarray, action: str, n_frames: int = 4, start_frame_index: int = 0
                  ) -> list[np.ndarray]:
    """Four frames of the cycle chosen from ``action``, at phases start..start+3 of ``n_frames``.

    On an opaque background only the figure moves; the background stays and fills what the
    figure uncovers.
    """
    if not has_opaque_background(rgba):
        return _cycle_frames(rgba, action, n_frames, start_frame_index)
    figure = figure_mask(rgba)
    plate = background_plate(rgba, figure)
    cut_out = np.where(figure[..., None], rgba, 0).astype(np.uint8)
    return [np.where((frame[..., 3] > 0)[..., None], frame, plate)
            for frame in _cycle_frames(cut_out, action, n_frames, start_frame_index)]


def _cycle_frames(rgba: np.ndarray, action: str, n_frames: int, start_frame_index: int
                  ) -> list[np.ndarray]:
    cycle = choose_cycle(action)
    h, w = rgba.shape[:2]
    rows = np.nonzero((rgba[..., 3] > 0).any(axis=1))[0]
    top, bottom = (int(rows[0]), int(rows[-1])) if len(rows) else (0, h - 1)
    body = max(1, bottom - top + 1)
    amplitude = max(1, round(body / 16))
    period = max(1, n_frames)
    frames = []
    for i in range(4):
        phase = 2 * math.pi * ((start_frame_index + i) % period) / period
        if cycle == "bob":
            frames.append(_move(rgba, -int(round(amplitude * abs(math.sin(phase)))), 0))
        elif cycle == "sway":
            frames.append(_shear(rgba, amplitude * 2 * math.sin(phase), bottom))
        else:
            frames.append(_step(rgba, phase, top, body, amplitude))
    return frames


def _step(rgba: np.ndarray, phase: float, top: int, body: int, amplitude: int) -> np.ndarray:
    """The legs (lower 40 %) swing in opposite directions under a still upper body, so the
    figure keeps its height and proportions in every frame."""
    h, w = rgba.shape[:2]
    split = top + int(body * 0.6)
    cols = np.nonzero((rgba[split:, :, 3] > 0).any(axis=0))[0]
    centre = int((cols[0] + cols[-1] + 1) // 2) if len(cols) else w // 2
    frame = np.zeros_like(rgba)
    swing = amplitude * 2 * math.sin(phase)
    for columns, direction in ((slice(0, centre), 1), (slice(centre, w), -1)):
        leg = np.zeros_like(rgba)
        leg[split:, columns] = rgba[split:, columns]
        # shear around the hip: flip vertically so the feet are the rows that move most
        moved = _shear(leg[::-1], direction * swing, h - split)[::-1]
        visible = moved[..., 3] > 0
        frame[visible] = moved[visible]
    upper = rgba.copy()
    upper[split:] = 0
    visible = upper[..., 3] > 0
    frame[visible] = upper[visible]
    return frame
