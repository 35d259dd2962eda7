"""Sprite-sheet grid slicing."""

from __future__ import annotations

import numpy as np

from studio.core.document.document import Document


def slice_sheet(sheet: np.ndarray, frame_width: int, frame_height: int, *,
                columns: int | None = None, rows: int | None = None, margin: int = 0,
                spacing: int = 0, skip_empty: bool = False) -> list[np.ndarray]:
    """Cut an RGBA sheet into cells, left to right, top to bottom.

    ``margin`` is the border around the grid, ``spacing`` the gap between cells; ``columns`` and
    ``rows`` default to as many whole cells as fit. ``skip_empty`` drops fully transparent cells.
    """
    if sheet.ndim != 3 or sheet.shape[2] != 4:
        raise ValueError(f"expected an RGBA sheet, got shape {sheet.shape}")
    if frame_width < 1 or frame_height < 1:
        raise ValueError("frame width and height must be at least 1")
    if margin < 0 or spacing < 0:
        raise ValueError("margin and spacing cannot be negative")
    height, width = sheet.shape[:2]
    fit_x = (width - 2 * margin + spacing) // (frame_width + spacing)
    fit_y = (height - 2 * margin + spacing) // (frame_height + spacing)
    columns = fit_x if columns is None else columns
    rows = fit_y if rows is None else rows
    if columns < 1 or rows < 1 or columns > fit_x or rows > fit_y:
        raise ValueError(
            f"a {columns}x{rows} grid of {frame_width}x{frame_height} cells does not fit "
            f"a {width}x{height} sheet"
        )
    cells = []
    for r in range(rows):
        for c in range(columns):
            x = margin + c * (frame_width + spacing)
            y = margin + r * (frame_height + spacing)
            cell = sheet[y:y + frame_height, x:x + frame_width].copy()
            if skip_empty and not cell[..., 3].any():
                continue
            cells.append(cell)
    if not cells:
        raise ValueError("every cell of the sheet is empty")
    return cells


def document_from_sheet(sheet: np.ndarray, frame_width: int, frame_height: int, *,
                        duration_ms: int = 100, name: str = "Sheet", **grid: int | bool | None
                        ) -> Document:
    """A document with one frame per sheet cell."""
    cells = slice_sheet(sheet, frame_width, frame_height, **grid)  # type: ignore[arg-type]
    return Document.from_frames([(cell, duration_ms) for cell in cells], name)
