"""Animate panel, keyframes mode, through the real widgets against the offline engine:
in-betweens inserted between the first and last frame as results under review, one undo step,
at a size the text mode cannot do, with the expected cost shown before sending."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.test_animate_panel import character, make


def test_keyframes_insert_inbetweens_under_review(qtbot, qloop, library, offline_url):
    first = character(96)
    last = np.roll(first, 12, axis=1)
    doc = Document.from_frames([(first, 100), (last, 100)], "swing")

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library, poll_interval=0.2)
            panel, _opened, _strip = make(qtbot, queue, library, doc)
            panel.show()
            mode = panel.findChild(QComboBox, "animate.mode")
            mode.setCurrentIndex(1)
            assert panel.findChild(QSpinBox, "animate.first_frame").value() == 1
            assert panel.findChild(QSpinBox, "animate.last_frame").value() == 2
            count = panel.findChild(QSpinBox, "animate.frame_count")
            count.setValue(4)
            cost = panel.findChild(QLabel, "animate.cost")
            # 96x96 x 4 frames: ceil(9216 * 4 / 65536) = 1 generation; 16 frames: 3
            assert cost.text() == "Expected: about $0.0223 · 1 generation"
            count.setValue(16)
            assert cost.text().endswith("· 3 generations")
            count.setValue(4)
            qtbot.keyClicks(panel.keyframes.action, "step right")
            button = panel.findChild(QPushButton, "animate.generate")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            await wait_for(lambda: len(doc.frames) == 5, timeout=30)
            job = next(iter(queue.jobs.values()))
            assert job.endpoint == "animate_with_text_v3"
            assert len(library.results_for_job(job.id)) == 5  # frame_count + 1, all kept
            assert np.array_equal(doc.composite(0), first)
            assert np.array_equal(doc.composite(4), last)
            for index in (1, 2, 3):
                kinds = [layer.kind for layer in doc.frames[index].layers]
                assert kinds == ["image", "ai"]  # under review, the artist's layer empty
                centre = np.nonzero(doc.composite(index)[..., 3])[1].mean()
                assert np.nonzero(first[..., 3])[1].mean() <= centre
            assert doc.current_frame == 1
            assert "3 in-between(s) inserted" in panel.status.text()
            assert panel.keyframes.last_frame.value() == 5  # follows the moved last frame
            assert job.description == "step right"
            doc.history.undo()  # one undo step takes all of them out
            assert len(doc.frames) == 2
            await queue.shutdown()
    run(qloop, scenario)


def test_keyframes_refused_before_sending(qtbot, qloop, library, offline_url):
    doc = Document.from_frames([(character(256), 100), (character(256), 100)], "big")

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library, poll_interval=0.2)
            panel, _opened, _strip = make(qtbot, queue, library, doc)
            panel.mode.setCurrentIndex(1)
            panel.keyframes.frame_count.setValue(16)
            qtbot.keyClicks(panel.keyframes.action, "spin")
            panel.generate_button.click()
            assert "budget" in panel.status.text() and "at most 8 frames" in panel.status.text()
            assert "Value error" not in panel.status.text()
            assert not queue.jobs  # nothing journalled, nothing sent
            doc.current_frame = 0  # the frame selected in the Frames strip
            panel.findChild(QPushButton, "animate.last_from_strip").click()
            assert panel.keyframes.last_frame.value() == 1
            doc.current_frame = 1
            panel.findChild(QPushButton, "animate.first_from_strip").click()
            assert panel.keyframes.first_frame.value() == 2
            panel.keyframes.frame_count.setValue(8)
            panel.generate_button.click()
            assert "must come after the first frame" in panel.status.text()
            assert not queue.jobs
            await queue.shutdown()
    run(qloop, scenario)
