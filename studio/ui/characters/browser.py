"""Browse the account's characters: a paged list with thumbnails, details, rotations and playing
animation previews; open any of them on the canvas; export and import ZIPs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.core.characters.payloads import CharacterInfo
from studio.core.characters.service import CharacterService
from studio.core.characters.task_runner import TaskRunner
from studio.core.characters.zip_import import ImportedCharacter
from studio.ui.characters.compass import CompassWidget, scaled_pixmap
from studio.ui.characters.zip_actions import ZipActions

OpenOnCanvas = Callable[[str, list[np.ndarray]], None]
ID_ROLE = Qt.ItemDataRole.UserRole


class CharacterBrowser(QWidget):
    """List page (limit/offset) + details of the selected character."""

    characterSelected = Signal(object)  # CharacterInfo
    characterImported = Signal(object)  # ImportedCharacter
    pageLoaded = Signal(int)  # number of characters on the page

    def __init__(self, service: CharacterService, *, open_on_canvas: OpenOnCanvas | None = None,
                 project_dir: Callable[[], Path | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.open_on_canvas = open_on_canvas
        self.runner = TaskRunner()
        self.offset = 0
        self.page: list[CharacterInfo] = []
        self.current: CharacterInfo | None = None
        self.rotations: dict[str, np.ndarray] = {}
        self.animation_frames: dict[str, list[np.ndarray]] = {}
        self._detail_task: asyncio.Task[Any] | None = None
        self._build()
        self.zip = ZipActions(self, service, self.runner, project_dir, self._on_imported)

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        nav = QHBoxLayout()
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setObjectName("characters.refresh")
        self.prev_button = QPushButton("◀", self)
        self.prev_button.setObjectName("characters.prev")
        self.next_button = QPushButton("▶", self)
        self.next_button.setObjectName("characters.next")
        self.limit = QSpinBox(self)
        self.limit.setObjectName("characters.limit")
        self.limit.setRange(1, 100)
        self.limit.setValue(10)
        self.limit.setPrefix("per page ")
        self.page_label = QLabel("", self)
        self.page_label.setObjectName("characters.page")
        for arrow in (self.prev_button, self.next_button):  # not the style's 80 px: fits 1280x800
            arrow.setMinimumWidth(36)
        for widget in (self.refresh_button, self.prev_button, self.next_button, self.limit):
            nav.addWidget(widget)
        nav.addWidget(self.page_label, 1)
        outer.addLayout(nav)
        self.list = QListWidget(self)
        self.list.setObjectName("characters.list")
        self.list.setIconSize(QSize(40, 40))
        self.list.setMinimumHeight(120)
        outer.addWidget(self.list, 1)
        self.details = QLabel("Select a character.", self)
        self.details.setObjectName("characters.details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.details)
        outer.addWidget(QLabel("Rotations (click to open on the canvas):", self))
        self.rotation_compass = CompassWidget(thumb=48, parent=self)
        self.rotation_compass.setObjectName("characters.rotations")
        outer.addWidget(self.rotation_compass)
        self.animations = QListWidget(self)
        self.animations.setObjectName("characters.animations")
        self.animations.setMaximumHeight(80)
        outer.addWidget(QLabel("Animations (select to preview; click a direction to open):", self))
        outer.addWidget(self.animations)
        self.animation_compass = CompassWidget(thumb=48, parent=self)
        self.animation_compass.setObjectName("characters.animation_preview")
        outer.addWidget(self.animation_compass)
        self.zip_row = QHBoxLayout()
        outer.addLayout(self.zip_row)
        self.status = QLabel("", self)
        self.status.setObjectName("characters.browser_status")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.refresh_button.clicked.connect(self.refresh)
        self.prev_button.clicked.connect(lambda: self.load_page(max(0, self.offset -
                                                                     self.limit.value())))
        self.next_button.clicked.connect(lambda: self.load_page(self.offset + self.limit.value()))
        self.list.currentItemChanged.connect(self._selection_changed)
        self.animations.currentRowChanged.connect(self._animation_changed)
        self.rotation_compass.directionClicked.connect(self._open_rotation)
        self.animation_compass.directionClicked.connect(self._open_animation)
        self._update_nav()

    # -- paging --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.load_page(self.offset)

    def load_page(self, offset: int) -> None:
        self.status.setText("Loading characters…")
        self.refresh_button.setEnabled(False)
        limit = self.limit.value()
        self.runner.start(self._load(limit, offset), on_error=self._page_failed)

    async def _load(self, limit: int, offset: int) -> None:
        page = await self.service.list_page(limit, offset)
        self.offset = offset
        self.page = page
        self.list.clear()
        for info in page:
            item = QListWidgetItem(self._item_text(info))
            item.setData(ID_ROLE, info.id)
            item.setToolTip(info.prompt)
            self.list.addItem(item)
        self.refresh_button.setEnabled(True)
        self.status.setText(f"{len(page)} character(s)." if page else "No characters here.")
        self._update_nav()
        self.pageLoaded.emit(len(page))
        gate = asyncio.Semaphore(6)  # thumbnails after the list is visible, a few at a time
        await asyncio.gather(*(self._thumbnail(row, info, gate) for row, info in enumerate(page)))

    async def _thumbnail(self, row: int, info: CharacterInfo, gate: asyncio.Semaphore) -> None:
        url = info.rotation_urls.get("south") or next(iter(info.rotation_urls.values()), None)
        if not url:
            return
        async with gate:
            try:
                pixels = await self.service.download_image(url)
            except Exception:  # noqa: BLE001 - a missing thumbnail is not worth an error
                return
        item = self.list.item(row)
        if item is not None and item.data(ID_ROLE) == info.id:
            item.setIcon(QIcon(scaled_pixmap(pixels, 40)))

    @staticmethod
    def _item_text(info: CharacterInfo) -> str:
        title = info.name or (info.prompt[:40] + ("…" if len(info.prompt) > 40 else ""))
        return f"{title or info.id}\n{info.size_text} · {info.status or '?'} · " \
               f"{info.animation_count} anim"

    def _page_failed(self, message: str, _exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(f"Could not load characters: {message}")

    def _update_nav(self) -> None:
        limit = self.limit.value()
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(len(self.page) >= limit)
        first = self.offset + 1 if self.page else self.offset
        self.page_label.setText(f"{first}-{self.offset + len(self.page)}")

    # -- details -------------------------------------------------------------------------------
    def _selection_changed(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        self.show_character(str(item.data(ID_ROLE)))

    def show_character(self, character_id: str) -> None:
        self.status.setText("Loading details…")
        if self._detail_task is not None:
            self._detail_task.cancel()  # the user moved on
        self._detail_task = self.runner.start(self._show(character_id),
                                              on_error=self._detail_failed)

    async def _show(self, character_id: str) -> None:
        info = await self.service.fetch(character_id)
        self.current = info
        self.rotations.clear()
        self.animation_frames.clear()
        self.details.setText(
            f"<b>{info.name or info.id}</b><br>Prompt: {_escape(info.prompt) or '—'}<br>"
            f"Size: {info.size_text} · View: {info.view or '—'} · Status: {info.status or '?'}"
            f" · Animations: {info.animation_count}")
        self.rotation_compass.clear()
        self.rotation_compass.set_available(info.directions)
        self.animation_compass.clear()
        self.animations.clear()
        for anim in info.animations:
            state = "" if anim.status.lower() in ("completed", "complete", "") else \
                f", {anim.status}"
            self.animations.addItem(f"{anim.label} ({len(anim.frames)} dir{state})")
        self.zip.set_character(info)
        self.characterSelected.emit(info)
        self.status.setText("")
        for direction, url in info.rotation_urls.items():
            pixels = await self.service.download_image(url)
            if self.current is not info:
                return
            self.rotations[direction] = pixels
            self.rotation_compass.set_image(direction, pixels)
        if info.animations and self.animations.currentRow() < 0:
            self.animations.setCurrentRow(0)

    def _detail_failed(self, message: str, _exc: BaseException) -> None:
        self.status.setText(f"Could not load the character: {message}")

    def _animation_changed(self, row: int) -> None:
        if self.current is None or not 0 <= row < len(self.current.animations):
            return
        self.runner.start(self._preview(self.current, row), on_error=self._detail_failed)

    async def _preview(self, info: CharacterInfo, row: int) -> None:
        anim = info.animations[row]
        self.animation_frames.clear()
        self.animation_compass.clear()
        self.animation_compass.set_available([d for d in anim.frames if d in
                                              self.animation_compass.cells])
        finished = anim.status.lower() in ("completed", "complete", "")
        self.animation_compass.set_centre_text(anim.label if finished
                                               else f"{anim.label}\n({anim.status})")
        for direction, urls in anim.frames.items():
            frames = await self.service.download_frames(urls)
            if self.current is not info or self.animations.currentRow() != row:
                return
            self.animation_frames[direction] = frames
            self.animation_compass.set_frames(direction, frames)

    # -- open on canvas ------------------------------------------------------------------------
    def _open_rotation(self, direction: str) -> None:
        if self.current is not None and direction in self.rotations:
            self._open(f"{self.current.name or self.current.id} {direction}",
                       [self.rotations[direction]])

    def _open_animation(self, direction: str) -> None:
        row = self.animations.currentRow()
        if self.current is None or direction not in self.animation_frames or row < 0:
            return
        label = self.current.animations[row].label
        self._open(f"{self.current.name or self.current.id} {label} {direction}",
                   self.animation_frames[direction])

    def _open(self, title: str, frames: list[np.ndarray]) -> None:
        if self.open_on_canvas is None:
            self.status.setText("No canvas is connected to open this on.")
            return
        self.open_on_canvas(title, frames)
        self.status.setText(f"Opened '{title}' ({len(frames)} frame(s)) on the canvas.")

    def _on_imported(self, result: ImportedCharacter) -> None:
        self.characterImported.emit(result)

    def shutdown(self) -> None:
        self.runner.cancel_all()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

