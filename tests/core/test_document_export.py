"""Document export settings and formats (File → Export… and the CLI share the frame rules)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from studio.core.document.document import Document
from studio.core.document.tags import FrameTag
from studio.core.exporters.document_export import (
    ExportSettings,
    export_document,
    frames_for_export,
)
from studio.core.exporters.sheet import ExportError


def _doc() -> Document:
    frames = []
    for i in range(4):
        px = np.zeros((3, 2, 4), np.uint8)
        px[0, 0] = (60 * i, 0, 0, 255)
        frames.append((px, 100 + i))
    doc = Document.from_frames(frames, "hero")
    doc.set_tags([FrameTag("idle", 0, 1), FrameTag("walk", 2, 3, "pingpong")])
    return doc


def test_tag_frames_are_rebased() -> None:
    chosen = frames_for_export(_doc(), "walk")
    assert chosen.durations == [102, 103] and chosen.tags == [FrameTag("walk", 0, 1, "pingpong")]
    with pytest.raises(ExportError, match="no tag named 'run'"):
        frames_for_export(_doc(), "run")


def test_sheet_with_scale_and_array_json(tmp_path) -> None:
    settings = ExportSettings("sheet", str(tmp_path / "s.png"), 2, None, json_array=True)
    written = export_document(_doc(), settings)
    assert [p.name for p in written] == ["s.png", "s.json"]
    data = json.loads((tmp_path / "s.json").read_text())
    assert isinstance(data["frames"], list) and data["meta"]["scale"] == "2"
    assert [t["name"] for t in data["meta"]["frameTags"]] == ["idle", "walk"]
    assert data["frames"][0]["frame"]["w"] == 4


@pytest.mark.parametrize("kind", ["gif", "apng", "png_frames", "png_frame"])
def test_other_formats(tmp_path, kind: str) -> None:
    settings = ExportSettings(kind, str(tmp_path / f"out.{'gif' if kind == 'gif' else 'png'}"),
                              3, "idle")
    written = export_document(_doc(), settings, current_frame=1)
    assert all(p.exists() for p in written)
    with Image.open(written[0]) as img:
        assert img.size == (6, 9)
    if kind == "png_frames":
        assert [p.name for p in written] == ["out_0.png", "out_1.png"]


def test_bad_settings_are_sentences_and_write_nothing(tmp_path) -> None:
    with pytest.raises(ExportError, match="whole number"):
        export_document(_doc(), ExportSettings("sheet", str(tmp_path / "a.png"), 0))
    with pytest.raises(ExportError, match="Choose where"):
        export_document(_doc(), ExportSettings("gif", ""))
    assert list(tmp_path.iterdir()) == []


def test_settings_round_trip_and_bad_stored_settings() -> None:
    s = ExportSettings("apng", "/x/y.png", 4, "walk", True, 3)
    assert ExportSettings.from_dict(s.to_dict()) == s
    assert ExportSettings.from_dict({"kind": "tiff", "path": "x"}) is None
    assert ExportSettings.from_dict("nonsense") is None
