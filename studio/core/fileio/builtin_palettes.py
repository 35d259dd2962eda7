"""The palettes shipped with the studio (``studio/resources/palettes``), each beside its
``<name>.license.txt`` attribution file."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from studio.core.fileio.palette import Color
from studio.core.fileio.palette_formats import PALETTE_SUFFIXES, load_palette_file

DISPLAY_NAMES = {"pico-8": "PICO-8"}
"""Names that title-casing the file name gets wrong."""


@dataclass(frozen=True)
class BuiltinPalette:
    name: str
    path: Path

    def colors(self) -> list[Color]:
        return load_palette_file(self.path)

    @property
    def license_path(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.license.txt")


def palettes_folder() -> Path:
    return Path(str(resources.files("studio") / "resources" / "palettes"))


def builtin_palettes() -> list[BuiltinPalette]:
    """Every shipped palette, sorted by display name."""
    folder = palettes_folder()
    if not folder.is_dir():
        return []
    found = [BuiltinPalette(_display_name(p), p) for p in folder.iterdir()
             if p.suffix.lower() in PALETTE_SUFFIXES and not p.name.endswith(".license.txt")]
    return sorted(found, key=lambda p: p.name.lower())


def builtin_palette(name: str) -> BuiltinPalette:
    """The shipped palette called ``name`` (display name or file stem, any case)."""
    wanted = name.lower()
    for palette in builtin_palettes():
        if wanted in (palette.name.lower(), palette.path.stem.lower()):
            return palette
    raise KeyError(f"no built-in palette called {name!r}")


def _display_name(path: Path) -> str:
    stem = path.stem.lower()
    if stem in DISPLAY_NAMES:
        return DISPLAY_NAMES[stem]
    return " ".join(part.capitalize() for part in stem.replace("_", "-").split("-"))
