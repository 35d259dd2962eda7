"""Light/dark palette follows the system scheme."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

import studio.ui.theme as theme


def test_dark_and_light_palettes_follow_the_scheme(qapp, monkeypatch) -> None:
    saved = QApplication.palette()
    try:
        monkeypatch.setattr(theme, "system_is_dark", lambda: True)
        assert theme.apply_theme(qapp) is True
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 100
        monkeypatch.setattr(theme, "system_is_dark", lambda: False)
        assert theme.apply_theme(qapp) is False
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 150
    finally:
        QApplication.setPalette(saved)
