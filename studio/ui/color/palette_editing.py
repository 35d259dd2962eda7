"""What the palette dock does with its palette: files in four formats, built-in palettes,
remove / reorder / edit / sort, Remap to palette and the sprite's colour count.

A mixin of ``PalettePanel`` (which provides ``document``, ``canvas``, ``grid``, ``tools``,
``error``, ``colors()`` and ``_set_palette()``); every palette change is one undo step.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QColorDialog, QFileDialog

from studio.core.cleanup.document_ops import layer_images, replace_layer_images, scope_frames
from studio.core.color import (
    ReduceOptions,
    count_colors,
    palette_of,
    reduce_frames,
    sort_palette,
)
from studio.core.fileio import FileFormatError
from studio.core.fileio.builtin_palettes import builtin_palette
from studio.core.fileio.image_files import open_image_file
from studio.core.fileio.palette_formats import FILE_FILTER, load_palette_file, save_palette_file
from studio.ui.color.swatch_grid import qcolor

log = logging.getLogger("studio.ui.palette")
COUNT_DELAY_MS = 300
IMAGE_SUFFIXES = (".png", ".gif", ".webp")
LOAD_FILTER = ("Palettes and images (*.gpl *.hex *.pal *.txt *.png *.gif *.webp);;"
               + FILE_FILTER)
SAVE_FILTER = ("GIMP palette (*.gpl);;Hex list (*.hex);;JASC palette (*.pal);;"
               "Paint.NET palette (*.txt)")


class PaletteEditing:
    document: Any
    canvas: Any
    grid: Any
    tools: Any
    error: Any

    def connect_tools(self) -> None:
        t = self.tools
        t.save_button.clicked.connect(self.ask_save)
        t.remove_button.clicked.connect(self.remove_selected)
        t.sort_by_hue.triggered.connect(lambda: self.sort("hue"))
        t.sort_by_luminance.triggered.connect(lambda: self.sort("luminance"))
        t.builtin.activated.connect(lambda i: self.use_builtin(t.builtin.itemData(i)))
        t.remap_button.clicked.connect(lambda: self.remap(t.remap_dither.currentData()))

    # -- files ---------------------------------------------------------------------------
    def _ask_file(self) -> None:
        dialog = QFileDialog(self, "Load palette", "", LOAD_FILTER)  # type: ignore[arg-type]
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()

    def load_file(self, path: str | Path) -> bool:
        """Replace the document palette by a palette file; errors change nothing."""
        if self.document is None:
            return False
        try:
            if Path(path).suffix.lower() in IMAGE_SUFFIXES:  # a palette from an image's colours
                image = open_image_file(path)
                colors = self.palette_of_document(image)
            else:
                colors = load_palette_file(path)
        except (FileFormatError, OSError) as exc:
            log.info("palette not loaded: %s", exc)
            self.error.emit(f"Could not load the palette {Path(path).name}: "
                            f"{getattr(exc, 'reason', exc)}. The palette was not changed.")
            return False
        self._set_palette(colors)
        return True

    def ask_save(self) -> None:
        dialog = QFileDialog(self, "Save palette", "palette.gpl", SAVE_FILTER)  # type: ignore
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("gpl")
        dialog.fileSelected.connect(self.save_file)
        dialog.open()

    def save_file(self, path: str | Path) -> bool:
        name = self.document.name if self.document is not None else "Pixel Studio"
        try:
            save_palette_file(self.colors(), path, name=name)
        except (FileFormatError, OSError) as exc:
            log.info("palette not saved: %s", exc)
            self.error.emit(f"Could not save the palette as {Path(path).name}: "
                            f"{getattr(exc, 'reason', exc)}.")
            return False
        return True

    def palette_of_document(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """The colours of every frame of ``doc``, at most ``max_colors`` (k-means beyond)."""
        frames = [doc.composite(i) for i in range(len(doc.frames))]
        palette = palette_of(frames, self.tools.max_colors.value(), "kmeans")
        return [tuple(int(v) for v in c) for c in palette]  # type: ignore[misc]

    def use_builtin(self, name: str | None) -> None:
        if name is None or self.document is None:
            return
        self._set_palette(builtin_palette(name).colors())
        self.tools.builtin.setCurrentIndex(0)

    # -- editing ---------------------------------------------------------------------------
    def remove_selected(self) -> None:
        index = self.grid.selected
        colors = self.colors()
        if self.document is None or index is None or index >= len(colors):
            self.error.emit("Click a colour of the palette first, then remove it.")
            return
        del colors[index]
        self.grid.selected = None
        self._set_palette(colors)

    def move_color(self, source: int, target: int) -> None:
        if self.document is None:
            return
        colors = self.colors()
        colors.insert(target, colors.pop(source))
        self._set_palette(colors)

    def ask_edit_color(self, index: int) -> None:
        if self.document is None:
            return
        dialog = QColorDialog(qcolor(self.colors()[index]), self)  # type: ignore[arg-type]
        dialog.setObjectName("palette.edit")
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel, True)
        dialog.colorSelected.connect(lambda c: self.set_color_at(
            index, (c.red(), c.green(), c.blue(), c.alpha())))
        dialog.open()

    def set_color_at(self, index: int, color: tuple[int, int, int, int]) -> None:
        colors = self.colors()
        if self.document is not None and 0 <= index < len(colors) and colors[index] != color:
            colors[index] = color
            self._set_palette(colors)

    def sort(self, key: str) -> None:
        if self.document is not None:
            self._set_palette(sort_palette(self.colors(), key))  # type: ignore[arg-type]

    # -- the sprite ------------------------------------------------------------------------
    def remap(self, dither: str = "none") -> int:
        """Every frame's active layer mapped to the palette (one undo step); frames changed."""
        doc = self.document
        if doc is None:
            return 0
        frames, layer = scope_frames(doc, True), self.canvas.layer
        images = layer_images(doc, frames, layer)
        palette = tuple(tuple(c) for c in self.colors())
        result = reduce_frames(images, ReduceOptions(palette=palette, dither=dither,
                                                     alpha_threshold=None))
        replace_layer_images(doc, frames, layer, result.frames, "Remap to palette")
        self.update_count()
        return len(frames)

    def count_soon(self, *_: object) -> None:
        timer = getattr(self, "_count_timer", None)
        if timer is None:
            timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)  # type: ignore
            timer.timeout.connect(self.update_count)
            self._count_timer = timer
        timer.start()

    def update_count(self) -> None:
        """Count the sprite's colours: in a worker thread inside the app's loop (a long
        animation takes seconds), at once otherwise."""
        doc = self.document
        if doc is None:
            self.tools.count.setText("")
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._show_count(doc, _count_sprite_colors(doc))
            return
        task = loop.create_task(self._count_in_thread(doc))
        self._count_task = task  # type: ignore[attr-defined]  # kept alive while it runs

    async def _count_in_thread(self, doc: Any) -> None:
        try:
            used = await asyncio.to_thread(_count_sprite_colors, doc)
        except (IndexError, ValueError) as exc:  # frames changed meanwhile: a recount follows
            log.debug("colour count skipped: %s", exc)
            return
        if asyncio.current_task() is getattr(self, "_count_task", None):  # the latest count
            self._show_count(doc, used)

    def _show_count(self, doc: Any, used: int) -> None:
        if doc is self.document:
            self.tools.count.setText(f"Sprite uses {used} colour{'s' if used != 1 else ''}")


def _count_sprite_colors(doc: Any) -> int:
    """Distinct visible colours over every frame (reads the pixels; no Qt)."""
    return count_colors([doc.composite(i) for i in range(len(doc.frames))])
