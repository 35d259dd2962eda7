"""Animate with text: reference note, chained calls against the offline engine, frames in a new
or the current document with playback, and failures that keep what was made."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from studio.api.client import PixelLabClient
from studio.api.errors import ValidationError
from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue
from studio.offline.algorithms.motion import motion_frames
from studio.ui.canvas import CanvasWidget
from studio.ui.frames_strip import FramesStrip
from studio.ui.panels.animate_panel import AnimatePanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


def character(size: int) -> np.ndarray:
    px = np.zeros((size, size, 4), np.uint8)
    s = size // 8
    px[s:7 * s, 3 * s:5 * s] = (70, 110, 220, 255)
    px[5 * s:8 * s, 3 * s:4 * s] = (40, 40, 40, 255)
    px[5 * s:8 * s, 4 * s + 1:5 * s] = (40, 40, 40, 255)
    return px


def make(qtbot, queue, library, doc):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.set_document(doc)
    strip = FramesStrip(canvas)
    qtbot.addWidget(strip)
    opened: list[Document] = []

    def open_document(new: Document) -> None:
        opened.append(new)
        canvas.set_document(new)
        strip.set_document(new)

    panel = AnimatePanel(queue, library, canvas, open_document=open_document,
                         play=lambda: strip.set_playing(True))
    qtbot.addWidget(panel)
    return panel, opened, strip


def test_chained_animation_offline_into_a_new_document(qtbot, qloop, library, offline_url):
    doc = Document.from_image(character(32), "hero")

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library)
            panel, opened, strip = make(qtbot, queue, library, doc)
            panel.form.take_reference.click()
            assert "scaled 2x" in panel.form.reference_note.text()
            qtbot.keyClicks(panel.form.description, "blue knight")
            qtbot.keyClicks(panel.form.action, "walk")
            panel.form.n_frames.setValue(8)
            panel.findChild(type(panel.generate_button), "animate.generate").click()
            await wait_for(lambda: opened, timeout=30)
            requests = [j.request for j in queue.jobs.values()]
            assert [r.start_frame_index for r in requests] == [0, 3, 4]
            assert all(r.n_frames == 8 for r in requests)
            reference = np.asarray(requests[0].reference_image.to_pil())
            expected = motion_frames(reference, "walk", 8, 0)[:4] + \
                motion_frames(reference, "walk", 8, 3)[1:] + motion_frames(reference, "walk",
                                                                           8, 4)[3:]
            sheet = opened[0]
            assert sheet.size == (64, 64) and len(sheet.frames) == 8
            for index, want in enumerate(expected):
                assert np.array_equal(sheet.composite(index), want), index
            # the second call continued from frame 3 (sent as a kept inpainting image)
            second = requests[1]
            assert np.array_equal(np.asarray(second.inpainting_images[0].to_pil()), expected[3])
            assert not np.asarray(second.mask_images[0].to_pil())[..., :3].any()  # black: keep
            assert second.inpainting_images[1:] == [None, None, None]
            # frames strip plays it
            assert strip.playing and strip.list.count() == 8
            first = sheet.current_frame
            await wait_for(lambda: sheet.current_frame != first, timeout=3)
            strip.set_playing(False)
            assert doc.size == (32, 32) and len(doc.frames) == 1  # the source is untouched
            await queue.shutdown()
    run(qloop, scenario)


def test_continue_in_the_current_document(qtbot, qloop, library, offline_url):
    frames = [(np.roll(character(64), i, axis=1), 100) for i in range(4)]
    doc = Document.from_frames(frames, "walk")

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library)
            panel, opened, strip = make(qtbot, queue, library, doc)
            panel.autoplay.setChecked(False)
            panel.form.description.setPlainText("knight")
            panel.form.action.setText("walk")
            panel.form.n_frames.setValue(8)
            panel.form.start_frame_index.setValue(4)
            panel.target.setCurrentText("Current document")
            panel.form.init_from_frames.setChecked(True)
            placed = []
            panel.frames_placed.connect(lambda d, idx: placed.append((d, idx)))
            panel.generate()
            await wait_for(lambda: placed, timeout=30)
            assert placed[0] == (doc, [4, 5, 6, 7]) and not opened
            starts = [j.request.start_frame_index for j in queue.jobs.values()]
            assert starts == [3, 4]
            first = next(iter(queue.jobs.values())).request
            assert np.array_equal(np.asarray(first.inpainting_images[0].to_pil()),
                                  doc.composite(3))
            assert first.init_images is None or first.init_images[0] is not None
            assert len(doc.frames) == 8 and not strip.playing
            doc.history.undo()  # everything placed is one step
            assert len(doc.frames) == 4
            await queue.shutdown()
    run(qloop, scenario)


@dataclass
class FailSecond:
    sent: list = field(default_factory=list)

    async def send(self, request):
        self.sent.append(request)
        await asyncio.sleep(0)
        if len(self.sent) == 2:
            raise ValidationError("action is not allowed", status=422)
        return _Frames([Image.new("RGBA", (64, 64), (i * 40, 0, 0, 255)) for i in range(4)])

    async def wait_for_job(self, job_id, **kwargs):
        raise AssertionError("synchronous endpoint")


@dataclass
class _Frames:
    images: list
    usage: None = None


def test_a_failed_call_keeps_the_frames_made_before(qtbot, qloop, library):
    client = FailSecond()
    queue = JobQueue(client, library)
    panel, opened, _ = make(qtbot, queue, library, Document.from_image(character(64)))
    panel.form.description.setPlainText("knight")
    panel.form.action.setText("dance")
    panel.form.n_frames.setValue(12)

    async def scenario():
        panel.generate()
        await wait_for(lambda: opened, timeout=10)

    run(qloop, scenario)
    assert len(client.sent) == 2 and len(opened[0].frames) == 4
    assert "action is not allowed" in panel.status.text()
    assert "4 frame(s) made before were placed" in panel.status.text()
    assert "no reference" not in panel.status.text()


def test_problems_are_said_before_sending(qtbot, library, queue):
    panel, _, _ = make(qtbot, queue, library, Document.from_image(character(48)))
    panel.form.description.setPlainText("knight")
    assert panel.generate() is None and "action" in panel.status.text()
    assert panel.form.action.styleSheet()
    panel.form.action.setText("walk")
    panel.target.setCurrentText("Current document")
    assert panel.generate() is None and "48x48" in panel.status.text()
    panel.target.setCurrentText("New document")
    panel.form.n_frames.setValue(8)
    panel.form.start_frame_index.setValue(4)
    assert panel.generate() is None and "Current document" in panel.status.text()
    panel.form.reference_mode.setCurrentText("Crop 64x64")
    assert "without scaling" in panel.form.reference_note.text()
    assert not queue.jobs
