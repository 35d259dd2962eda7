""""Use the document palette": the same option in the generation forms; the colour image follows
the palette and reaches the request (with force_colors where the endpoint has it)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from studio.api.models import PixfluxRequest
from studio.ui.characters.fields import colour_image_rows
from studio.ui.color.palette_option import PaletteOption
from studio.ui.panels.create_panel import CreatePanel
from studio.ui.panels.generation_images import ImageInputError, palette_image
from studio.ui.panels.image_slot import ImageSlot
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for

PALETTE = [(0, 0, 0, 255), (255, 0, 0, 255)]


def _source(colors: list) -> object:
    def source() -> np.ndarray:
        if not colors:
            raise ImageInputError("the document has no palette colours")
        return palette_image(list(colors))
    return source


def _click(qtbot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_the_slot_follows_the_palette_while_ticked(qtbot) -> None:
    colors = list(PALETTE)
    slot = ImageSlot("color_image", {"Canvas": lambda: np.zeros((4, 4, 4), np.uint8)})
    option = PaletteOption("rotate", slot, _source(colors))
    qtbot.addWidget(slot)
    qtbot.addWidget(option)
    assert option.objectName() == "rotate.use_palette"
    _click(qtbot, option)
    assert option.isChecked()
    assert slot.pixels.shape == (1, 2, 4) and not slot.buttons["Canvas"].isEnabled()
    colors.append((0, 0, 255, 255))  # a later palette change is what gets sent
    assert slot.pixels.shape == (1, 3, 4)
    colors.clear()
    with qtbot.waitSignal(slot.message) as blocker:
        assert slot.pixels is None
    assert "no palette" in blocker.args[0]
    _click(qtbot, option)
    assert slot.pixels is None and slot.buttons["Canvas"].isEnabled()


def test_without_a_palette_source_the_option_is_disabled(qtbot) -> None:
    option = PaletteOption("animate", ImageSlot("color_image", {}), None)
    qtbot.addWidget(option)
    assert not option.isEnabled()


@pytest.fixture
def panel(qtbot, queue, library):
    widget = CreatePanel(queue, library, get_canvas_image=lambda: None,
                         place_image=lambda *a: None, get_palette=lambda: list(PALETTE))
    qtbot.addWidget(widget)
    return widget


def test_create_panel_sends_the_palette_as_color_image(panel, fake_client, qloop, qtbot):
    async def scenario():
        option = panel.findChild(QCheckBox, "create.use_palette")
        option.setChecked(True)
        panel.form.description.setPlainText("a potion")
        panel.form.variants.setValue(1)
        panel.generate()
        await wait_for(lambda: len(fake_client.sent) == 1)
        request = fake_client.sent[0]
        assert isinstance(request, PixfluxRequest) and request.color_image is not None
        assert request.to_api_json()["color_image"]["base64"]
    run(qloop, scenario)


def test_character_forms_tick_force_colors_too(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    form = QFormLayout(parent)
    picker, force = colour_image_rows(form, "characters.", parent)
    option = parent.findChild(QCheckBox, "characters.use_palette")
    assert option is not None and not option.isEnabled()
    option.set_source(_source(PALETTE))
    option.setChecked(True)
    assert force.isChecked() and force.isEnabled()
    assert picker.image is not None and picker.image.size == (2, 1)
    option.setChecked(False)
    assert picker.image is None and not force.isChecked()


def test_tileset_form_colour_image_follows_the_palette(qtbot) -> None:
    from studio.ui.tileset.tileset_form import TilesetForm

    form = TilesetForm(lambda: None)
    qtbot.addWidget(form)
    option = form.findChild(QCheckBox, "tileset.use_palette")
    assert option is not None and not option.isEnabled()
    colors = list(PALETTE)
    option.set_source(_source(colors))
    option.setChecked(True)
    field = form.images["color_image"]
    assert field.image.size == (2, 1) and not field.from_file.isEnabled()
    colors.append((9, 9, 9, 255))
    assert field.image.size == (3, 1)
    option.setChecked(False)
    assert field.image is None and field.from_file.isEnabled()
