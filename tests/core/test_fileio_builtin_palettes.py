"""The palettes shipped in the package, with their attribution files."""

from __future__ import annotations

import pytest

from studio.core.fileio.builtin_palettes import builtin_palette, builtin_palettes

EXPECTED = {"PICO-8": 16, "Sweetie 16": 16, "Endesga 32": 32, "Dawnbringer 16": 16, "Game Boy": 4}


def test_every_builtin_palette_loads_with_its_licence() -> None:
    palettes = {p.name: p for p in builtin_palettes()}
    assert set(EXPECTED) <= set(palettes)
    for name, count in EXPECTED.items():
        palette = palettes[name]
        colors = palette.colors()
        assert len(colors) == count and len(set(colors)) == count
        assert all(c[3] == 255 for c in colors)
        licence = palette.license_path.read_text(encoding="utf-8")
        assert name.split()[0].lower() in licence.lower() and "Source:" in licence


def test_known_colours_and_lookup_by_name() -> None:
    assert builtin_palette("pico-8").colors()[8] == (0xFF, 0x00, 0x4D, 255)
    assert builtin_palette("endesga 32").colors()[0] == (0xBE, 0x4A, 0x2F, 255)
    assert builtin_palette("SWEETIE-16").colors()[-1] == (0x33, 0x3C, 0x57, 255)
    with pytest.raises(KeyError, match="no built-in palette called 'nope'"):
        builtin_palette("nope")
