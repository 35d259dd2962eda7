"""Rebindable keyboard shortcuts: every named action can get other keys, kept in QSettings
(``shortcuts/<objectName>``, portable text, several keys separated by ``; ``).

``apply_shortcut_overrides`` runs when the window is built; the dialog edits the keys, refuses
a key used twice, and applies and saves the result at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.ui.actions import update_tooltip

GROUP = "shortcuts"
PORTABLE = QKeySequence.SequenceFormat.PortableText


def bindable_actions(window: QWidget) -> list[QAction]:
    """Named actions with text, in menu order, one per objectName."""
    seen: dict[str, QAction] = {}
    for action in window.findChildren(QAction):
        name = action.objectName()
        if name and action.text() and name not in seen:
            seen[name] = action
    return list(seen.values())


def _defaults(action: QAction) -> list[str]:
    stored = action.property("default_keys")
    if stored is None:
        stored = [k.toString(PORTABLE) for k in action.shortcuts()]
        action.setProperty("default_keys", stored)
    return list(stored)


def set_keys(action: QAction, keys: list[str]) -> None:
    _defaults(action)
    action.setShortcuts([QKeySequence(k) for k in keys if k])
    update_tooltip(action)


def apply_shortcut_overrides(window: QWidget, settings: QSettings) -> None:
    for action in bindable_actions(window):
        _defaults(action)
        value = settings.value(f"{GROUP}/{action.objectName()}")
        if isinstance(value, str):
            set_keys(action, [k.strip() for k in value.split(";")])


def conflicts(bindings: dict[str, list[str]], names: dict[str, str]) -> str | None:
    """A sentence naming the first key given to two actions, or None."""
    owner: dict[str, str] = {}
    for name, keys in bindings.items():
        for key in keys:
            if key in owner and owner[key] != name:
                return (f"{key} is given to both {names[owner[key]]} and {names[name]}; "
                        "choose another key for one of them.")
            owner[key] = name
    return None


class ShortcutsDialog(QDialog):
    """A table of actions and their keys; OK applies and saves."""

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts.dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings = settings
        self.actions_ = bindable_actions(window)
        self.table = QTableWidget(len(self.actions_), 2, objectName="shortcuts.table")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.edits: dict[str, QKeySequenceEdit] = {}
        for row, action in enumerate(self.actions_):
            item = QTableWidgetItem(action.text().replace("&", ""))
            item.setToolTip(action.objectName())
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(action.shortcut())
            edit.setObjectName(f"shortcut.{action.objectName()}")
            edit.setClearButtonEnabled(True)
            self.table.setCellWidget(row, 1, edit)
            self.edits[action.objectName()] = edit
        self.table.resizeColumnToContents(0)
        self.problem = QLabel(objectName="shortcuts.problem", wordWrap=True)
        reset = QPushButton("Reset all to defaults", objectName="shortcuts.reset")
        reset.clicked.connect(self.reset_defaults)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("Click a key box and press the new keys; the × clears it."))
        box.addWidget(self.table, 1)
        box.addWidget(self.problem)
        box.addWidget(reset)
        box.addWidget(buttons)
        self.resize(560, 640)

    def reset_defaults(self) -> None:
        for action in self.actions_:
            keys = _defaults(action)
            self.edits[action.objectName()].setKeySequence(QKeySequence(keys[0] if keys else ""))

    def _bindings(self) -> dict[str, list[str]]:
        out = {}
        for action in self.actions_:
            typed = self.edits[action.objectName()].keySequence().toString(PORTABLE)
            current = [k.toString(PORTABLE) for k in action.shortcuts()]
            # the editor shows one key; keep an action's other keys when the first is unchanged
            out[action.objectName()] = current if current[:1] == [typed] else (
                [typed] if typed else [])
        return out

    def save(self) -> bool:
        bindings = self._bindings()
        names = {a.objectName(): a.text().replace("&", "") for a in self.actions_}
        problem = conflicts(bindings, names)
        if problem:
            self.problem.setText(problem)
            return False
        for action in self.actions_:
            keys = bindings[action.objectName()]
            key = f"{GROUP}/{action.objectName()}"
            if keys == _defaults(action):
                self.settings.remove(key)
            else:
                self.settings.setValue(key, "; ".join(keys))
            set_keys(action, keys)
        self.accept()
        return True
