"""Direction sheets: which directions are requested, and the assembled sheet document."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.api.requests import RotateRequest
from studio.core.workflows.rotate_sheet import (
    FRAME_NAMES_KEY,
    SheetTracker,
    assemble_sheet,
    missing_directions,
    plan_sheet,
)


def image(value: int, size: int = 24) -> np.ndarray:
    out = np.zeros((size, size, 4), np.uint8)
    out[4:20, 6:18] = (value, 255 - value, 40, 255)
    return out


def template(size: int = 24) -> RotateRequest:
    return RotateRequest(image_size=(size, size), from_image=Image.fromarray(image(10)),
                         from_view="side", to_view="side", direction_change=45,
                         image_guidance_scale=5.0, seed=7)


@pytest.mark.parametrize("source,count,expected", [
    ("east", 4, ["south", "north", "west"]),
    ("south", 8, ["south-east", "east", "north-east", "north", "north-west", "west",
                  "south-west"]),
    ("north-east", 4, ["south", "east", "north", "west"]),
])
def test_missing_directions(source, count, expected):
    assert missing_directions(source, count) == expected


def test_plan_builds_one_request_per_missing_direction():
    requests = plan_sheet(template(), "east", 8)
    assert set(requests) == set(missing_directions("east", 8))
    for target, req in requests.items():
        assert req.from_direction == "east" and req.to_direction == target
        assert req.direction_change is None  # the directions say it all
        assert req.seed == 7 and req.image_guidance_scale == 5.0
        assert req.from_image == template().from_image
    with pytest.raises(ValueError, match="4 or 8"):
        plan_sheet(template(), "east", 6)
    with pytest.raises(ValueError, match="unknown direction"):
        missing_directions("up", 4)


def test_tracker_and_assembly_keep_the_source_and_name_frames():
    source = image(10)
    tracker = SheetTracker("east", source, 4)
    assert tracker.pending == ["south", "north", "west"] and not tracker.is_complete
    tracker.succeed("west", image(99))
    tracker.fail("north", "cannot rotate offline")
    assert tracker.pending == ["south"]
    tracker.fail("south", "cannot rotate offline")
    assert tracker.is_complete and "1 of 3" in tracker.summary()
    with pytest.raises(ValueError):
        tracker.succeed("east", source)
    doc = tracker.assemble("hero sheet")
    assert doc.extras[FRAME_NAMES_KEY] == ["east", "west"]
    assert [f.layers[0].name for f in doc.frames] == ["east", "west"]
    assert np.array_equal(doc.frames[0].layers[0].pixels, source)
    assert np.array_equal(doc.frames[1].layers[0].pixels, image(99))
    assert doc.name == "hero sheet" and doc.size == (24, 24)


def test_full_sheet_order_and_size_check():
    results = {d: image(i * 20) for i, d in enumerate(missing_directions("south", 8))}
    doc = assemble_sheet(image(1), "south", results, 8)
    assert doc.extras[FRAME_NAMES_KEY][0] == "south" and len(doc.frames) == 8
    results["east"] = np.zeros((10, 10, 4), np.uint8)
    with pytest.raises(ValueError, match="east image is 10x10"):
        assemble_sheet(image(1), "south", results, 8)
