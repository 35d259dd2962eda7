"""Small widget helpers shared by the tileset and isometric forms.

Validation happens in the API request models; ``show_validation_errors`` maps each pydantic error
to the widget of its field (red outline + tooltip) so a bad value is shown before anything is sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import ValidationError
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QWidget

DEFAULT_LABEL = "(default)"
RANDOM_SEED = -1
ERROR_STYLE = "border: 1px solid #d03030;"


def choice_combo(name: str, options: Iterable[str], with_default: bool = True) -> QComboBox:
    """A combo of API strings; ``(default)`` (data None) lets the service choose."""
    combo = QComboBox(objectName=name)
    if with_default:
        combo.addItem(DEFAULT_LABEL, None)
    for option in options:
        combo.addItem(str(option), option)
    return combo


def double_spin(name: str, low: float, high: float, value: float, step: float,
                decimals: int = 2) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(objectName=name)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setValue(value)
    return spin


def int_spin(name: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox(objectName=name)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


def seed_spin(name: str) -> QSpinBox:
    """Seed box whose lowest value means "random" (no seed sent)."""
    spin = int_spin(name, RANDOM_SEED, 2**31 - 1, RANDOM_SEED)
    spin.setSpecialValueText("random")
    return spin


def seed_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == RANDOM_SEED else spin.value()


def show_validation_errors(error: ValidationError, widgets: Mapping[str, QWidget]) -> str:
    """Mark the widgets of the failing fields; returns one readable message for all errors."""
    messages = []
    for item in error.errors():
        field = str(item["loc"][0]) if item.get("loc") else ""
        widget = widgets.get(field)
        text = f"{field.replace('_', ' ')}: {item['msg']}" if field else item["msg"]
        messages.append(text)
        if widget is not None:
            widget.setStyleSheet(ERROR_STYLE)
            widget.setToolTip(text)
    return "; ".join(messages)


def clear_validation_errors(widgets: Mapping[str, QWidget]) -> None:
    for widget in widgets.values():
        if widget.styleSheet() == ERROR_STYLE:
            widget.setStyleSheet("")
            widget.setToolTip("")
