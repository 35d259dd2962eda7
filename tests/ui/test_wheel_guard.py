"""A wheel over an unfocused combo box scrolls the form and leaves the value alone."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QVBoxLayout, QWidget

from studio.ui.wheel_guard import install_wheel_guard


def wheel(widget, delta: int) -> None:
    pos = QPointF(5, 5)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0),
                        QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_scrolls_the_form_not_the_unfocused_combo(qtbot, qapp) -> None:
    guard = install_wheel_guard(qapp)
    try:
        form = QWidget()
        box = QVBoxLayout(form)
        combos = []
        for _ in range(30):
            combo = QComboBox()
            combo.addItems(["a", "b", "c"])
            box.addWidget(combo)
            combos.append(combo)
        area = QScrollArea()
        area.setWidget(form)
        area.resize(200, 150)
        qtbot.addWidget(area)
        area.show()
        assert combos[0].focusPolicy() == Qt.FocusPolicy.StrongFocus  # wheel cannot focus it
        bar = area.verticalScrollBar()
        assert bar.maximum() > 0
        wheel(combos[0], -120)
        assert combos[0].currentIndex() == 0
        assert bar.value() > 0
        combos[0].setFocus()
        qtbot.waitUntil(combos[0].hasFocus)
        wheel(combos[0], -120)
        assert combos[0].currentIndex() == 1  # a focused field still takes the wheel
    finally:
        qapp.removeEventFilter(guard)
