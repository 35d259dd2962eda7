"""The contents of the Characters dock (``panel.characters``): Create, Animate and Browse tabs.

Collaborators are injected: the PixelLab client (browse and export are free GETs), the app's
``JobQueue`` (every paid request: create and animate) and ``open_on_canvas(title, frames)``
which opens RGBA frames as a new document (see
:func:`studio.core.characters.frames.make_open_on_canvas`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QMetaMethod, Signal
from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from studio.api.errors import AuthenticationError, InsufficientCreditsError
from studio.core.characters.payloads import CharacterInfo
from studio.core.characters.service import CharacterService
from studio.core.characters.task_runner import TaskRunner
from studio.core.jobs.queue import JobQueue
from studio.ui.characters.animate_form import AnimateCharacterForm
from studio.ui.characters.browser import CharacterBrowser, OpenOnCanvas
from studio.ui.characters.create_form import CreateCharacterForm

DEFAULT_POLL_SECONDS = 5.0


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class CharactersPanel(QWidget):
    """Create / Animate / Browse, sharing one :class:`CharacterService`.

    A 401 emits ``settings_requested`` (when nothing is connected the panel opens the settings
    dialog itself); a 402 emits ``balance_requested`` and shows the balance next to the action.
    """

    settings_requested = Signal()
    balance_requested = Signal()

    def __init__(self, client: Any, *, queue: JobQueue | None = None,
                 open_on_canvas: OpenOnCanvas | None = None,
                 project_dir: Callable[[], Path | None] | None = None,
                 poll_interval: float | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("characters.panel")
        self.open_on_canvas = open_on_canvas
        if poll_interval is None:  # the queue's cadence, else every 5 s
            poll_interval = float(getattr(queue, "poll_interval", DEFAULT_POLL_SECONDS))
        self.service = CharacterService(client, poll_interval=poll_interval, queue=queue)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("characters.tabs")
        self.create_form = CreateCharacterForm(self.service)
        self.animate_form = AnimateCharacterForm(self.service)
        self.browser = CharacterBrowser(self.service, open_on_canvas=open_on_canvas,
                                        project_dir=project_dir)
        self.tabs.addTab(_scrolled(self.create_form, self), "Create")
        self.tabs.addTab(_scrolled(self.animate_form, self), "Animate")
        self.tabs.addTab(self.browser, "Browse")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._loaded_once = False
        self.create_form.characterCreated.connect(self._created)
        self.create_form.rotationActivated.connect(self._open_rotation)
        self.animate_form.framesActivated.connect(self._open_frames)
        self.animate_form.animationFinished.connect(self._animated)
        self.browser.characterSelected.connect(self._selected)
        self.browser.pageLoaded.connect(self._page_loaded)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.create_form.failed.connect(lambda exc: self._failed(exc, self.create_form.status))
        self.animate_form.failed.connect(lambda exc: self._failed(exc, self.animate_form.status))
        self._runner = TaskRunner()
        self.settings_dialog: Any = None

    # -- errors --------------------------------------------------------------------------------
    def set_palette_source(self, source: Any) -> None:
        """Enable "Use the document palette" in both forms (RGBA arrays from ``source``)."""
        for form in (self.create_form, self.animate_form):
            form.color_image.palette_option.set_source(source)

    def _failed(self, exc: BaseException, status: Any) -> None:
        if isinstance(exc, AuthenticationError):
            signal = QMetaMethod.fromSignal(self.settings_requested)
            if self.isSignalConnected(signal):
                self.settings_requested.emit()
            else:
                self._open_settings()
        elif isinstance(exc, InsufficientCreditsError):
            self.balance_requested.emit()
            self._runner.start(self._show_balance(status))

    def _open_settings(self) -> None:
        from studio.core.settings import SettingsStore, TokenStore  # noqa: PLC0415
        from studio.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        store = SettingsStore()
        self.settings_dialog = SettingsDialog(
            store.load(), TokenStore(), store, parent=self.window(),
            message="PixelLab did not accept the API token (401). Enter a valid token.")
        self.settings_dialog.open()

    async def _show_balance(self, status: Any) -> None:
        from studio.ui.status_widgets import format_balance  # noqa: PLC0415

        fetch = getattr(self.service.client, "get_balance", None)
        if fetch is None:
            return
        try:
            balance = await fetch()
        except Exception:  # noqa: BLE001 - the 402 message already stands
            return
        status.setText(f"{status.text()} Balance: {format_balance(balance)}.")

    # -- wiring --------------------------------------------------------------------------------
    def _created(self, info: CharacterInfo) -> None:
        self.animate_form.add_character(info, select=not self.animate_form.runner.busy)
        self.browser.refresh()

    def _selected(self, info: CharacterInfo) -> None:
        self.animate_form.add_character(info, select=not self.animate_form.runner.busy)

    def _page_loaded(self, _count: int) -> None:
        for info in self.browser.page:
            self.animate_form.add_character(info)

    def _animated(self, character_id: str) -> None:
        current = self.browser.current
        if current is not None and current.id == character_id:
            self.browser.show_character(character_id)

    def _open_rotation(self, direction: str, pixels: np.ndarray) -> None:
        info = self.create_form.character
        name = (info.name or info.id) if info is not None else "character"
        self._open_frames(f"{name} {direction}", [pixels])

    def _open_frames(self, title: str, frames: list[np.ndarray]) -> None:
        if self.open_on_canvas is not None:
            self.open_on_canvas(title, list(frames))

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.browser and not self._loaded_once:
            self._loaded_once = True
            self.browser.refresh()

    def shutdown(self) -> None:
        """Stop waiting for everything (the service keeps generating; nothing is un-billed)."""
        self.create_form.shutdown()
        self.animate_form.shutdown()
        self.browser.shutdown()
        self._runner.cancel_all()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)
