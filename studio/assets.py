"""Files the studio ships inside its package (``studio/resources``): icons, palettes.

They live in the package so that the wheel, an editable install and the PyInstaller bundle all
find them at the same place next to this module. No Qt here.
"""

from __future__ import annotations

from pathlib import Path

APP_ID = "io.github.pixelstudio.pixelstudio"  # AppStream id, desktop file and icon name
RESOURCES = Path(__file__).resolve().parent / "resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_path(*parts: str) -> Path:
    """A path under ``studio/resources`` (it may not exist: callers check)."""
    return RESOURCES.joinpath(*parts)


def icon_files() -> list[Path]:
    """The application icon's PNGs, smallest first, then the SVG (those that exist)."""
    names = [f"{APP_ID}-{size}.png" for size in ICON_SIZES] + [f"{APP_ID}.svg"]
    return [p for p in (resource_path("icons", n) for n in names) if p.is_file()]

