"""Draw the Pixel Studio icon from one 16x16 pixel grid: the SVG and the PNGs at every size.

Run from the project root: ``python packaging/icons/make_icons.py``. The grid below IS the
design; the SVG draws one square per pixel and the PNGs are the same grid scaled (nearest
neighbour, then a box filter for sizes that are not a multiple of 16).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

ICON_ID = "io.github.pixelstudio.pixelstudio"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OUT = Path(__file__).resolve().parents[2] / "studio" / "resources" / "icons"

COLOURS = {
    "K": "#1a1c2c",  # outline
    "B": "#29366f",  # tile
    "b": "#3b5dc9",  # tile highlight
    "R": "#b13e53",  # paint pixels
    "O": "#ef7d57",
    "G": "#38b764",
    "C": "#41a6f6",
    "Y": "#ffcd75",  # pencil body
    "y": "#e0a040",  # pencil body shade
    "W": "#f4f4f4",  # sparkle
    "P": "#f4b4c8",  # eraser
    "M": "#94b0c2",  # ferrule
    "T": "#f4e4c1",  # bare wood
}

GRID = (
    "..KKKKKKKKKKKK..",
    ".KbbbbbbbbbbbbK.",
    "KbBBBBBBBBBKKBBK",
    "KbBBWBBBBBKPPKBK",
    "KbBWWWBBBKMPPKBK",
    "KbBBWBBBKYMMKBBK",
    "KbBBBBBKYYyKBBBK",
    "KbBBBBKYYyKBBBBK",
    "KbBBBKYYyKBBBBBK",
    "KbBBKTYyKBBBBBBK",
    "KbBKTTKBBBBBBBBK",
    "KbBKKBBBBBBBBBBK",
    "KbRBBBBBBBBBBBBK",
    "KbRROOGGCCBBBBBK",
    ".KBBBBBBBBBBBBK.",
    "..KKKKKKKKKKKK..",
)


def grid_image() -> Image.Image:
    image = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
    for y, row in enumerate(GRID):
        for x, key in enumerate(row):
            if key != ".":
                image.putpixel((x, y), Image.new("RGB", (1, 1), COLOURS[key]).getpixel((0, 0)))
    return image


def _cells_path(keys: str) -> str:
    """One path for every pixel whose key is in ``keys`` (one path per colour, so renderers
    that antialias leave no seams between pixels of the same colour)."""
    return "".join(f"M{x} {y}h1v1h-1z" for y, row in enumerate(GRID)
                   for x, key in enumerate(row) if key in keys)


def svg_text() -> str:
    # The whole silhouette first in the outline colour: seams between different colours
    # then show the dark outline, never the background.
    layers = [f'  <path fill="{COLOURS["K"]}" d="{_cells_path("".join(COLOURS))}"/>']
    layers += [f'  <path fill="{colour}" d="{_cells_path(key)}"/>'
               for key, colour in COLOURS.items() if key != "K"]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" '
            'viewBox="0 0 16 16" shape-rendering="crispEdges">\n'
            '  <title>Pixel Studio</title>\n' + "\n".join(layers) + "\n</svg>\n")


def scaled(image: Image.Image, size: int) -> Image.Image:
    if size % 16 == 0:
        return image.resize((size, size), Image.Resampling.NEAREST)
    big = image.resize((size * 16, size * 16), Image.Resampling.NEAREST)
    return big.resize((size, size), Image.Resampling.BOX)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{ICON_ID}.svg").write_text(svg_text(), encoding="utf-8")
    base = grid_image()
    for size in SIZES:
        scaled(base, size).save(OUT / f"{ICON_ID}-{size}.png", optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
