"""Give each flat-coloured part of a figure to one limb, so a warp moves whole parts.

The nearest bone alone splits a sleeve that hangs against the tunic: its edge goes with the
torso, the tunic's edge with the arm, and moving the arm tears both. Pixels of one colour that
touch each other form a region; when most of a region is nearest to one limb (an arm, a leg, or
the torso with the head), the region's other pixels go to that limb's nearest bone too. A
region covering most of the figure (a one-colour sprite) is left to the nearest bone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MAJORITY = 0.35
"""Share of a region that must be nearest to one limb (the largest share) before the rest of
it follows."""
LARGEST_REGION = 0.5
"""Regions larger than this share of the figure (a one-colour figure) keep the nearest bone."""


def limb_of(bone: tuple[str, str]) -> str:
    """The limb a bone belongs to: "RIGHT ARM"-side bones, legs, or the trunk (torso, head)."""
    a, b = bone
    for side in ("RIGHT", "LEFT"):
        for part, joints in (("arm", ("SHOULDER", "ELBOW", "ARM")),
                             ("leg", ("HIP", "KNEE", "LEG"))):
            if all(j.startswith(side) and j.split(" ", 1)[1] in joints for j in (a, b)):
                return f"{side} {part}"
    return "trunk"


def colour_regions(rgba: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A region id per pixel: 4-connected pixels of one colour inside ``mask`` share an id."""
    h, w = mask.shape
    sentinel = h * w
    labels = np.where(mask, np.arange(h * w).reshape(h, w), sentinel)
    same_right = (rgba[:, 1:] == rgba[:, :-1]).all(axis=2) & mask[:, 1:] & mask[:, :-1]
    same_down = (rgba[1:] == rgba[:-1]).all(axis=2) & mask[1:] & mask[:-1]
    while True:
        merged = _run_min(labels, same_right)
        merged = _run_min(merged.T, same_down.T).T
        if (merged == labels).all():
            return labels
        labels = merged


def _run_min(labels: np.ndarray, joined: np.ndarray) -> np.ndarray:
    """Every horizontal run of joined pixels takes the smallest label in it."""
    starts = np.ones(labels.shape, dtype=bool)
    starts[:, 1:] = ~joined
    flat_starts = np.flatnonzero(starts)
    smallest = np.minimum.reduceat(np.ascontiguousarray(labels).ravel(), flat_starts)
    run = np.cumsum(starts.ravel()) - 1
    return smallest[run].reshape(labels.shape)


def owners_by_region(rgba: np.ndarray, figure: np.ndarray, distances: np.ndarray,
                     bones: Sequence[tuple[str, str]]) -> np.ndarray:
    """Bone index per figure pixel (-1 elsewhere): the nearest bone, overruled inside a
    region that mostly belongs to one limb by the nearest bone of that limb."""
    nearest = np.argmin(distances, axis=0)
    limbs = sorted({limb_of(b) for b in bones})
    limb_index = np.array([limbs.index(limb_of(b)) for b in bones])
    pixel_limb = limb_index[nearest]
    regions = colour_regions(rgba, figure)
    keys = regions[figure].astype(np.int64) * len(limbs) + pixel_limb[figure]
    unique, counts = np.unique(keys, return_counts=True)
    region_of, limb = unique // len(limbs), unique % len(limbs)
    totals = np.zeros(regions.max() + 1, dtype=np.int64)
    np.add.at(totals, region_of, counts)
    best = np.zeros(regions.max() + 1, dtype=np.int64)
    np.maximum.at(best, region_of, counts)
    strong = ((counts >= MAJORITY * totals[region_of]) & (counts == best[region_of])
              & (totals[region_of] <= LARGEST_REGION * figure.sum()))
    ruling = np.full(regions.max() + 1, -1, dtype=np.int64)
    ruling[region_of[strong]] = limb[strong]
    owner = np.full(figure.shape, -1, dtype=np.int32)
    owner[figure] = nearest[figure]
    wanted = np.where(figure, ruling[np.where(figure, regions, 0)], -1)
    for index in range(len(limbs)):
        moved = (wanted == index) & (pixel_limb != index)
        if moved.any():
            in_limb = np.where((limb_index == index)[:, None], distances[:, moved], np.inf)
            owner[moved] = np.argmin(in_limb, axis=0)
    return owner
