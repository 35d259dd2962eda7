"""Palette files in every format: round trips, format detection and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.fileio import FileFormatError
from studio.core.fileio.palette_formats import (
    PAINT_NET_MAX,
    format_palette,
    load_palette_file,
    parse_jasc,
    parse_paint_net,
    save_palette_file,
)

byte = st.integers(0, 255)
opaque = st.tuples(byte, byte, byte, st.just(255))
any_alpha = st.tuples(byte, byte, byte, byte)


def _round_trip(tmp_path: Path, colors: list, suffix: str) -> list:
    path = tmp_path / f"palette{suffix}"
    save_palette_file(colors, path)
    return load_palette_file(path)


@settings(max_examples=40, deadline=None)
@given(colors=st.lists(opaque, min_size=1, max_size=300))
def test_gpl_and_jasc_round_trip_opaque_colours(tmp_path_factory, colors) -> None:
    tmp = tmp_path_factory.mktemp("p")
    assert _round_trip(tmp, colors, ".gpl") == colors
    assert _round_trip(tmp, colors, ".pal") == colors


@settings(max_examples=40, deadline=None)
@given(colors=st.lists(any_alpha, min_size=1, max_size=PAINT_NET_MAX))
def test_hex_and_paint_net_round_trip_with_alpha(tmp_path_factory, colors) -> None:
    tmp = tmp_path_factory.mktemp("p")
    assert _round_trip(tmp, colors, ".hex") == colors
    assert _round_trip(tmp, colors, ".txt") == colors


def test_jasc_text_is_what_paint_shop_pro_writes() -> None:
    text = format_palette([(255, 0, 0, 255), (1, 2, 3, 255)], ".pal")
    assert text == "JASC-PAL\r\n0100\r\n2\r\n255 0 0\r\n1 2 3\r\n"
    assert parse_jasc(text) == [(255, 0, 0, 255), (1, 2, 3, 255)]


def test_paint_net_is_argb_with_comments() -> None:
    text = "; paint.net Palette File\n; Colors: 2\nFFFF0000\n80102030\n"
    assert parse_paint_net(text) == [(255, 0, 0, 255), (0x10, 0x20, 0x30, 0x80)]


def test_format_is_recognised_by_content_when_the_suffix_says_nothing(tmp_path: Path) -> None:
    for text, first in [("JASC-PAL\n0100\n1\n9 8 7\n", (9, 8, 7, 255)),
                        ("GIMP Palette\n1 2 3 a\n", (1, 2, 3, 255)),
                        ("; pdn\nFF010203\n", (1, 2, 3, 255)),
                        ("0a0b0c\n", (10, 11, 12, 255))]:
        path = tmp_path / "palette.colors"
        path.write_text(text)
        assert load_palette_file(path)[0] == first


@pytest.mark.parametrize(("name", "content", "message"), [
    ("a.pal", "JASC-PAL\n0100\n3\n1 2 3\n", "header says 3 colours but the file has 1"),
    ("a.pal", "JASC-PAL\n0100\n1\n1 2 300\n", "outside 0..255"),
    ("a.pal", "JASC-PAL\n0100\nmany\n", "number of colours"),
    ("a.pal", "JASC-PAL\n0100\n1\n1 2\n", "line 4 is not 'R G B'"),
    ("a.pal", "hello\n", "JASC-PAL"),
    ("a.txt", "; x\nFF0000\n", "line 2 is not an AARRGGBB colour"),
    ("a.txt", "; only comments\n", "no colours"),
    ("a.gpl", "GIMP Palette\n1 2\n", "line 2"),
    ("a.hex", "zzzzzz\n", "line 1 is not a RRGGBB colour"),
    ("a.hex", "   \n", "empty"),
])
def test_bad_palette_files_say_what_is_wrong(tmp_path: Path, name: str, content: str,
                                            message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(FileFormatError, match=message) as info:
        load_palette_file(path)
    assert info.value.path == path


def test_binary_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    riff = tmp_path / "ms.pal"
    riff.write_bytes(b"RIFF\x10\x00\x00\x00PAL data")
    with pytest.raises(FileFormatError, match="RIFF"):
        load_palette_file(riff)
    binary = tmp_path / "x.hex"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(FileFormatError, match="not a text file"):
        load_palette_file(binary)
    with pytest.raises(FileFormatError, match="does not exist"):
        load_palette_file(tmp_path / "missing.gpl")


def test_saving_refuses_unknown_formats_and_too_big_paint_net(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="unknown palette format .act"):
        save_palette_file([(1, 2, 3, 255)], tmp_path / "p.act")
    with pytest.raises(FileFormatError, match="at most 96"):
        save_palette_file([(i, 0, 0, 255) for i in range(97)], tmp_path / "p.txt")
    with pytest.raises(FileFormatError, match="no colours"):
        save_palette_file([], tmp_path / "p.gpl")
    assert not list(tmp_path.iterdir())  # nothing half-written
