"""The gallery script writes one PNG per offline tool plus the stacked sheet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from studio.offline.gallery import main
from studio.offline.gallery_scenes import SCENES


def test_every_tool_has_a_scene() -> None:
    assert set(SCENES) >= {"pixflux", "bitforge", "inpaint", "rotate", "estimate_skeleton",
                           "animate_skeleton", "animate_text", "tileset", "isometric",
                           "character"}


def test_gallery_writes_one_png_per_chosen_tool(tmp_path: Path) -> None:
    out = tmp_path / "gallery"
    assert main([str(out), "--only", "rotate", "estimate_skeleton", "inpaint"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["estimate_skeleton.png", "gallery.png", "inpaint.png", "rotate.png"]
    rows = [Image.open(out / n) for n in names if n != "gallery.png"]
    sheet = Image.open(out / "gallery.png")
    assert sheet.height == sum(r.height for r in rows)
    for row in rows:
        pixels = np.asarray(row.convert("RGB"))
        assert row.width > 300 and len(np.unique(pixels.reshape(-1, 3), axis=0)) > 20
