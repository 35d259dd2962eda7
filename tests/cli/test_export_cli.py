"""``pixel-studio export`` in a subprocess: a .pxstudio to a sheet + JSON in the format Phaser's
Aseprite loader reads (frames hash or array, meta.size, meta.frameTags), GIF/APNG/frames, and
the project's saved tileset to Tiled and Godot files."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from studio.core.document.document import Document
from studio.core.fileio import save_project
from studio.core.tiles.record import PROJECT_KEY, GeneratedTileset
from tests.cli.conftest import run_cli

W, H, DURATIONS = 12, 8, (100, 150, 200)
FRAME_KEYS = {"frame", "rotated", "trimmed", "spriteSourceSize", "sourceSize", "duration"}


def frame_pixels(i: int) -> np.ndarray:
    rgba = np.zeros((H, W, 4), np.uint8)
    rgba[i:i + 3, i:i + 4] = (200, 40 * i, 90, 255)
    return rgba


def saved_tileset() -> dict:
    record = GeneratedTileset("ocean", "sand", 16)
    for index in range(16):
        tile = np.zeros((16, 16, 4), np.uint8)
        tile[..., 3] = 255
        tile[..., 0] = index * 15
        record.tiles[index] = tile
    vertices = np.zeros((4, 5), dtype=int)
    vertices[1:3, 1:4] = 1
    return {"version": 1, "tilesets": [record.to_json(embed_pixels=True)], "layers": [0],
            "map": {"width": 4, "height": 3, "terrains": ["ocean", "sand"],
                    "vertices": vertices.tolist()}}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    doc = Document.from_frames([(frame_pixels(i), d) for i, d in enumerate(DURATIONS)], "walk")
    doc.extras[PROJECT_KEY] = saved_tileset()
    path = tmp_path / "walk.pxstudio"
    save_project(doc, path)
    return path


def sheet_frame(sheet: np.ndarray, rect: dict) -> np.ndarray:
    return sheet[rect["y"]:rect["y"] + rect["h"], rect["x"]:rect["x"] + rect["w"]]


def test_project_to_sheet_and_aseprite_json_hash(tmp_path, cli_env, project) -> None:
    result = run_cli(["export", str(project), "--sheet", "out/walk.png", "--data",
                      "out/walk.json", "--scale", "2"], cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out/walk.json").read_text())
    sheet = np.asarray(Image.open(tmp_path / "out/walk.png").convert("RGBA"))
    assert list(data["frames"]) == ["0", "1", "2"]
    assert data["meta"]["size"] == {"w": sheet.shape[1], "h": sheet.shape[0]}
    assert data["meta"]["image"] == "walk.png" and data["meta"]["frameTags"] == []
    for i, (key, item) in enumerate(data["frames"].items()):
        assert set(item) == FRAME_KEYS, key
        assert item["rotated"] is False and item["trimmed"] is False
        assert item["sourceSize"] == {"w": 2 * W, "h": 2 * H}
        assert item["spriteSourceSize"] == {"x": 0, "y": 0, "w": 2 * W, "h": 2 * H}
        assert item["duration"] == DURATIONS[i]
        expected = np.repeat(np.repeat(frame_pixels(i), 2, axis=0), 2, axis=1)
        assert np.array_equal(sheet_frame(sheet, item["frame"]), expected)


def test_json_array_gif_apng_and_frames(tmp_path, cli_env, project) -> None:
    result = run_cli(["export", str(project), "--sheet", "s.png", "--data", "s.json",
                      "--format", "json-array", "--gif", "a.gif", "--apng", "a.png",
                      "--frames", "frames"], cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    frames = json.loads((tmp_path / "s.json").read_text())["frames"]
    assert [f["filename"] for f in frames] == ["0", "1", "2"]
    assert all(set(f) >= FRAME_KEYS for f in frames)
    for name in ("a.gif", "a.png"):
        with Image.open(tmp_path / name) as anim:
            assert anim.n_frames == 3 and anim.size == (W, H)
            durations = []
            for i in range(3):
                anim.seek(i)
                durations.append(anim.info["duration"])
            assert durations == list(DURATIONS)
    written = sorted(p.name for p in (tmp_path / "frames").iterdir())
    assert written == ["walk_0.png", "walk_1.png", "walk_2.png"]
    again = run_cli(["export", str(tmp_path / "a.gif"), "--sheet", "from_gif.png"], cli_env,
                    tmp_path)  # a GIF is an input too
    assert again.returncode == 0, again.stderr
    with Image.open(tmp_path / "from_gif.png") as sheet:
        assert sheet.size == (2 * W, 2 * H)  # three frames on a square-ish 2x2 grid


def test_saved_tileset_to_tiled_and_godot(tmp_path, cli_env, project) -> None:
    result = run_cli(["export", str(project), "--tiled", "tiled", "--godot", "godot"],
                     cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    tsx = ET.parse(tmp_path / "tiled/ocean_sand.tsx").getroot()
    assert tsx.get("tilecount") == "16" and tsx.find("wangsets/wangset").get("type") == "corner"
    tmx = ET.parse(tmp_path / "tiled/ocean_sand.tmx").getroot()
    assert (tmx.get("width"), tmx.get("height")) == ("4", "3")
    cells = [int(v) for v in tmx.find("layer/data").text.replace("\n", "").split(",")]
    assert len(cells) == 12 and len(set(cells)) > 1  # the painted island, not one tile
    tres = (tmp_path / "godot/ocean_sand.tres").read_text()
    assert tres.startswith('[gd_resource type="TileSet"')
    assert (tmp_path / "godot/ocean_sand.png").is_file()


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--tag", "walk", "--sheet", "x.png"], 1, "this file has no tag named 'walk'"),
    ([], 2, "nothing to export"),
    (["--data", "x.json"], 2, "give --sheet too"),
    (["--sheet", "x.png", "--scale", "0"], 2, "--scale must be"),
])
def test_bad_export_requests_fail_plainly(tmp_path, cli_env, project, args, code,
                                          message) -> None:
    result = run_cli(["export", str(project), *args], cli_env, tmp_path)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_unreadable_file_and_tileless_image(tmp_path, cli_env) -> None:
    missing = run_cli(["export", "nope.png", "--sheet", "x.png"], cli_env, tmp_path)
    assert missing.returncode == 1 and "the file does not exist" in missing.stderr
    Image.new("RGBA", (8, 8), (255, 0, 0, 255)).save(tmp_path / "one.png")
    no_tiles = run_cli(["export", "one.png", "--godot", "g"], cli_env, tmp_path)
    assert no_tiles.returncode == 1 and "holds no tileset" in no_tiles.stderr


def test_tag_exports_only_that_tags_frames(tmp_path, cli_env) -> None:
    from studio.core.document.tags import FrameTag

    doc = Document.from_frames([(frame_pixels(i), d) for i, d in enumerate(DURATIONS)], "walk")
    doc.set_tags([FrameTag("step", 1, 2, "pingpong")])
    save_project(doc, tmp_path / "tagged.pxstudio")
    result = run_cli(["export", str(tmp_path / "tagged.pxstudio"), "--tag", "step", "--sheet",
                      "step.png", "--data", "step.json"], cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "step.json").read_text())
    assert [f["duration"] for f in data["frames"].values()] == list(DURATIONS[1:])
    assert data["meta"]["frameTags"] == [{"name": "step", "from": 0, "to": 1,
                                          "direction": "pingpong"}]
    sheet = np.asarray(Image.open(tmp_path / "step.png").convert("RGBA"))
    first = data["frames"]["0"]["frame"]
    assert np.array_equal(sheet_frame(sheet, first), frame_pixels(1))
