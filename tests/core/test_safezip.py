"""Safe ZIP extraction and character ZIP reading, with malicious archives."""

from __future__ import annotations

import io
import json
import stat
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from studio.core.fileio.safezip import UnsafeZipError, read_character_zip, safe_extract


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], deflate: bool = True) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names warn
        with zipfile.ZipFile(buf, "w", method) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buf.getvalue()


def png(color: tuple[int, int, int, int], size: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (size, size), color).save(out, "PNG")
    return out.getvalue()


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*"))


def test_extracts_a_good_archive(tmp_path):
    data = make_zip([("hero/a.txt", b"hello"), ("hero/sub/b.bin", b"\x00" * 10)])
    written = safe_extract(data, tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "hero/a.txt", "hero/sub/b.bin"]
    assert (tmp_path / "out/hero/a.txt").read_bytes() == b"hello"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # staging folder removed


def test_extract_from_path(tmp_path):
    zpath = tmp_path / "a.zip"
    zpath.write_bytes(make_zip([("x.txt", b"1")]))
    safe_extract(zpath, tmp_path / "out")
    assert (tmp_path / "out/x.txt").read_bytes() == b"1"


def symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


MALICIOUS = {
    "zip-slip": ([("ok.txt", b"1"), ("../evil.txt", b"x")], "'..'"),
    "nested slip": ([("a/../../evil.txt", b"x")], "'..'"),
    "dot only": ([(".", b"x")], "no file name"),
    "absolute": ([("/tmp/evil.txt", b"x")], "absolute"),
    "drive": ([("C:/evil.txt", b"x")], "absolute"),
    "backslash": ([("a\\..\\evil.txt", b"x")], "backslash"),
    "symlink": ([("ok.txt", b"1"), symlink_entry("link", "/etc/passwd")], "symlink"),
    "duplicate": ([("a.txt", b"1"), ("a.txt", b"2")], "duplicates"),
    "case duplicate": ([("A.txt", b"1"), ("a.txt", b"2")], "duplicates"),
    "file as folder": ([("a", b"1"), ("a/b", b"2")], "inside the file"),
    "bomb": ([("zeros.bin", b"\x00" * 5_000_000)], "ZIP bomb"),
}


@pytest.mark.parametrize("case", sorted(MALICIOUS))
def test_malicious_archives_rejected_before_writing(tmp_path, case):
    entries, message = MALICIOUS[case]
    target = tmp_path / "sandbox" / "target"
    target.parent.mkdir()
    with pytest.raises(UnsafeZipError, match=message) as err:
        safe_extract(make_zip(entries), target)
    assert "entry" in str(err.value)
    assert all_files(tmp_path) == [tmp_path / "sandbox"]  # nothing inside or outside the target
    with pytest.raises(UnsafeZipError, match=message):
        read_character_zip(make_zip(entries))


def test_limits_on_entries_and_bytes(tmp_path):
    many = make_zip([(f"f{i}.txt", b"x") for i in range(11)])
    with pytest.raises(UnsafeZipError, match="11 entries"):
        safe_extract(many, tmp_path / "t", max_entries=10)
    big = make_zip([("a.bin", bytes(range(256)) * 8), ("b.bin", bytes(range(256)) * 8)],
                   deflate=False)
    with pytest.raises(UnsafeZipError, match="'b.bin'.*limit of 3000"):
        safe_extract(big, tmp_path / "t", max_total_bytes=3000)
    assert not (tmp_path / "t").exists()


def test_not_a_zip_and_existing_files(tmp_path):
    with pytest.raises(UnsafeZipError, match="not a readable ZIP"):
        safe_extract(b"hello", tmp_path / "t")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "x.txt").write_bytes(b"mine")
    with pytest.raises(UnsafeZipError, match="already exists"):
        safe_extract(make_zip([("x.txt", b"theirs")]), tmp_path / "t")
    assert (tmp_path / "t" / "x.txt").read_bytes() == b"mine"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_accepted_name_stays_inside(tmp_path_factory, name):
    try:
        data = make_zip([(name, b"data")])
    except (IndexError, ValueError):  # names zipfile itself cannot write
        assume(False)
    root = tmp_path_factory.mktemp("fuzz")
    target = root / "target"
    try:
        written = safe_extract(data, target)
    except UnsafeZipError:
        assert not any(p for p in root.rglob("*") if p.is_file())
        return
    for path in written:
        assert path.resolve().is_relative_to(target.resolve())
    assert all(p.resolve().is_relative_to(target.resolve())
               for p in root.rglob("*") if p.is_file())


# ---- character ZIP --------------------------------------------------------------------------


def character_entries(top: str = "Knight/") -> list[tuple[str, bytes]]:
    return [
        (f"{top}rotations/south.png", png((255, 0, 0, 255))),
        (f"{top}rotations/north-east.png", png((0, 255, 0, 255))),
        (f"{top}animations/walk/south/frame_002.png", png((0, 0, 2, 255))),
        (f"{top}animations/walk/south/frame_000.png", png((0, 0, 0, 255))),
        (f"{top}animations/walk/south/frame_010.png", png((0, 0, 10, 255))),
        (f"{top}animations/walk/east/frame_000.png", png((0, 0, 5, 255))),
        ("metadata.json", json.dumps({"name": "Knight", "size": 4}).encode()),
        (f"{top}notes.txt", b"hi"),
    ]


@pytest.mark.parametrize("top", ["Knight/", ""])
def test_read_character_zip_layout(top):
    result = read_character_zip(make_zip(character_entries(top)))
    assert result.name == "Knight"
    assert set(result.rotations) == {"south", "north-east"}
    assert result.rotations["south"].shape == (4, 4, 4)
    assert tuple(result.rotations["south"][0, 0]) == (255, 0, 0, 255)
    walk = result.animations["walk"]
    assert [int(f[0, 0, 2]) for f in walk["south"]] == [0, 2, 10]  # numeric frame order
    assert len(walk["east"]) == 1
    assert result.metadata == {"name": "Knight", "size": 4}
    assert result.ignored == [f"{top}notes.txt"]
    assert all(f.dtype == np.uint8 for f in walk["south"])


def test_character_zip_bad_image_and_metadata():
    with pytest.raises(UnsafeZipError, match="rotations/south.png"):
        read_character_zip(make_zip([("K/rotations/south.png", b"\x89PNG\r\n\x1a\nbroken")]))
    with pytest.raises(UnsafeZipError, match="metadata.json"):
        read_character_zip(make_zip([("metadata.json", b"{not json")]))
    huge = io.BytesIO()
    Image.new("RGBA", (5000, 5000)).save(huge, "PNG")
    with pytest.raises(UnsafeZipError, match="too large"):
        read_character_zip(make_zip([("K/rotations/south.png", huge.getvalue())], deflate=False))
