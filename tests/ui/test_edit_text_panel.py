"""Edit by text panel through the real widgets against the offline engine: every frame edited
("make the cape red"), results under review placed in one undo step, the cost shown first."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue
from studio.ui.canvas import CanvasWidget
from studio.ui.panels.edit_text_panel import EditTextPanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


def caped(shift: int) -> np.ndarray:
    px = np.zeros((48, 48, 4), np.uint8)
    px[8 + shift:40, 12:36] = (50, 90, 200, 255)  # the blue cape
    px[8 + shift:40, 12] = (20, 20, 20, 255)
    return px


def make(qtbot, queue, library, doc):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.set_document(doc)
    panel = EditTextPanel(queue, library, canvas)
    qtbot.addWidget(panel)
    return panel


def test_edit_all_frames_offline(qtbot, qloop, library, offline_url):
    doc = Document.from_frames([(caped(0), 100), (caped(2), 100)], "hero")

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library, poll_interval=0.2)
            panel = make(qtbot, queue, library, doc)
            cost = panel.findChild(QLabel, "edit_text.cost")
            assert cost.text() == "Expected: about $0.0118"  # 48x48: the 64x64 price
            panel.findChild(QComboBox, "edit_text.scope").setCurrentIndex(1)
            assert cost.text() == "Expected: about $0.0236"  # two calls
            qtbot.keyClicks(panel.findChild(QLineEdit, "edit_text.instruction"),
                            "make the cape red")
            qtbot.mouseClick(panel.findChild(QPushButton, "edit_text.generate"),
                             Qt.MouseButton.LeftButton)
            await wait_for(lambda: all(len(f.layers) == 2 for f in doc.frames), timeout=30)
            assert {j.endpoint for j in queue.jobs.values()} == {"edit_image"}
            for index, frame in enumerate(doc.frames):
                assert frame.layers[1].kind == "ai"
                r, g, b, a = doc.composite(index)[20, 20]
                assert r > b and a == 255  # the cape is red now
                assert np.array_equal(frame.layers[0].pixels, caped(2 * index))  # untouched
            assert "2 frame(s) edited" in panel.status.text()
            doc.history.undo()  # one step removes both results
            assert all(len(f.layers) == 1 for f in doc.frames)
            await queue.shutdown()
    run(qloop, scenario)


def test_empty_instruction_is_not_sent(qtbot, library, queue):
    doc = Document.from_image(caped(0), "hero")
    panel = make(qtbot, queue, library, doc)
    panel.generate_button.click()
    assert panel.status.text().startswith("Not sent: write what to change")
    assert not queue.jobs


def test_every_generate_button_has_its_expected_cost(qtbot, qloop, tmp_path):
    """The docked panels of the real window each show a ``<panel>.cost`` label."""
    from tests.ui.studio_window import attach_backend, offline_backend, shut_down, studio_window

    backend = offline_backend(qloop, tmp_path)
    window = studio_window(qtbot, tmp_path)
    panels = attach_backend(window, backend)
    names = ("create", "inpaint", "rotate", "animate", "edit_text", "skeleton", "tileset",
             "isometric", "characters", "characters.animate")
    for name in names:
        label = window.findChild(QLabel, f"{name}.cost")
        assert label is not None, name
        assert label.text().startswith("Free: offline engine (PixelLab would charge "), name
    # Create's references come from the canvas, a layer, the library or a file
    window.add_document(Document.from_image(caped(0), "hero"))
    window.findChild(QComboBox, "create.model").setCurrentText("pro (style and references)")
    references = window.findChild(QWidget, "create.references")
    for source in ("canvas", "layer", "library", "file"):
        assert references.findChild(QPushButton, f"create.reference_2.{source}"), source
    references.findChild(QPushButton, "create.reference_2.layer").click()
    assert np.array_equal(panels.panels["panel.create"].form.references.slots[1].pixels,
                          caped(0))
    shut_down(qloop, panels, backend)
