"""Palette files: GIMP ``.gpl``, ``.hex``, JASC ``.pal`` and Paint.NET ``.txt``, loaded and saved.

The GIMP and hex parsers live in ``studio.core.fileio.palette``; this module adds JASC and
Paint.NET and one entry point that picks the format from the file name (or, for unknown names,
the content).
Every failure is a ``FileFormatError`` naming the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.fileio.errors import FileFormatError
from studio.core.fileio.palette import (
    MAX_PALETTE_BYTES,
    Color,
    _checked,
    format_gpl,
    format_hex,
    parse_gpl,
    parse_hex,
)

PALETTE_SUFFIXES = (".gpl", ".hex", ".pal", ".txt")
FILE_FILTER = "Palettes (*.gpl *.hex *.pal *.txt);;All files (*)"
PAINT_NET_MAX = 96
"""Paint.NET reads at most 96 colours from a palette file."""
_ARGB = re.compile(r"^[0-9a-fA-F]{8}$")


def parse_jasc(text: str) -> list[Color]:
    """Colours of a JASC-PAL file: ``JASC-PAL``, ``0100``, a count, then ``R G B`` lines."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    if not lines or lines[0] != "JASC-PAL":
        raise FileFormatError("not a JASC palette (the first line must be 'JASC-PAL')")
    if len(lines) < 3 or not lines[2].isdigit():
        raise FileFormatError("line 3 must be the number of colours")
    count = int(lines[2])
    rows = [line for line in lines[3:] if line]
    if count != len(rows):
        raise FileFormatError(f"the header says {count} colours but the file has {len(rows)}")
    colors: list[Color] = []
    for number, line in enumerate(rows, start=4):
        parts = line.split()
        if len(parts) not in (3, 4) or not all(p.isdigit() for p in parts):
            raise FileFormatError(f"line {number} is not 'R G B': {line[:40]!r}")
        values = [int(p) for p in parts]
        if any(v > 255 for v in values):
            raise FileFormatError(f"line {number} has a value outside 0..255")
        colors.append((values[0], values[1], values[2], 255))
    return _checked(colors)


def parse_paint_net(text: str) -> list[Color]:
    """Colours of a Paint.NET palette: ``;`` comments and one ``AARRGGBB`` per line."""
    colors: list[Color] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if not _ARGB.match(line):
            raise FileFormatError(f"line {number} is not an AARRGGBB colour: {line[:40]!r}")
        a, r, g, b = bytes.fromhex(line)
        colors.append((r, g, b, a))
    return _checked(colors)


def format_jasc(colors: list[Color]) -> str:
    lines = ["JASC-PAL", "0100", str(len(colors))]
    lines += [f"{r} {g} {b}" for r, g, b, _ in colors]
    return "\r\n".join(lines) + "\r\n"


def format_paint_net(colors: list[Color]) -> str:
    if len(colors) > PAINT_NET_MAX:
        raise FileFormatError(
            f"Paint.NET palettes hold at most {PAINT_NET_MAX} colours; this one has {len(colors)}")
    lines = ["; paint.net Palette File", "; Saved by Pixel Studio", f"; Colors: {len(colors)}"]
    lines += [f"{a:02X}{r:02X}{g:02X}{b:02X}" for r, g, b, a in colors]
    return "\n".join(lines) + "\n"


def parse_palette_text(text: str, suffix: str = "") -> tuple[str | None, list[Color]]:
    """Name (GIMP only) and colours, in the format of ``suffix`` or recognised by its header."""
    head = text.lstrip("\ufeff").lstrip()
    if suffix == ".gpl" or head.startswith("GIMP Palette"):
        return parse_gpl(text)
    if suffix == ".pal" or head.startswith("JASC-PAL"):
        return None, parse_jasc(text)
    if suffix == ".txt" or head.startswith(";"):
        return None, parse_paint_net(text)
    return None, parse_hex(text)


def load_palette_file(path: Path | str) -> list[Color]:
    """Colours of a palette file of any supported format; ``FileFormatError`` names the problem."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_PALETTE_BYTES:
            raise FileFormatError("the palette file is too big", p)
        data = p.read_bytes()
    except FileNotFoundError:
        raise FileFormatError("the file does not exist", p) from None
    except IsADirectoryError:
        raise FileFormatError("this is a folder, not a palette file", p) from None
    if data.startswith(b"RIFF"):
        raise FileFormatError("a binary RIFF palette; save it as a JASC .pal or .gpl", p)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError("the palette is not a text file", p) from None
    if not text.strip():
        raise FileFormatError("the palette file is empty", p)
    try:
        return parse_palette_text(text, p.suffix.lower())[1]
    except FileFormatError as exc:
        raise FileFormatError(exc.reason, p) from None


def format_palette(colors: list[Color], suffix: str, name: str = "Pixel Studio") -> str:
    """Text of a palette file in the format of ``suffix`` (.gpl, .hex, .pal or .txt)."""
    _checked(list(colors))
    formatters = {".gpl": lambda c: format_gpl(c, name), ".hex": format_hex,
                  ".pal": format_jasc, ".txt": format_paint_net}
    if suffix not in formatters:
        raise FileFormatError(
            f"unknown palette format {suffix or '(none)'}; use .gpl, .hex, .pal or .txt")
    return formatters[suffix](colors)


def save_palette_file(colors: list[Color], path: Path | str, name: str = "Pixel Studio") -> None:
    """Write ``colors`` atomically in the format named by the file's suffix."""
    p = Path(path)
    try:
        text = format_palette(colors, p.suffix.lower(), name)
    except FileFormatError as exc:
        raise FileFormatError(exc.reason, p) from None
    atomic_write_bytes(p, text.encode("utf-8"))

