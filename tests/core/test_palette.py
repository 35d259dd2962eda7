"""Palette files (.gpl, .hex) and palettes from images."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.assets import resource_path
from studio.core.fileio import FileFormatError
from studio.core.fileio.palette import (
    load_palette,
    palette_from_image,
    parse_gpl,
    parse_hex,
    save_palette,
)

colour = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255),
                   st.integers(0, 255))


def test_bundled_pico8_hex_palette_loads() -> None:
    colors = load_palette(resource_path("palettes", "pico-8.hex"))
    assert len(colors) == 16 and colors[0] == (0, 0, 0, 255)
    assert colors[1] == (0x1D, 0x2B, 0x53, 255)


def test_gpl_parsing_with_name_columns_and_comments() -> None:
    text = ("GIMP Palette\nName: Test\nColumns: 4\n# comment\n"
            "255   0   0\tRed\n 0 128 255 Sky blue\n")
    assert parse_gpl(text) == ("Test", [(255, 0, 0, 255), (0, 128, 255, 255)])


@pytest.mark.parametrize(("text", "message"), [
    ("JASC-PAL\n0100\n", "GIMP Palette"),
    ("GIMP Palette\n300 0 0 x\n", "outside"),
    ("GIMP Palette\nred green blue\n", "line 2"),
    ("GIMP Palette\n# only comments\n", "no colours"),
])
def test_bad_gpl(text: str, message: str) -> None:
    with pytest.raises(FileFormatError, match=message):
        parse_gpl(text)


def test_hex_with_alpha_hash_and_comments() -> None:
    assert parse_hex("; lospec\n#ff0000\n00ff0080\n\n") == [(255, 0, 0, 255), (0, 255, 0, 128)]
    with pytest.raises(FileFormatError, match="line 2"):
        parse_hex("ff0000\nnothex\n")


@settings(max_examples=50, deadline=None)
@given(st.lists(colour, min_size=1, max_size=40), st.sampled_from([".gpl", ".hex"]))
def test_palette_file_round_trip(tmp_path_factory, colors, suffix: str) -> None:
    path = tmp_path_factory.mktemp("pal") / f"p{suffix}"
    save_palette(colors, path)
    back = load_palette(path)
    if suffix == ".gpl":  # GIMP palettes have no alpha
        assert back == [(r, g, b, 255) for r, g, b, _ in colors]
    else:
        assert back == colors


def test_load_palette_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="does not exist"):
        load_palette(tmp_path / "none.gpl")
    empty = tmp_path / "e.hex"
    empty.write_text("")
    with pytest.raises(FileFormatError, match="empty"):
        load_palette(empty)
    binary = tmp_path / "b.hex"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(FileFormatError, match="not a text file") as info:
        load_palette(binary)
    assert info.value.path == binary


def test_palette_from_image_orders_by_frequency() -> None:
    img = np.zeros((2, 4, 4), np.uint8)
    img[0] = (10, 20, 30, 255)
    img[1, :3] = (1, 2, 3, 255)
    img[1, 3] = (0, 0, 0, 0)
    assert palette_from_image(img) == [(10, 20, 30, 255), (1, 2, 3, 255)]
    assert (0, 0, 0, 0) in palette_from_image(img, include_transparent=True)
    assert palette_from_image(img, max_colors=1) == [(10, 20, 30, 255)]
    assert palette_from_image(np.zeros((2, 2, 4), np.uint8)) == []


@settings(max_examples=50, deadline=None)
@given(st.lists(colour, min_size=1, max_size=30))
def test_palette_from_image_finds_exactly_the_colours(colors) -> None:
    img = np.array(colors, np.uint8).reshape(1, -1, 4)
    got = palette_from_image(img, max_colors=1000)
    assert set(got) == {c for c in colors if c[3] > 0} and len(got) == len(set(got))
