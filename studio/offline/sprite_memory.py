"""What the engine remembers about sprites it drew, so a rotation can re-draw them exactly.

Every procedurally drawn sprite is recorded under a fingerprint of its pixels together with the
recipe that drew it (description, seed, size, style, palette, body). Rotating an image with a
known fingerprint re-draws the recipe facing the asked direction instead of approximating. The
memory is bounded (least recently used entries go first) and lives as long as the process.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from .algorithms.proportions import Proportions
from .algorithms.sprites import SpriteStyle, generate_sprite, is_humanoid

CAPACITY = 512


@dataclass(frozen=True)
class SpriteRecipe:
    """Everything :func:`generate_sprite` needs to draw the same sprite again."""

    description: str
    width: int
    height: int
    seed: int
    style: SpriteStyle
    direction: str | None = None
    palette: bytes | None = None  # (N, 3) uint8 colours, as bytes so the recipe is hashable
    coverage: float | None = None
    humanoid: bool | None = None
    proportions: Proportions | None = None

    def draw(self, direction: str | None = None,
             joint_offsets: Mapping[str, tuple[float, float]] | None = None) -> np.ndarray:
        palette = None if self.palette is None else np.frombuffer(
            self.palette, dtype=np.uint8).reshape(-1, 3)
        return generate_sprite(self.description, self.width, self.height, self.seed, self.style,
                               direction=direction or self.direction, palette=palette,
                               coverage=self.coverage, humanoid=self.humanoid,
                               proportions=self.proportions, joint_offsets=joint_offsets)

    @property
    def poseable(self) -> bool:
        """Whether the recipe draws a person, whose joints can be moved."""
        return self.humanoid if self.humanoid is not None else is_humanoid(self.description)

    def facing(self, direction: str) -> SpriteRecipe:
        return replace(self, direction=direction)


def fingerprint(rgba: np.ndarray) -> str:
    data = np.ascontiguousarray(rgba, dtype=np.uint8)
    return hashlib.blake2b(repr(data.shape).encode() + data.tobytes(), digest_size=16).hexdigest()


_recipes: OrderedDict[str, SpriteRecipe] = OrderedDict()
_lock = threading.Lock()


def remember(rgba: np.ndarray, recipe: SpriteRecipe) -> np.ndarray:
    """Record that ``recipe`` drew ``rgba``; returns ``rgba`` for chaining."""
    key = fingerprint(rgba)
    with _lock:
        _recipes[key] = recipe
        _recipes.move_to_end(key)
        while len(_recipes) > CAPACITY:
            _recipes.popitem(last=False)
    return rgba


def recall(rgba: np.ndarray) -> SpriteRecipe | None:
    """The recipe that drew exactly these pixels, if the engine drew them."""
    key = fingerprint(rgba)
    with _lock:
        recipe = _recipes.get(key)
        if recipe is not None:
            _recipes.move_to_end(key)
        return recipe


def draw_remembered(recipe: SpriteRecipe) -> np.ndarray:
    """Draw ``recipe`` and remember the result (so it can be rotated again)."""
    return remember(recipe.draw(), recipe)
