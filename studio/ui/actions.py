"""QAction helpers: every action shows its shortcut in its tooltip."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def make_action(parent: QWidget, text: str, slot: Callable[..., object] | None = None,
                shortcut: str | QKeySequence.StandardKey | Sequence[str] | None = None,
                tip: str | None = None, checkable: bool = False,
                name: str | None = None) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        if isinstance(shortcut, (list, tuple)):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    if name:
        action.setObjectName(name)
    action.setProperty("tip_text", (tip or text).replace("&", ""))
    update_tooltip(action)
    if slot is not None:
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def update_tooltip(action: QAction) -> None:
    """Tool tip and status tip: the action's description and its current shortcuts."""
    label = action.property("tip_text") or action.text().replace("&", "")
    keys = action.shortcuts()
    if keys:
        shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        label = f"{label} ({shown})"
    action.setToolTip(label)
    action.setStatusTip(label)
