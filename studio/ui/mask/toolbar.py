"""MaskToolbar: buttons and settings of the mask mode (objectNames ``mask.*``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.painting.mask_settings import MAX_SIZE, MIN_SIZE, SHAPES
from studio.ui.mask.controller import MaskController
from studio.ui.mask.tools import MASK_TOOLS
from studio.ui.panels.qt_life import connect_alive

TOOL_TEXT = {"mask.brush": "Brush", "mask.eraser": "Eraser", "mask.fill": "Fill",
             "mask.rect": "Rect", "mask.lasso": "Lasso"}
COMMAND_BUTTONS = (
    ("clear", "Clear", "Clear the mask (keep everything)"),
    ("invert", "Invert", "Swap masked and unmasked pixels"),
    ("grow", "Grow", "Grow the mask by one pixel"),
    ("shrink", "Shrink", "Shrink the mask by one pixel"),
    ("from_selection", "From selection", "Mask exactly the rectangle selection"),
    ("from_transparency", "From transparency", "Mask the transparent pixels of the frame"),
)


def _tool_button(text: str, name: str, tip: str, checkable: bool = False) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setCheckable(checkable)
    button.setAutoRaise(False)
    return button


class MaskToolbar(QWidget):
    """Tools (exclusive), size ([ and ]), tip, commands, tint visibility and opacity."""

    def __init__(self, controller: MaskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mask.toolbar")
        self.controller = controller
        canvas = controller.canvas
        self.tool_buttons: dict[str, QToolButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # a non-mask canvas tool leaves all of them unchecked
        tools_row = QHBoxLayout()
        for spec in MASK_TOOLS:
            button = _tool_button(TOOL_TEXT[spec.name], spec.name,
                                  f"{spec.label} ({spec.shortcut}); right button keeps", True)
            button.clicked.connect(lambda _=False, n=spec.name: canvas.set_tool(n))
            self.group.addButton(button)
            tools_row.addWidget(button)
            self.tool_buttons[spec.name] = button
        tools_row.addStretch(1)

        self.size = QSpinBox(objectName="mask.size", minimum=MIN_SIZE, maximum=MAX_SIZE)
        self.size.setSuffix(" px")
        self.size.setToolTip("Brush size ([ smaller, ] larger)")
        self.size.setValue(controller.settings.size)
        self.size.valueChanged.connect(lambda v: setattr(controller.settings, "size", v))
        self.shape = QComboBox(objectName="mask.shape")
        self.shape.addItems(list(SHAPES))
        self.shape.setToolTip("Brush tip")
        self.shape.setCurrentText(controller.settings.shape)
        self.shape.currentTextChanged.connect(
            lambda t: setattr(controller.settings, "shape", t))
        self.visible = QCheckBox("Show", objectName="mask.visible")
        self.visible.setToolTip("Show the mask tint on the canvas")
        self.visible.setChecked(canvas.mask_tint.enabled)
        self.visible.toggled.connect(controller.set_tint_visible)
        self.opacity = QSlider(objectName="mask.opacity")
        self.opacity.setOrientation(Qt.Orientation.Horizontal)
        self.opacity.setRange(20, 255)
        self.opacity.setValue(canvas.mask_tint.opacity)
        self.opacity.setToolTip("Tint opacity")
        self.opacity.valueChanged.connect(controller.set_tint_opacity)
        settings_row = QHBoxLayout()
        for widget in (QLabel("Size"), self.size, self.shape, self.visible, self.opacity):
            settings_row.addWidget(widget)

        commands = QGridLayout()
        self.command_buttons: dict[str, QToolButton] = {}
        for index, (command, text, tip) in enumerate(COMMAND_BUTTONS):
            button = _tool_button(text, f"mask.{command}", tip)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, c=command: controller.run(c))
            commands.addWidget(button, index // 3, index % 3)
            self.command_buttons[command] = button

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools_row)
        layout.addLayout(settings_row)
        layout.addLayout(commands)
        connect_alive(controller.settings.changed, self, "_sync")
        canvas.tool_changed.connect(self._on_tool)
        self._on_tool(canvas.tool_name)

    def _sync(self) -> None:
        settings = self.controller.settings
        if self.size.value() != settings.size:
            self.size.setValue(settings.size)
        if self.shape.currentText() != settings.shape:
            self.shape.setCurrentText(settings.shape)

    def _on_tool(self, name: str) -> None:
        for tool, button in self.tool_buttons.items():
            button.setChecked(tool == name)
