"""MaskController: the mask mode of one canvas (settings, keys, overlay, commands)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore QEvent, QObject, QRect, Qt, Signal  # noqa: E999 - replaced below
