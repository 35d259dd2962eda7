"""Hostile projects: a total decoded-size budget checked before any image is decoded, reading
a file without reserving its size limit, and a clear message when memory runs out."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.fileio import image_files, imaging, project
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.image_files import open_image_file, read_file_bytes
from studio.core.fileio.imaging import encode_png
from studio.core.fileio.opening import open_document
from studio.core.fileio.project import load_project, project_bytes, save_project


def many_frames_one_png(frames: int, size: int = 1024) -> bytes:
    """A small project whose ``frames`` frames all point at one ``size`` x ``size`` PNG."""
    source = project_bytes(Document.from_frames([(np.zeros((size, size, 4), np.uint8), 100)]))
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        png = zf.read(manifest["frames"][0]["layers"][0]["image"])
    manifest["frames"] = manifest["frames"] * frames
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr(manifest["frames"][0]["layers"][0]["image"], png)
    return out.getvalue()


@pytest.mark.parametrize("frames", [600, 3000])
def test_project_over_the_decoded_budget_is_refused_before_decoding(tmp_path, monkeypatch,
                                                                    frames):
    path = tmp_path / "bomb.pxstudio"
    path.write_bytes(many_frames_one_png(frames))
    assert path.stat().st_size < 64 * 1024
    decoded = []
    monkeypatch.setattr(project, "decode_rgba", lambda *a, **k: decoded.append(1))
    with pytest.raises(FileFormatError, match=r"too large to open: .* need \d+\.\d GB"):
        load_project(path)
    assert decoded == []


def test_project_within_the_budget_still_opens(tmp_path):
    path = tmp_path / "ok.pxstudio"
    path.write_bytes(many_frames_one_png(40, size=256))
    assert len(load_project(path).frames) == 40


def test_memory_error_while_decoding_gives_a_clear_reason(tmp_path, monkeypatch):
    path = tmp_path / "a.pxstudio"
    save_project(Document.from_frames([(np.zeros((4, 4, 4), np.uint8), 100)]), path)

    def no_memory(*_a, **_k):
        raise MemoryError()

    monkeypatch.setattr(imaging, "pil_to_rgba", no_memory)
    with pytest.raises(FileFormatError) as info:
        load_project(path)
    assert "not enough memory" in str(info.value) and "()" not in str(info.value)


@pytest.mark.parametrize("suffix", [".pxstudio", ".png"])
def test_memory_error_while_opening_any_file_is_a_clear_message(tmp_path, monkeypatch, suffix):
    path = tmp_path / f"a{suffix}"
    doc = Document.from_frames([(np.zeros((4, 4, 4), np.uint8), 100)])
    if suffix == ".png":
        path.write_bytes(encode_png(doc.composite(0)))
    else:
        save_project(doc, path)

    def no_memory(*_a, **_k):
        raise MemoryError()

    monkeypatch.setattr(project, "load_project_bytes", no_memory)
    monkeypatch.setattr(image_files, "open_image_bytes", no_memory)
    with pytest.raises(FileFormatError, match="not enough memory to open it") as info:
        open_document(path)
    assert info.value.path == path


def test_reading_a_file_does_not_reserve_its_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "a.png"
    path.write_bytes(b"x" * 1000)
    asked: list[int] = []
    real_open = open

    class Recorder:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            asked.append(size)
            return self.handle.read(size)

    monkeypatch.setattr(image_files, "open", lambda p, mode="r": Recorder(real_open(p, mode)),
                        raising=False)
    assert read_file_bytes(path, 2 * 1024 ** 3) == b"x" * 1000
    assert asked and max(asked) <= 1001


def test_image_file_memory_error_names_the_file(tmp_path, monkeypatch):
    path = Path(tmp_path / "big.png")
    path.write_bytes(encode_png(np.zeros((4, 4, 4), np.uint8)))
    monkeypatch.setattr(image_files, "decode_frames", lambda *_a: (_ for _ in ()).throw(
        MemoryError()))
    with pytest.raises(FileFormatError, match="big.png: .*not enough memory"):
        open_image_file(path)
