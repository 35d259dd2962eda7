"""Create panel with a fake client: validation marks widgets, variants arrive, one is placed."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSpinBox

from studio.api.errors import (
    AuthenticationError,
    InsufficientCreditsError,
    RateLimitError,
    ResponseFormatError,
)
from studio.api.requests import BitforgeRequest, PixfluxRequest
from studio.api.usage import Usage
from studio.core.jobs.queue import JobState
from studio.ui.panels.create_panel import CreatePanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


@pytest.fixture
def placed():
    return []


@pytest.fixture
def panel(qtbot, queue, library, placed):
    canvas = np.zeros((64, 64, 4), np.uint8)
    canvas[..., 0] = 200
    canvas[..., 3] = 255
    widget = CreatePanel(
        queue, library, get_canvas_image=lambda: canvas,
        place_image=lambda pixels, mode, name: placed.append((pixels, mode, name)),
        get_palette=lambda: [(0, 0, 0, 255), (255, 255, 255, 255)])
    qtbot.addWidget(widget)
    return widget


def find(panel, cls, name):
    widget = panel.findChild(cls, name)
    assert widget is not None, name
    return widget


def test_object_names_exist(panel):
    for name in ("create.description", "create.model", "create.width", "create.height",
                 "create.seed", "create.variants", "create.generate"):
        assert panel.findChild(object, name) is not None, name


def test_invalid_input_is_explained_before_sending(panel, fake_client, qloop):
    async def scenario():
        find(panel, QPushButton, "create.generate").click()  # empty description
        assert "create.description" in panel.form.marked_fields()
        panel.form.description.setPlainText("tower")
        panel.form.model.setCurrentText("bitforge")
        panel.form.set_size(300, 64)  # above bitforge's 200
        assert panel.generate() == []
        assert panel.form.marked_fields() == ["create.width"]
        assert "Not sent" in panel.status.text()
        panel.form.set_size(64, 64)
        panel.form.style_strength.setValue(40)  # style strength without style image
        panel.form.isometric.setChecked(True)
        panel.form.oblique_projection.setChecked(True)
        assert panel.generate() == []
        assert set(panel.form.marked_fields()) == {"create.style_image",
                                                   "create.oblique_projection"}
        await asyncio.sleep(0)
        assert fake_client.sent == []
    run(qloop, scenario)


def test_generate_four_variants_and_place_one(panel, fake_client, library, placed, qtbot, qloop):
    async def scenario():
        qtbot.keyClicks(find(panel, QPlainTextEdit, "create.description"), "green slime")
        find(panel, QSpinBox, "create.variants").setValue(4)
        find(panel, QSpinBox, "create.seed").setValue(1000)
        panel.form.outline.setCurrentText("selective outline")
        panel.form.init_image.buttons["Canvas"].click()
        panel.form.color_image.buttons["Palette"].click()
        qtbot.mouseClick(find(panel, QPushButton, "create.generate"), Qt.MouseButton.LeftButton)
        await wait_for(lambda: panel.variants_view.list.count() == 4)
        sent = fake_client.sent
        assert all(isinstance(r, PixfluxRequest) for r in sent)
        assert sorted(r.seed for r in sent) == [1000, 1001, 1002, 1003]
        assert sent[0].outline == "selective outline" and sent[0].init_image is not None
        assert sent[0].color_image.to_pil().size == (2, 1)
        assert library.count() == 4
        item = panel.variants_view.list.item(2)
        panel.variants_view.list.itemClicked.emit(item)
        pixels, mode, name = placed[-1]
        assert mode == "layer" and pixels.shape == (16, 16, 4)  # the fake returns 16x16
        assert pixels[0, 0, 0] == library.get(item.data(Qt.ItemDataRole.UserRole)).seed % 256
        assert "green slime" in name
        panel.variants_view.place_mode.setCurrentText("New document")
        panel.variants_view.list.itemClicked.emit(item)
        assert placed[-1][1] == "document"
        # regenerate with the same (fixed) seeds
        panel.regenerate_button.click()
        await wait_for(lambda: len(fake_client.sent) == 8)
        assert sorted(r.seed for r in fake_client.sent[4:]) == [1000, 1001, 1002, 1003]
    run(qloop, scenario)


def test_bitforge_fields_reach_the_request(panel, fake_client, qloop):
    async def scenario():
        form = panel.form
        form.model.setCurrentText("bitforge")
        form.description.setPlainText("sword")
        form.negative_description.setText("blurry")
        form.set_size(64, 64)
        form.style_image.buttons["Canvas"].click()
        form.style_strength.setValue(25)
        form.coverage_on.setChecked(True)
        form.coverage_percentage.setValue(70)
        form.oblique_projection.setChecked(True)
        form.variants.setValue(1)
        panel.generate()
        await wait_for(lambda: len(fake_client.sent) == 1)
        req = fake_client.sent[0]
        assert isinstance(req, BitforgeRequest)
        assert (req.negative_description, req.style_strength, req.coverage_percentage) == (
            "blurry", 25, 70)
        assert req.oblique_projection and req.style_image is not None
    run(qloop, scenario)


@pytest.mark.parametrize(("error", "signal_name", "text"), [
    (AuthenticationError("bad token", status=401), "settings_requested", "401"),
    (InsufficientCreditsError("broke", status=402), "balance_requested", "402"),
    (RateLimitError("slow down", status=429, retry_after=12), None, "wait 12 s"),
    (RateLimitError("overloaded", status=529), None, "(529): wait a little"),
])
def test_errors_become_specific_messages(panel, fake_client, qtbot, qloop, error, signal_name,
                                         text):
    fake_client.fail_with = error
    emitted = []
    if signal_name:
        getattr(panel, signal_name).connect(lambda: emitted.append(True))

    async def scenario():
        panel.form.description.setPlainText("x")
        panel.form.variants.setValue(1)
        [job] = panel.generate()
        await wait_for(lambda: job.state is JobState.FAILED)
    run(qloop, scenario)
    assert text in panel.status.text()
    assert bool(emitted) == bool(signal_name)


def _billed_unusable() -> ResponseFormatError:
    """What the client raises for a 200 whose usage says billed but whose image is broken."""
    exc = ResponseFormatError("image is 64x32, expected 32x32", status=200)
    exc.usage = Usage(type="usd", usd=0.013)
    return exc


def test_a_billed_unusable_answer_says_it_was_billed(panel, fake_client, qtbot, qloop):
    fake_client.fail_with = _billed_unusable()

    async def scenario():
        panel.form.description.setPlainText("x")
        panel.form.variants.setValue(1)
        [job] = panel.generate()
        await wait_for(lambda: job.state is JobState.FAILED)
        assert job.cost_usd == pytest.approx(0.013)
    run(qloop, scenario)
    assert "billed this request ($0.0130)" in panel.status.text()
    assert "Try again" not in panel.status.text()


def test_copy_parameters_back(panel, library):
    library.journal_request("j", "create_image_bitforge", {
        "description": "owl", "image_size": {"width": 32, "height": 48}, "seed": 7,
        "outline": "lineless", "no_background": True, "coverage_percentage": 40})
    panel.apply_params("create_image_bitforge", library.journal_entry("j").params)
    form = panel.form
    assert form.model_name == "bitforge" and form.description.toPlainText() == "owl"
    assert (form.width_spin.value(), form.height_spin.value(), form.seed.value()) == (32, 48, 7)
    assert form.outline.currentText() == "lineless" and form.no_background.isChecked()
    assert form.coverage_on.isChecked() and form.coverage_percentage.value() == 40


def test_server_422_marks_the_field_and_outcome_unknown_explains(panel, fake_client, qloop):
    from studio.api.errors import OutcomeUnknownError, ValidationError

    fake_client.fail_with = ValidationError(
        "invalid", status=422, field_errors=[("image_size.height", "unsupported size")])

    async def scenario():
        panel.form.description.setPlainText("x")
        panel.form.variants.setValue(1)
        [job] = panel.generate()
        await wait_for(lambda: job.state is JobState.FAILED)
        assert panel.form.marked_fields() == ["create.height"]
        assert "422" in panel.status.text()
        fake_client.fail_with = OutcomeUnknownError("read timeout")
        [job] = panel.generate()
        await wait_for(lambda: job.state is JobState.OUTCOME_UNKNOWN)
        assert "may have been billed" in panel.status.text()
        assert "not be resent" in panel.status.text()
    run(qloop, scenario)


def test_images_from_file_and_bad_files(panel, tmp_path):
    from tests.core.jobs_fakes import solid

    good = tmp_path / "ref.png"
    solid((10, 20, 30, 255), size=8).save(good)
    assert panel.form.style_image.set_from_file(good)
    assert panel.form.style_image.pixels.shape == (8, 8, 4)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png at all")
    assert not panel.form.init_image.set_from_file(bad)
    assert "cannot open bad.png" in panel.status.text()
    assert panel.form.init_image.pixels is None
    # a canvas-size mismatch is explained before sending
    panel.form.model.setCurrentText("bitforge")
    panel.form.description.setPlainText("x")
    panel.form.set_size(16, 16)
    assert panel.generate() == []
    assert "8x8 but the size is 16x16" in panel.status.text()
