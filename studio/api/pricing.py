"""Expected cost of a request before it is sent, from the documented price rules.

Figures are the official pricing page's (2026-08) and the measured generation counts; between
listed sizes the price grows with the pixel area (interpolated, rounded up to $0.0001). Every
figure is an estimate ("about"); the billed ``usage`` stays the truth. ``None`` means the rules
say nothing for this request; ``at_least`` marks a price only listed for a smaller size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .sizes import ImageSize
from .wrappers import dimensions_of

PRO_USD = ((256, 0.095), (341, 0.125), (512, 0.185))
"""Pro routes: USD by the side of the (area-equivalent) square, the top tier above 512."""
PRO_GENERATIONS = ((256, 20), (314, 25), (512, 40))
ANIMATION_PRO_USD = ((128, 0.095), (170, 0.125), (256, 0.185))
"""Pro animation routes break at 128, 170 and 256."""
ANIMATE_V3_GENERATIONS = {(64, 4): 1, (64, 8): 2, (64, 16): 3,
                          (128, 4): 3, (128, 8): 5, (128, 16): 9}
"""The official docs' table for square frames; other sizes use ceil(w*h*frames / 65536)."""

AREA_PRICES: dict[str, tuple[tuple[int, float], ...]] = {
    # endpoint: ((listed side, USD), ...) in increasing size
    "create_image_pixflux": ((64, 0.0079), (400, 0.0132)),
    "create_image_bitforge": ((64, 0.0072),),
    "create_image_pixen": ((32, 0.007), (64, 0.0072), (512, 0.0169)),
    "inpaint": ((64, 0.0072),),
    "rotate": ((64, 0.0106),),
    "animate_with_skeleton": ((64, 0.0143),),
    "animate_with_text": ((64, 0.0157),),
    "create_character_with_4_directions": ((64, 0.0122),),
    "create_character_with_8_directions": ((64, 0.0173),),
    "create_isometric_tile": ((32, 0.016),),
    "edit_image": ((64, 0.0118),),
    "generate_8_rotations_v3": ((32, 0.0293), (64, 0.034), (256, 0.0377)),
    "remove_background": ((64, 0.0055), (128, 0.0055), (256, 0.0059)),
    "resize": ((64, 0.018),),
    "image_to_pixelart": ((64, 0.006), (128, 0.0067), (256, 0.0116)),
}
FLAT_PRICES = {"estimate_skeleton": 0.005}
PRO_ENDPOINTS = {"generate_image_v2", "generate_with_style_v2", "inpaint_v3"}
PRO_ANIMATION_ENDPOINTS = {"edit_animation_v2", "interpolation_v2"}
TILESET_PRICES = {16: 0.0079, 32: 0.0099}
ANIMATE_CHARACTER_USD = 0.032  # per direction, listed for 64x64 characters


@dataclass(frozen=True)
class ExpectedCost:
    """What a request is expected to cost: USD and/or subscription generations."""

    usd: float | None
    generations: float | None = None
    at_least: bool = False

    def describe(self) -> str:
        """``"about $0.0302 · 8 generations"``, ``"at least about $0.0118"`` or ``"unknown"``."""
        parts = []
        if self.usd is not None:
            parts.append(f"${self.usd:.4f}")
        if self.generations is not None:
            count = f"{self.generations:g}"
            parts.append(f"{count} generation" + ("" if self.generations == 1 else "s"))
        if not parts:
            return "unknown"
        return ("at least about " if self.at_least else "about ") + " · ".join(parts)


def expected_cost(request: Any, endpoint: str | None = None) -> ExpectedCost | None:
    """The expected cost of ``request`` (a request model), or None when the rules don't say."""
    name = endpoint or _endpoint_name(request)
    if name is None:
        return None
    rule = _RULES.get(name)
    if rule is not None:
        return rule(request)
    if name in FLAT_PRICES:
        return ExpectedCost(FLAT_PRICES[name])
    if name in AREA_PRICES:
        size = _size(request)
        return _area_price(AREA_PRICES[name], size) if size else None
    return None


@dataclass(frozen=True)
class PriceInputs:
    """What the rules read from a request, for a form that has no request yet."""

    image_size: ImageSize
    frame_count: int = 4
    directions: tuple[str, ...] | None = None

    @property
    def tile_size(self) -> ImageSize:
        return self.image_size


def estimate(endpoint: str, width: int, height: int, *, frame_count: int = 4,
             directions: int | None = None) -> ExpectedCost | None:
    """The expected cost of calling ``endpoint`` at ``width`` x ``height`` (and frames or
    directions), without building the request (no images are encoded)."""
    names = tuple(f"d{i}" for i in range(directions)) if directions else None
    inputs = PriceInputs(ImageSize(width=max(1, width), height=max(1, height)), frame_count,
                         names)
    return expected_cost(inputs, endpoint)


def round_up(usd: float) -> float:
    return math.ceil(round(usd * 10_000, 6)) / 10_000


def _area_price(table: tuple[tuple[int, float], ...], size: tuple[int, int]) -> ExpectedCost:
    """Interpolate the listed prices by pixel area; a single listed size is a lower bound."""
    area = size[0] * size[1]
    points = [(side * side, usd) for side, usd in table]
    if area <= points[0][0]:
        return ExpectedCost(points[0][1])
    for (a0, p0), (a1, p1) in zip(points, points[1:], strict=False):
        if area <= a1:
            return ExpectedCost(round_up(p0 + (p1 - p0) * (area - a0) / (a1 - a0)))
    return ExpectedCost(points[-1][1], at_least=True)


def _tier(table: tuple[tuple[int, float], ...], side: float) -> float:
    for limit, value in table:
        if side <= limit:
            return value
    return table[-1][1]


def _pro(request: Any) -> ExpectedCost | None:
    size = _size(request)
    if size is None:
        return None
    side = math.sqrt(size[0] * size[1])
    return ExpectedCost(_tier(PRO_USD, side), _tier(PRO_GENERATIONS, side))


def _pro_animation(request: Any) -> ExpectedCost | None:
    size = _size(request)
    return ExpectedCost(_tier(ANIMATION_PRO_USD, max(size))) if size else None


def _animate_v3(request: Any) -> ExpectedCost | None:
    size = dimensions_of(getattr(request, "first_frame", None)) or _size(request)
    if size is None:
        return None
    frames = int(request.frame_count)
    width, height = size
    generations = ANIMATE_V3_GENERATIONS.get((width, frames)) if width == height else None
    if generations is None:
        generations = math.ceil(width * height * frames / 65536)
    base, per_frame, per_pixel = _ANIMATE_V3_FIT
    return ExpectedCost(round_up(base + per_frame * frames + per_pixel * width * height),
                        generations)


ANIMATE_V3_LISTED = ((32, 4, 0.0221), (256, 8, 0.0302), (128, 16, 0.0424))
"""animate-with-text-v3 USD as listed: (side, frames, usd)."""


def _fit_base_frame_pixel(points: tuple[tuple[int, int, float], ...]) -> tuple[float, ...]:
    """Solve base + per_frame * frames + per_pixel * side^2 through the three listed prices
    (Cramer's rule), so the listed sizes come out exactly and others are interpolated."""
    rows = [(1.0, float(f), float(s * s)) for s, f, _ in points]
    values = [usd for _, _, usd in points]

    def det(m: list[tuple[float, float, float]]) -> float:
        (a, b, c), (d, e, f), (g, h, i) = m
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)

    whole = det(rows)
    out = []
    for col in range(3):
        swapped = [tuple(values[r] if k == col else rows[r][k] for k in range(3))
                   for r in range(3)]
        out.append(det(swapped) / whole)  # type: ignore[arg-type]
    return tuple(out)


_ANIMATE_V3_FIT = _fit_base_frame_pixel(ANIMATE_V3_LISTED)


def _tileset(request: Any) -> ExpectedCost | None:
    tile = getattr(request, "tile_size", None)
    side = max(tile.width, tile.height) if tile is not None else 16
    return ExpectedCost(TILESET_PRICES.get(side, TILESET_PRICES[32]))


def _animate_character(request: Any) -> ExpectedCost:
    directions = getattr(request, "directions", None)
    count = len(directions) if directions else 4
    return ExpectedCost(round_up(ANIMATE_CHARACTER_USD * count), at_least=not directions)


def _pixen(request: Any) -> ExpectedCost | None:
    size = _size(request)
    if size is None:
        return None
    cost = _area_price(AREA_PRICES["create_image_pixen"], size)
    return ExpectedCost(cost.usd, 1, cost.at_least)


_RULES = {
    **{name: _pro for name in PRO_ENDPOINTS},
    **{name: _pro_animation for name in PRO_ANIMATION_ENDPOINTS},
    "animate_with_text_v3": _animate_v3,
    "create_image_pixen": _pixen,
    "create_tileset": _tileset,
    "create_tileset_legacy": _tileset,
    "animate_character": _animate_character,
    "animate_character_legacy": _animate_character,
}


def _size(request: Any) -> tuple[int, int] | None:
    """The size a request is priced by: its output (``width``/``height`` for edit-image,
    ``image_size``, the inpainting image, the style output) or its first input image."""
    if type(request).__name__ == "EditImageRequest":
        return (request.width, request.height)
    size = getattr(request, "image_size", None)
    if size is not None and hasattr(size, "as_tuple"):
        return size.as_tuple()
    side = getattr(request, "output_side", None)
    if isinstance(side, int):
        return (side, side)
    for name in ("inpainting_image", "first_frame", "from_image", "reference_image", "image"):
        found = dimensions_of(getattr(request, name, None))
        if found is not None:
            return found
    return None


def _endpoint_name(request: Any) -> str | None:
    from .requests import ENDPOINTS  # noqa: PLC0415 - the registry is filled at import time

    for name, (_path, model) in ENDPOINTS.items():
        if type(request) is model:
            return name
    return None
