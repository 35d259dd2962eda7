"""Scrolling a long form must not change the combo box or spin box that passes under the mouse.

An application-wide event filter: a wheel event over an unfocused QComboBox or QAbstractSpinBox
scrolls the form around it instead (the field changes by wheel only once it has focus).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QSlider,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QSlider)  # not QScrollBar: that one should scroll

class WheelGuard(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, GUARDED):
            # Qt gives WheelFocus widgets the focus before the wheel event is delivered:
            # a wheel passing over a field must not focus it.
            if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(obj, GUARDED) or obj.hasFocus():
            return False
        area = _scroll_area_around(obj, event.angleDelta().y())
        if area is not None:
            QApplication.sendEvent(area.viewport(), event.clone())
        return True

def _scroll_area_around(widget: QWidget, delta: int) -> QAbstractScrollArea | None:
    """The innermost scroll area around ``widget`` that can still move in the wheel's direction
    (forms nest: a panel's own scroll area inside its dock's)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            bar = parent.verticalScrollBar()
            if (delta < 0 and bar.value() < bar.maximum()) or (
                    delta > 0 and bar.value() > bar.minimum()):
                return parent
        parent = parent.parentWidget()
    return None

def install_wheel_guard(app: QApplication) -> WheelGuard:
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
