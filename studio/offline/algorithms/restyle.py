"""Style transfer (a style image's palette and outline) and edits by text as recolouring.

Style: the result is re-mapped to the style image's colours, and its outline (opaque pixels
touching transparency) takes the style image's own outline colour. Recolouring: the text names
colours ("make the cape red", "turn the blue cape red"); the pixels of the source colour (the
first named of two, else the largest colour group that is not the outline) take the target
colour's hue and saturation, keeping their own lightness so shading survives.
"""

from __future__ import annotations

import colorsys

import numpy as np

from .colors import RGB, colours_from_text
from .common import erode
from .palette import palette_of, quantize

HUE_TOLERANCE = 0.08


def edge_pixels(rgba: np.ndarray) -> np.ndarray:
    """Opaque pixels with a transparent 4-neighbour: the outline."""
    opaque = rgba[..., 3] > 0
    return opaque & ~erode(opaque)


def outline_colour(rgba: np.ndarray) -> tuple[int, int, int] | None:
    """The most common colour of the image's edge pixels (None without any)."""
    edges = rgba[edge_pixels(rgba)][:, :3]
    if not len(edges):
        return None
    colours, counts = np.unique(edges, axis=0, return_counts=True)
    return tuple(int(v) for v in colours[int(np.argmax(counts))])  # type: ignore[return-value]


def transfer_style(rgba: np.ndarray, style: np.ndarray, *, palette: bool = True,
                   outline: bool = True) -> np.ndarray:
    """``rgba`` in the colours (``palette``) and outline colour (``outline``) of ``style``."""
    out = rgba.copy()
    if palette:
        colours = palette_of(style, 16)
        if len(colours):
            out = quantize(out, colours)
    colour = outline_colour(style) if outline else None
    if colour is not None:
        out[edge_pixels(out), :3] = colour
    return out


def _hue_sat_light(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hue, saturation and lightness (0..1, as ``colorsys``' HLS) of ``(..., 3)`` colours."""
    values = rgb.reshape(-1, 3).astype(np.float64) / 255.0
    high, low = values.max(axis=1), values.min(axis=1)
    light = (high + low) / 2
    span = high - low
    grey = span == 0
    safe = np.where(grey, 1.0, span)
    sat = np.where(light <= 0.5, span / np.where(grey, 1.0, high + low),
                   span / np.where(grey, 1.0, 2.0 - high - low))
    r, g, b = values.T
    hue = np.where(high == r, (g - b) / safe,
                   np.where(high == g, 2.0 + (b - r) / safe, 4.0 + (r - g) / safe))
    hue = np.where(grey, 0.0, (hue / 6.0) % 1.0)
    return hue, np.where(grey, 0.0, sat), light


def _hls_to_rgb(hue: float, light: np.ndarray, sat: float) -> np.ndarray:
    """Vectorised ``colorsys.hls_to_rgb`` for one hue and saturation, many lightnesses."""
    if sat == 0:
        return np.repeat(light[:, None], 3, axis=1)
    m2 = np.where(light <= 0.5, light * (1.0 + sat), light + sat - light * sat)
    m1 = 2.0 * light - m2

    def channel(h: float) -> np.ndarray:
        h %= 1.0
        if h < 1 / 6:
            return m1 + (m2 - m1) * h * 6.0
        if h < 0.5:
            return m2
        if h < 2 / 3:
            return m1 + (m2 - m1) * (2 / 3 - h) * 6.0
        return m1

    return np.stack([channel(hue + 1 / 3), channel(hue), channel(hue - 1 / 3)], axis=1)


def _source_pixels(rgba: np.ndarray, source: RGB | None) -> np.ndarray:
    """Which pixels to recolour: those near ``source``'s hue, else the largest non-outline
    colour group (pixels within a hue tolerance of the most common interior colour)."""
    opaque = rgba[..., 3] > 0
    interior = opaque & ~edge_pixels(rgba)
    pool = interior if interior.any() else opaque
    hue, sat, _ = _hue_sat_light(rgba[..., :3])
    hue, sat = hue.reshape(opaque.shape), sat.reshape(opaque.shape)
    if source is not None:
        target_hue = colorsys.rgb_to_hls(*(c / 255 for c in source))[0]
    else:
        colours, counts = np.unique(rgba[pool][:, :3], axis=0, return_counts=True)
        if not len(colours):
            return np.zeros_like(opaque)
        main = colours[int(np.argmax(counts))] / 255.0
        target_hue = colorsys.rgb_to_hls(*main)[0]
    distance = np.minimum(abs(hue - target_hue), 1 - abs(hue - target_hue))
    return pool & (distance <= HUE_TOLERANCE) & (sat > 0.1)


def recolour_by_text(rgba: np.ndarray, text: str) -> tuple[np.ndarray, str]:
    """The image recoloured as ``text`` asks, and a sentence saying what was done."""
    named = colours_from_text(text)
    if not named:
        return rgba.copy(), "The text names no colour, so the offline engine changed nothing."
    target = named[-1]
    source = named[0] if len(named) > 1 else None
    chosen = _source_pixels(rgba, source)
    return recolour(rgba, chosen, target), f"Recoloured {int(chosen.sum())} pixels."


def recolour(rgba: np.ndarray, chosen: np.ndarray, target: RGB) -> np.ndarray:
    """Give the ``chosen`` pixels ``target``'s hue and saturation, keeping their lightness."""
    out = rgba.copy()
    if not chosen.any():
        return out
    t_hue, t_light, t_sat = colorsys.rgb_to_hls(*(c / 255 for c in target))
    _, _, light = _hue_sat_light(rgba[chosen][:, :3])
    # keep the relative shading: scale the lightness so the average lands on the target's
    scale = t_light / max(float(light.mean()), 1e-6)
    new = _hls_to_rgb(t_hue, np.minimum(1.0, light * scale), t_sat)
    out[chosen, :3] = np.clip(np.round(new * 255), 0, 255).astype(np.uint8)
    return out


def recolour_frames(frames: list[np.ndarray], text: str) -> tuple[list[np.ndarray], str]:
    """Recolour every frame the same way (the source pixels chosen per frame by one rule)."""
    results = [recolour_by_text(frame, text) for frame in frames]
    return [image for image, _ in results], results[0][1] if results else ""
