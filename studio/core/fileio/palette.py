"""Palettes: GIMP ``.gpl`` and ``.hex`` (one RRGGBB[AA] per line) files, and palettes from images.

Colours are ``(r, g, b, a)`` tuples with values 0..255.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.fileio.errors import FileFormatError

Color = tuple[int, int, int, int]
MAX_COLORS = 4096
MAX_PALETTE_BYTES = 4 * 1024 * 1024
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")


def parse_hex(text: str) -> list[Color]:
    """Colours of a ``.hex`` palette; blank lines and ``;``/``#`` comments are ignored."""
    colors: list[Color] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(";") or (line.startswith("#") and len(line) not in (7, 9)):
            continue
        match = _HEX.match(line)
        if match is None:
            raise FileFormatError(f"line {number} is not a RRGGBB colour: {line[:40]!r}")
        rgb = bytes.fromhex(match.group(1))
        alpha = int(match.group(2), 16) if match.group(2) else 255
        colors.append((rgb[0], rgb[1], rgb[2], alpha))
    return _checked(colors)


def parse_gpl(text: str) -> tuple[str | None, list[Color]]:
    """Name and colours of a GIMP palette (``GIMP Palette`` header, ``R G B [name]`` lines)."""
    lines = text.splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff") != "GIMP Palette":
        raise FileFormatError("not a GIMP palette (the first line must be 'GIMP Palette')")
    name = None
    colors: list[Color] = []
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.lower().startswith("name:"):
            name = line[5:].strip() or None
            continue
        if line.lower().startswith("columns:"):
            continue
        parts = line.split()
        try:
            r, g, b = (int(v) for v in parts[:3])
        except ValueError:
            raise FileFormatError(f"line {number} is not 'R G B name': {line[:40]!r}") from None
        if len(parts) < 3 or not all(0 <= v <= 255 for v in (r, g, b)):
            raise FileFormatError(f"line {number} has a value outside 0..255")
        colors.append((r, g, b, 255))
    return name, _checked(colors)


def load_palette(path: Path | str) -> list[Color]:
    """Load a ``.gpl`` or ``.hex`` palette file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PALETTE_BYTES:
            raise FileFormatError("the palette file is too big", p)
        text = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise FileFormatError("the file does not exist", p) from None
    except UnicodeDecodeError:
        raise FileFormatError("the palette is not a text file", p) from None
    if not text.strip():
        raise FileFormatError("the palette file is empty", p)
    try:
        if p.suffix.lower() == ".gpl" or text.lstrip("\ufeff").startswith("GIMP Palette"):
            return parse_gpl(text)[1]
        return parse_hex(text)
    except FileFormatError as exc:
        raise FileFormatError(exc.reason, p) from None


def format_gpl(colors: list[Color], name: str = "Pixel Studio") -> str:
    lines = ["GIMP Palette", f"Name: {name}", "Columns: 8", "#"]
    lines += [f"{r:3d} {g:3d} {b:3d}\t#{r:02x}{g:02x}{b:02x}" for r, g, b, _ in colors]
    return "\n".join(lines) + "\n"


def format_hex(colors: list[Color]) -> str:
    return "".join(
        f"{r:02x}{g:02x}{b:02x}" + ("" if a == 255 else f"{a:02x}") + "\n" for r, g, b, a in colors
    )


def save_palette(colors: list[Color], path: Path | str, name: str = "Pixel Studio") -> None:
    p = Path(path)
    text = format_gpl(colors, name) if p.suffix.lower() == ".gpl" else format_hex(colors)
    atomic_write_bytes(p, text.encode("utf-8"))


def palette_from_image(pixels: np.ndarray, max_colors: int = 256,
                       include_transparent: bool = False) -> list[Color]:
    """Distinct colours of an RGBA image, most frequent first (ties in a fixed order).

    Fully transparent pixels are skipped unless ``include_transparent``.
    """
    flat = np.ascontiguousarray(pixels.reshape(-1, 4))
    if not include_transparent:
        flat = flat[flat[:, 3] > 0]
    if flat.size == 0:
        return []
    packed = flat.view(np.uint32).ravel()
    values, counts = np.unique(packed, return_counts=True)
    order = np.lexsort((values, -counts))[:max_colors]
    chosen = values[order].astype(np.uint32).view(np.uint8).reshape(-1, 4)
    return [tuple(int(c) for c in row) for row in chosen]  # type: ignore[misc]


def _checked(colors: list[Color]) -> list[Color]:
    if not colors:
        raise FileFormatError("the palette has no colours")
    if len(colors) > MAX_COLORS:
        raise FileFormatError(f"the palette has too many colours ({len(colors)})")
    return colors
