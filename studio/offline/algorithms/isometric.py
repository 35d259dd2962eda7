"""Isometric tiles and blocks: a 2:1 diamond top with two shaded sides."""

from __future__ import annotations

import numpy as np

from .colors import base_colours, darkest, ramp
from .common import add_outline, make_rng
from .noise import fractal_noise
from .palette import quantize

THICKNESS = {"thin tile": 0.15, "thick tile": 0.25, "block": 0.5}
TOP, LEFT, RIGHT = 1, 2, 3


def isometric_faces(width: int, height: int, shape: str) -> np.ndarray:
    """Face map (H, W) uint8: 0 empty, TOP, LEFT and RIGHT side faces."""
    thickness = THICKNESS.get(shape, 0.5) * height
    diamond_h = min(width / 2, height - thickness)
    top_y = height - thickness - diamond_h
    cx, cy = width / 2, top_y + diamond_h / 2
    ys = np.arange(height)[:, None] + 0.5
    xs = np.arange(width)[None, :] + 0.5
    half_w, half_h = width / 2, diamond_h / 2
    top = np.abs(xs - cx) / half_w + np.abs(ys - cy) / half_h <= 1.0
    # the lower edges of the diamond, pushed down by the thickness, bound the sides
    edge_y = cy + half_h * (1 - np.abs(xs - cx) / half_w)
    side = (ys >= edge_y - 0.5) & (ys <= edge_y + thickness) & (np.abs(xs - cx) <= half_w)
    faces = np.zeros((height, width), dtype=np.uint8)
    faces[side & (xs < cx)] = LEFT
    faces[side & (xs >= cx)] = RIGHT
    faces[top] = TOP
    return faces


def isometric_tile(
    description: str,
    width: int,
    height: int,
    seed: int,
    *,
    shape: str = "block",
    outline: str | None = None,
    palette: np.ndarray | None = None,
) -> np.ndarray:
    """A textured isometric tile: lit top, medium left side, dark right side."""
    rng = make_rng(seed)
    faces = isometric_faces(width, height, shape)
    colours = base_colours(description, 2)
    top_shades = ramp(colours[0], 4)[1:]
    side_base = colours[1] if len(colours) > 1 and shape != "block" else colours[0]
    side_shades = ramp(side_base, 5)
    texture = np.clip((fractal_noise(rng, height, width, cells=4) * 3).astype(int), 0, 2)
    out = np.zeros((height, width, 4), dtype=np.uint8)
    out[faces == TOP, :3] = top_shades[texture[faces == TOP]]
    out[faces == LEFT, :3] = side_shades[1 + texture[faces == LEFT] // 2]
    out[faces == RIGHT, :3] = side_shades[texture[faces == RIGHT] // 2]
    out[faces > 0, 3] = 255
    if palette is not None and len(palette):
        out = quantize(out, palette)
    if outline and outline != "lineless":
        out = add_outline(out, outline, darkest(np.array(colours, dtype=np.uint8)))
    return out
