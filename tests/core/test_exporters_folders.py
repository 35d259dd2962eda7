"""Every exporter writes into a folder that does not exist yet (creating it), and a folder that
cannot be created is a clear ExportError, never a raw FileNotFoundError."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.exporters.animation import save_apng, save_gif
from studio.core.exporters.aseprite_json import export_aseprite_sheet
from studio.core.exporters.godot import export_godot
from studio.core.exporters.plain import export_plain
from studio.core.exporters.sheet import ExportError
from studio.core.exporters.tiled import export_tiled
from tests.core.exporter_fixtures import all_tiles

FRAMES = [np.full((4, 4, 4), (v, 20, 30, 255), np.uint8) for v in (10, 200)]


def _tileset(kind):
    return lambda folder: kind(all_tiles(8), folder, "set")


def _animation(save, suffix):
    def run(folder: Path):
        save(folder / f"anim{suffix}", FRAMES, [100, 100])
    return run


def _aseprite(folder: Path):
    export_aseprite_sheet(FRAMES, [100, 100], folder / "sheet.png")


EXPORTS = {
    "tiled": _tileset(export_tiled), "godot": _tileset(export_godot),
    "plain": _tileset(export_plain), "gif": _animation(save_gif, ".gif"),
    "apng": _animation(save_apng, ".png"), "aseprite": _aseprite,
}


@pytest.mark.parametrize("kind", EXPORTS)
def test_missing_folder_is_created(tmp_path, kind):
    folder = tmp_path / "not" / "there" / "yet"
    EXPORTS[kind](folder)
    assert folder.is_dir() and any(folder.iterdir())
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", EXPORTS)
def test_folder_that_cannot_be_made_is_a_clear_error(tmp_path, kind):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="could not be created|is a file, not a folder"):
        EXPORTS[kind](blocker / "sub")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        EXPORTS[kind](blocker)
