"""Settings dialog: API token (keyring or 0600 file; the environment wins), base URL,
concurrency, offline engine on/off, and "Test connection" (calls the balance endpoint).

Open it with ``.open()`` (never ``exec()`` inside a coroutine); it emits ``saved``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.core.fileio.errors import write_problem
from studio.core.jobs.error_text import plain_message
from studio.core.settings import AppSettings, SettingsError, SettingsStore, TokenStore
from studio.ui.message_details import MessageWithDetails
from studio.ui.status_widgets import format_balance

BalanceProbe = Callable[[str | None, str], Awaitable[Any]]


async def probe_balance(token: str | None, base_url: str) -> Any:
    """Default probe: GET /balance with the real client."""
    from studio.api.client import PixelLabClient  # noqa: PLC0415 - written in parallel

    async with PixelLabClient(token=token, base_url=base_url) as client:
        return await client.get_balance()


class SettingsDialog(QDialog):
    saved = Signal(object)  # AppSettings

    def __init__(self, settings: AppSettings, token_store: TokenStore,
                 settings_store: SettingsStore, probe: BalanceProbe = probe_balance,
                 message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings.dialog")
        self.setWindowTitle("Settings")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one opening, one object
        self.token_store = token_store
        self.settings_store = settings_store
        self.probe = probe
        info = token_store.get()
        self.notice = QLabel(message, objectName="settings.notice", wordWrap=True)
        self.token = QLineEdit(objectName="settings.token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            f"stored ({info.source}); leave empty to keep" if info.token else "paste your token")
        self.token_source = QLabel(objectName="settings.token_source", wordWrap=True)
        if token_store.env_overrides:
            self.token_source.setText(f"The token comes from the environment ({info.source}) "
                                      "and overrides the stored one.")
        self.base_url = QLineEdit(settings.base_url, objectName="settings.base_url")
        self.concurrency = QSpinBox(objectName="settings.concurrency", minimum=1, maximum=64,
                                    value=settings.concurrency)
        self.confirm_above = QDoubleSpinBox(
            objectName="settings.confirm_above", minimum=0.0, maximum=1000.0, decimals=3,
            singleStep=0.05, prefix="$", value=settings.confirm_above_usd)
        self.confirm_above.setSpecialValueText("never ask")
        self.confirm_above.setToolTip("Generate asks for confirmation when the expected cost "
                                      "of a request is above this amount.")
        self.offline = QCheckBox("Use the offline engine", objectName="settings.offline")
        self.offline.setChecked(settings.offline_engine)
        self.test_button = QPushButton("Test connection", objectName="settings.test")
        self.test_message = MessageWithDetails("settings.test_result")
        self.test_result = self.test_message.label
        self.error = QLabel(objectName="settings.error", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("settings.buttons")
        form = QFormLayout(self)
        form.addRow(self.notice)
        form.addRow("API token", self.token)
        form.addRow("", self.token_source)
        form.addRow("Base URL", self.base_url)
        form.addRow("Concurrent jobs", self.concurrency)
        form.addRow("Ask before spending over", self.confirm_above)
        form.addRow("", self.offline)
        form.addRow(self.test_button, self.test_message)
        open_shortcuts = getattr(parent, "open_shortcuts", None)
        if callable(open_shortcuts):  # the main window's key bindings
            keys = QPushButton("Keyboard shortcuts…", objectName="settings.shortcuts")
            keys.clicked.connect(open_shortcuts)
            form.addRow("Keys", keys)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self._settings = settings
        self._task: asyncio.Task | None = None
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.start_test)

    def entered_settings(self) -> AppSettings:
        return AppSettings(base_url=self.base_url.text().strip(),
                           concurrency=self.concurrency.value(),
                           offline_engine=self.offline.isChecked(),
                           confirm_above_usd=round(self.confirm_above.value(), 3),
                           library_dir=self._settings.library_dir).validate()

    def entered_token(self) -> str | None:
        typed = self.token.text().strip()
        return typed or self.token_store.get().token

    def save(self) -> None:
        """Validate and store; on a bad value nothing is stored and the dialog stays open."""
        try:
            settings = self.entered_settings()
            if self.token.text().strip():
                where = self.token_store.set(self.token.text())
                self.token_source.setText(f"Token stored in the {where}.")
            self.settings_store.save(settings)
        except SettingsError as exc:  # our own sentence about the value
            self.error.setText(str(exc))
            return
        except OSError as exc:
            self.error.setText(write_problem("the settings folder",
                                             self.settings_store.config_dir, exc))
            return
        self.saved.emit(settings)
        self.accept()

    def start_test(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._task = asyncio.ensure_future(self.test_connection())

    async def test_connection(self) -> bool:
        try:
            url = self.entered_settings().base_url
        except SettingsError as exc:
            self.test_result.setText(str(exc))
            return False
        self.test_message.show_message("Testing…")
        self.test_button.setEnabled(False)
        try:
            balance = await self.probe(self.entered_token(), url)
        except Exception as exc:  # noqa: BLE001 - every failure is shown to the user
            self.test_message.show_message(f"Failed: {plain_message(exc)}",
                                           f"{type(exc).__name__}: {exc}")
            return False
        finally:
            self.test_button.setEnabled(True)
        self.test_message.show_message(f"Connected: {format_balance(balance)}.")
        return True
