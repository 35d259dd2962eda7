"""Aseprite-compatible sprite sheet JSON: keys, rectangles, durations and frame tags."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from studio.core.exporters.aseprite_json import FrameTag, export_aseprite_sheet
from studio.core.exporters.sheet import ExportError


def frames(n: int, w: int = 6, h: int = 5) -> list[np.ndarray]:
    out = []
    for i in range(n):
        f = np.zeros((h, w, 4), np.uint8)
        f[..., 0] = i * 20
        f[..., 3] = 255
        out.append(f)
    return out


def test_hash_sheet_round_trip(tmp_path):
    fs = frames(5)
    durations = [100, 120, 80, 200, 100]
    tags = [FrameTag("walk", 0, 2), FrameTag("jump", 3, 4, "pingpong", repeat=2)]
    export_aseprite_sheet(fs, durations, tmp_path / "hero.png", tags=tags, columns=3)
    doc = json.loads((tmp_path / "hero.json").read_text())
    assert list(doc["frames"]) == ["0", "1", "2", "3", "4"]
    sheet = np.asarray(Image.open(tmp_path / "hero.png").convert("RGBA"))
    meta = doc["meta"]
    assert meta["image"] == "hero.png" and meta["scale"] == "1" and meta["format"] == "RGBA8888"
    assert meta["size"] == {"w": sheet.shape[1], "h": sheet.shape[0]} == {"w": 18, "h": 10}
    assert meta["app"] and meta["version"]
    for key, f in doc["frames"].items():
        i = int(key)
        r = f["frame"]
        assert np.array_equal(sheet[r["y"]:r["y"] + r["h"], r["x"]:r["x"] + r["w"]], fs[i])
        assert f["duration"] == durations[i]
        assert f["rotated"] is False and f["trimmed"] is False
        assert f["sourceSize"] == {"w": 6, "h": 5}
        assert f["spriteSourceSize"] == {"x": 0, "y": 0, "w": 6, "h": 5}
    assert meta["frameTags"] == [
        {"name": "walk", "from": 0, "to": 2, "direction": "forward"},
        {"name": "jump", "from": 3, "to": 4, "direction": "pingpong", "repeat": "2"},
    ]


def test_array_option(tmp_path):
    doc = export_aseprite_sheet(frames(3), [50, 60, 70], tmp_path / "a.png",
                                tmp_path / "meta.json", array=True)
    on_disk = json.loads((tmp_path / "meta.json").read_text())
    assert on_disk == doc
    assert [f["filename"] for f in doc["frames"]] == ["0", "1", "2"]
    assert [f["duration"] for f in doc["frames"]] == [50, 60, 70]


@pytest.mark.parametrize("kwargs,message", [
    ({"durations": [100]}, "durations"),
    ({"durations": [100, 0]}, "positive"),
    ({"tags": [FrameTag("x", 1, 2)]}, "outside"),
    ({"tags": [FrameTag("x", 0, 1, "sideways")]}, "direction"),
])
def test_bad_input_writes_nothing(tmp_path, kwargs, message):
    args = {"durations": [100, 100], "tags": ()} | kwargs
    with pytest.raises(ExportError, match=message):
        export_aseprite_sheet(frames(2), args["durations"], tmp_path / "x.png", tags=args["tags"])
    assert list(tmp_path.iterdir()) == []


def test_mixed_sizes_rejected(tmp_path):
    with pytest.raises(ExportError, match="same size"):
        export_aseprite_sheet(frames(1) + frames(1, 7, 7), [1, 1], tmp_path / "x.png")
