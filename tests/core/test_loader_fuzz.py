"""Every loader turns any failure of the ZIP or image libraries into its own clear error.

Deterministic cases for the header fields that used to escape (zip version 11.8 ->
NotImplementedError, the encrypted flag -> RuntimeError), then a seeded mutation fuzz, bounded
in time, for the project, image, palette and character-ZIP loaders.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from itertools import count
from pathlib import Path

import numpy as np
import pytest

from studio.core.characters.zip_import import CharacterImportError, import_character_zip
from studio.core.document.document import Document
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.image_files import open_image_bytes
from studio.core.fileio.imaging import encode_png
from studio.core.fileio.palette_formats import load_palette_file
from studio.core.fileio.project import load_project_bytes, project_bytes
from studio.core.fileio.safezip import UnsafeZipError, read_character_zip
from tests.core.fileio_samples import animation_bytes, frames
from tests.core.loader_mutation import fuzz


def sprite(seed: int, size: int = 8) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (size, size, 4), dtype=np.uint8)


def project_sample() -> bytes:
    doc = Document.from_frames([(sprite(1), 100), (sprite(2), 120)], "fuzz")
    return project_bytes(doc)


def character_zip_sample() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hero/metadata.json", json.dumps({"name": "hero"}), zipfile.ZIP_DEFLATED)
        zf.writestr("hero/rotations/south.png", encode_png(sprite(3)))
        for i in range(2):
            zf.writestr(f"hero/animations/walk/south/frame_{i:03d}.png", encode_png(sprite(i)),
                        zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def set_central_field(data: bytes, offset: int, value: int) -> bytes:
    """Set a 2-byte field of every central directory record (6 = version needed, 8 = flags)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        out[at + offset:at + offset + 2] = struct.pack("<H", value)
        at = out.find(b"PK\x01\x02", at + 1)
    return bytes(out)


ZIP_LOADERS = {
    "project": (project_sample, load_project_bytes, FileFormatError),
    "character zip": (character_zip_sample, read_character_zip, UnsafeZipError),
}


@pytest.mark.parametrize("loader", ZIP_LOADERS)
@pytest.mark.parametrize(("offset", "value", "words"), [
    (6, 118, "version 11.8"), (8, 1, "encrypted")])
def test_zip_header_fields_become_clear_errors(loader, offset, value, words):
    sample, load, error = ZIP_LOADERS[loader]
    with pytest.raises(error, match=words):
        load(set_central_field(sample(), offset, value))


def test_damaged_character_zip_import_is_rejected_and_leaves_nothing(tmp_path):
    data = set_central_field(character_zip_sample(), 6, 118)
    with pytest.raises(CharacterImportError, match="version 11.8"):
        import_character_zip(data, tmp_path / "hero")
    assert not (tmp_path / "hero").exists()


def test_fuzz_project_loader():
    assert fuzz([project_sample()], load_project_bytes, FileFormatError, seed=12) >= 50


def test_fuzz_character_zip_reader():
    assert fuzz([character_zip_sample()], read_character_zip, UnsafeZipError, seed=13) >= 50


def test_fuzz_character_zip_import(tmp_path):
    folders = count()

    def load(data: bytes) -> object:
        return import_character_zip(data, tmp_path / f"c{next(folders)}")

    assert fuzz([character_zip_sample()], load, CharacterImportError, seed=14,
                seconds=1.0) >= 50


def test_fuzz_image_loader():
    seeds = [encode_png(sprite(5)), animation_bytes(frames(), "GIF", [100, 80, 60]),
             animation_bytes(frames(), "PNG", [100, 80, 60]),
             animation_bytes(frames(), "WEBP", [100, 80, 60])]
    assert fuzz(seeds, open_image_bytes, FileFormatError, seed=15) >= 50


def test_fuzz_palette_loader(tmp_path):
    seeds = [b"GIMP Palette\nName: t\n#\n255 0 0 red\n0 255 0\n",
             b"ff0000\n00ff00\n0000ff80\n", b"JASC-PAL\n0100\n2\n255 0 0\n0 0 255\n",
             b"; paint.net\nFFFF0000\nFF00FF00\n"]
    paths = count()

    def load(data: bytes) -> object:
        path = tmp_path / f"p{next(paths)}{['.gpl', '.hex', '.pal', '.txt'][len(data) % 4]}"
        path.write_bytes(data)
        return load_palette_file(Path(path))

    assert fuzz(seeds, load, FileFormatError, seed=16, seconds=1.0) >= 50
