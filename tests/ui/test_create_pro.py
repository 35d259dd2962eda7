"""Create panel, Pro model (style and references), through the real widgets against the
offline engine: references with usage notes, a style image with what to copy, one call whose
candidates come back as a grid to pick from, the expected cost shown before sending."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from studio.api.client import PixelLabClient
from studio.api.requests_v3 import GenerateImageV2Request
from studio.core.jobs.queue import JobQueue
from studio.ui.panels.create_panel import CreatePanel
from studio.ui.panels.create_pro import PRO
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


def square(colour: tuple[int, int, int], size: int = 48, outline=(10, 10, 90)) -> np.ndarray:
    px = np.zeros((size, size, 4), np.uint8)
    px[8:size - 8, 8:size - 8] = (*outline, 255)
    px[9:size - 9, 9:size - 9] = (*colour, 255)
    return px


def test_pro_references_and_style_offline(qtbot, qloop, library, offline_url):
    canvas_pixels = square((40, 160, 60))
    placed = []

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library, poll_interval=0.2)
            panel = CreatePanel(queue, library, get_canvas_image=lambda: canvas_pixels,
                                place_image=lambda px, mode, name: placed.append(px) or True)
            qtbot.addWidget(panel)
            panel.findChild(QComboBox, "create.model").setCurrentText(PRO)
            panel.form.set_size(96, 96)
            cost = panel.findChild(QLabel, "create.cost")
            assert cost.text() == "Expected: about $0.0950 · 20 generations"
            assert not panel.form.variants.isEnabled() and not panel.form.outline.isEnabled()
            references = panel.findChild(QWidget, "create.references")
            qtbot.mouseClick(references.findChild(QPushButton, "create.reference_1.canvas"),
                             Qt.MouseButton.LeftButton)
            qtbot.keyClicks(panel.findChild(QLineEdit, "create.reference_1.usage"),
                            "the body shape")
            style = panel.findChild(QWidget, "create.style_image")
            assert style.isEnabled()
            style.set_pixels(square((200, 40, 40)), "file")
            panel.findChild(QWidget, "create.style_shading").setChecked(False)
            qtbot.keyClicks(panel.form.description, "a slime")
            qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
            await wait_for(lambda: len(panel.variants_view.result_ids()) == 4, timeout=30)
            [job] = queue.jobs.values()  # one call, a grid of candidates
            request = job.request
            assert isinstance(request, GenerateImageV2Request)
            body = request.to_api_json()
            assert body["reference_images"][0]["usage_description"] == "the body shape"
            assert body["reference_images"][0]["size"] == {"width": 48, "height": 48}
            assert body["style_options"] == {"color_palette": True, "outline": True,
                                             "detail": True, "shading": False}
            assert job.expected_usd == 0.095
            assert "4 candidate(s) ready" in panel.status.text()
            labels = [panel.variants_view.list.item(i).text() for i in range(4)]
            assert labels == [f"candidate {i}" for i in range(1, 5)]
            panel.place_variant(panel.variants_view.result_ids()[2])
            colours = {tuple(c[:3]) for c in placed[0][placed[0][..., 3] > 0]}
            assert colours <= {(200, 40, 40), (10, 10, 90)}  # the style's palette and outline
            await queue.shutdown()
    run(qloop, scenario)


def test_pro_refuses_sizes_outside_the_aspect_bucket(qtbot, library, queue):
    panel = CreatePanel(queue, library, get_canvas_image=lambda: None,
                        place_image=lambda *a: True)
    qtbot.addWidget(panel)
    panel.form.model.setCurrentText(PRO)
    panel.form.set_size(512, 512)
    panel.form.height_spin.setValue(520)  # 512x520: over the square bucket
    qtbot.keyClicks(panel.form.description, "castle")
    assert panel.generate() == []
    assert "aspect ratio" in panel.status.text() and not queue.jobs
