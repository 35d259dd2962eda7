"""Contact sheets for the gallery: captioned rows of upscaled sprites on a checkerboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

BACKDROP = (46, 48, 54)
CAPTION = (225, 226, 230)
MUTED = (150, 154, 162)
GAP = 10
LABEL_HEIGHT = 14
TITLE_HEIGHT = 22


@dataclass(frozen=True)
class Cell:
    """One picture of a row and the short label under it."""

    rgba: np.ndarray
    label: str = ""


def checkerboard(width: int, height: int, square: int = 8) -> Image.Image:
    """The usual grey checkerboard that shows transparency."""
    ys, xs = np.mgrid[0:height, 0:width]
    light = ((ys // square + xs // square) % 2).astype(bool)
    pixels = np.where(light[..., None], 204, 160).astype(np.uint8)
    return Image.fromarray(np.repeat(pixels, 3, axis=2), "RGB")


def upscaled(rgba: np.ndarray, scale: int) -> Image.Image:
    """A sprite enlarged by whole pixels over a checkerboard (no smoothing)."""
    image = Image.fromarray(np.ascontiguousarray(rgba), "RGBA")
    image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    board = checkerboard(image.width, image.height, max(4, scale * 2))
    board.paste(image, (0, 0), image)
    return board


def scale_for(cells: Sequence[Cell], target: int = 160) -> int:
    """A whole-number zoom that makes the largest picture of a row about ``target`` px."""
    largest = max(max(c.rgba.shape[:2]) for c in cells)
    return max(1, target // largest)


def row_image(title: str, cells: Sequence[Cell], target: int = 160,
              note: str = "") -> Image.Image:
    """A titled row: every cell upscaled by the same factor, labelled underneath."""
    scale = scale_for(cells, target)
    tiles = [upscaled(c.rgba, scale) for c in cells]
    width = GAP + sum(t.width + GAP for t in tiles)
    tallest = max(t.height for t in tiles)
    height = TITLE_HEIGHT + tallest + LABEL_HEIGHT + GAP
    sheet = Image.new("RGB", (max(width, 8 * len(title) + 2 * GAP), height), BACKDROP)
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, 5), title, fill=CAPTION)
    if note:
        draw.text((GAP + 7 * len(title) + 16, 5), note, fill=MUTED)
    x = GAP
    for tile, cell in zip(tiles, cells, strict=True):
        sheet.paste(tile, (x, TITLE_HEIGHT))
        draw.text((x, TITLE_HEIGHT + tallest + 2), cell.label[: max(4, tile.width // 6)],
                  fill=MUTED)
        x += tile.width + GAP
    return sheet


def stack(rows: Sequence[Image.Image]) -> Image.Image:
    """Rows one under the other on the gallery's backdrop."""
    width = max(r.width for r in rows)
    sheet = Image.new("RGB", (width, sum(r.height for r in rows)), BACKDROP)
    y = 0
    for row in rows:
        sheet.paste(row, (0, y))
        y += row.height
    return sheet


def draw_skeleton(rgba: np.ndarray, keypoints: Sequence[dict], bones: Sequence[tuple[str, str]],
                  scale: int) -> Image.Image:
    """The sprite upscaled with its estimated bones (lines) and joints (dots) on top."""
    image = upscaled(rgba, scale)
    draw = ImageDraw.Draw(image)
    where = {str(k["label"]): (float(k["x"]) * scale, float(k["y"]) * scale) for k in keypoints}
    for a, b in bones:
        if a in where and b in where:
            draw.line([where[a], where[b]], fill=(255, 214, 0), width=max(1, scale // 2))
    for label, (x, y) in where.items():
        colour = (255, 80, 80) if label.startswith("RIGHT") else (
            (80, 160, 255) if label.startswith("LEFT") else (255, 255, 255))
        r = max(2, scale // 2 + 1)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline=(0, 0, 0))
    return image


def image_row(title: str, images: Sequence[tuple[Image.Image, str]], note: str = "") -> Image.Image:
    """Like :func:`row_image` for pictures that are already drawn at their final size."""
    width = GAP + sum(i.width + GAP for i, _ in images)
    tallest = max(i.height for i, _ in images)
    sheet = Image.new("RGB", (width, TITLE_HEIGHT + tallest + LABEL_HEIGHT + GAP), BACKDROP)
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, 5), title, fill=CAPTION)
    if note:
        draw.text((GAP + 7 * len(title) + 16, 5), note, fill=MUTED)
    x = GAP
    for image, label in images:
        sheet.paste(image, (x, TITLE_HEIGHT))
        draw.text((x, TITLE_HEIGHT + tallest + 2), label, fill=MUTED)
        x += image.width + GAP
    return sheet
