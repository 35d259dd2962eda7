"""Inpaint panel, Pro model: a 300x300 sprite goes whole (up to 512) where the standard model
crops to 200, crop-to-mask is sent, the result is reviewed and only masked pixels are merged."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton

from studio.api.client import PixelLabClient
from studio.api.requests_v3 import InpaintV3Request
from studio.core.jobs.queue import JobQueue
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.test_inpaint_panel import make, sprite_document


def test_pro_inpaint_up_to_512_offline(qtbot, qloop, library, offline_url):
    doc = sprite_document(300, 300)
    original = doc.composite(0)
    mask = np.zeros((300, 300), np.uint8)
    mask[140:170, 100:220] = 255
    doc.set_mask(0, mask)

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library, poll_interval=0.2)
            _canvas, panel = make(qtbot, queue, library, doc)
            panel.refresh_note()
            cost = panel.findChild(QLabel, "inpaint.cost")
            assert panel.note.text().startswith("The sprite is 300x300")  # standard: a crop
            assert cost.text() == "Expected: at least about $0.0072"
            model = panel.findChild(QComboBox, "inpaint.model")
            model.setCurrentIndex(1)
            assert panel.form.size.text() == "300x300" and panel.note.text() == ""
            assert cost.text() == "Expected: about $0.1250 · 25 generations"  # 300 px: tier 2
            assert panel.findChild(QCheckBox, "inpaint.crop_to_mask").isChecked()
            assert not panel.form.outline.isEnabled()  # fields Pro does not take
            assert panel.form.description.isEnabled() and panel.form.seed.isEnabled()
            qtbot.keyClicks(panel.form.description, "a belt")
            qtbot.mouseClick(panel.findChild(QPushButton, "inpaint.generate"),
                             Qt.MouseButton.LeftButton)
            await wait_for(lambda: panel.review_bar.review is not None, timeout=30)
            [job] = queue.jobs.values()
            assert job.endpoint == "inpaint_v3" and isinstance(job.request, InpaintV3Request)
            body = job.request.to_api_json()
            assert body["crop_to_mask"] is True
            assert body["inpainting_image"]["size"] == {"width": 300, "height": 300}
            assert job.expected_usd == 0.125
            panel.review_bar.accept_button.click()
            merged = doc.composite(0)
            outside = mask == 0
            assert np.array_equal(merged[outside], original[outside])
            assert len(doc.frames[0].layers) == 1
            await queue.shutdown()
    run(qloop, scenario)


def test_pro_needs_a_mask_and_refuses_over_512(qtbot, qloop, library, queue):
    doc = sprite_document(600, 300)
    _canvas, panel = make(qtbot, queue, library, doc)
    panel.model.setCurrentIndex(1)
    panel.generate_button.click()
    assert panel.status.text().startswith("Not sent: the mask is empty")
    mask = np.zeros((300, 600), np.uint8)
    mask[100:120, 10:590] = 255  # wider than 512: no single crop holds it
    doc.set_mask(0, mask)
    panel.generate_button.click()
    assert panel.status.text().startswith("Not sent:") and not queue.jobs


def test_confirmation_above_the_threshold(qtbot, qloop, library, queue):
    from PySide6.QtWidgets import QMessageBox

    doc = sprite_document(64, 64)
    mask = np.zeros((64, 64), np.uint8)
    mask[20:30, 20:30] = 255
    doc.set_mask(0, mask)
    _canvas, panel = make(qtbot, queue, library, doc)
    panel.model.setCurrentIndex(1)  # Pro: about $0.095
    qtbot.keyClicks(panel.form.description, "a belt")
    queue.confirm_above_usd = 0.05
    panel.generate_button.click()
    box = panel.findChild(QMessageBox, "cost.confirm")
    assert box is not None and box.isVisible() and "$0.0950" in box.text()
    assert not queue.jobs  # nothing journalled or sent before the answer
    box.button(QMessageBox.StandardButton.No).click()
    assert not queue.jobs
    panel.generate_button.click()
    boxes = [b for b in panel.findChildren(QMessageBox, "cost.confirm") if b.isVisible()]
    boxes[-1].button(QMessageBox.StandardButton.Yes).click()
    assert [j.endpoint for j in queue.jobs.values()] == ["inpaint_v3"]
    queue.confirm_above_usd = 0.5  # below the threshold: sent at once
    panel._pending.clear()
    panel.generate_button.click()
    assert len(queue.jobs) == 2
