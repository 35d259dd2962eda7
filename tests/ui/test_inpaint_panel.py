"""Inpaint panel: paint a mask with the mouse, generate against the offline engine, review the
result layer (before/after), accept only the masked pixels (one undo step) or reject it."""

from __future__ import annotations

import asyncio

import numpy as np
from PIL import Image

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue, JobState
from studio.ui.canvas import CanvasWidget
from studio.ui.panels.inpaint_panel import InpaintPanel
from tests.ui.conftest import drag
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import ImageAnswer, run, wait_for


def sprite_document(w: int, h: int) -> Document:
    px = np.zeros((h, w, 4), np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    body = (xx - w / 2) ** 2 / (w / 3) ** 2 + (yy - h / 2) ** 2 / (h / 3) ** 2 < 1
    px[body] = (40, 120, 200, 255)
    px[body & (xx % 4 == 0)] = (230, 200, 60, 255)
    return Document.from_image(px, "sprite")


def make(qtbot, queue, library, doc) -> tuple[CanvasWidget, InpaintPanel]:
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.resize(600, 500)
    canvas.set_document(doc)
    panel = InpaintPanel(queue, library, canvas)
    qtbot.addWidget(panel)
    return canvas, panel


def paint(canvas: CanvasWidget, points: list[tuple[int, int]], size: int = 5) -> None:
    canvas.set_tool("mask.brush")
    canvas.mask_settings.size = size
    drag(canvas, [canvas.viewport.to_screen(x + 0.5, y + 0.5) for x, y in points])


def test_offline_inpaint_review_and_accept(qtbot, qloop, tmp_path, library, offline_url):
    doc = sprite_document(40, 40)
    original = doc.frames[0].layers[0].pixels.copy()

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library)
            canvas, panel = make(qtbot, queue, library, doc)
            canvas.set_view(8, 0, 0)
            paint(canvas, [(14, 14), (24, 16)])
            mask = doc.frames[0].mask.copy()
            qtbot.keyClicks(panel.form.description, "a golden belt")
            panel.generate_button.click()
            await wait_for(lambda: panel.review_bar.review is not None, timeout=20)
            layers = doc.frames[0].layers
            assert len(layers) == 2 and layers[1].kind == "ai"
            sent = queue.jobs[next(iter(queue.jobs))].request
            assert sent.image_size.as_tuple() == (40, 40) and not panel.note.isVisible()
            sent_mask = np.asarray(sent.mask_image.to_pil())
            assert set(np.unique(sent_mask)) == {0, 255}
            assert np.array_equal(sent_mask[..., 0] == 255, mask > 0)
            # before / after switches what the canvas shows, without an undo step
            steps = doc.history.undo_count
            with_result = doc.composite(0)
            panel.review_bar.before_after.click()
            assert np.array_equal(doc.composite(0), original)
            panel.review_bar.before_after.click()
            assert np.array_equal(doc.composite(0), with_result)
            assert doc.history.undo_count == steps
            panel.review_bar.before_after.click()  # accept while showing the original
            panel.review_bar.findChild(type(panel.review_bar.accept_button), "accept").click()
            merged = doc.frames[0].layers[0].pixels
            assert len(doc.frames[0].layers) == 1
            assert np.array_equal(merged[mask == 0], original[mask == 0])
            assert np.array_equal(merged[mask > 0], layers[0].pixels[mask > 0])
            assert not panel.review_bar.isVisible()
            doc.history.undo()
            assert len(doc.frames[0].layers) == 2
            await queue.shutdown()
    run(qloop, scenario)


def test_large_sprite_sends_a_crop_and_pastes_it_back(qtbot, qloop, library, offline_url):
    doc = sprite_document(260, 230)

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library)
            canvas, panel = make(qtbot, queue, library, doc)
            panel.show()
            canvas.set_view(2, 0, 0)
            paint(canvas, [(220, 200), (240, 205)], size=7)
            panel.refresh_note()
            assert panel.note.isVisible() and "crop" in panel.note.text()
            assert panel.form.size.text() == "200x200"
            assert panel.crop_outline.rect == (60, 30, 200, 200)  # drawn on the canvas
            panel.form.description.setPlainText("a shield")
            job = panel.generate()
            assert job is not None and job.request.image_size.as_tuple() == (200, 200)
            assert "crop" in panel.status.text()
            await wait_for(lambda: panel.review_bar.review is not None, timeout=20)
            layer = doc.frames[0].layers[1].pixels
            crop_x, crop_y = 60, 30  # centred on the mask, kept inside the image
            assert not layer[:crop_y].any() and not layer[:, :crop_x].any()
            answer = np.asarray(library.load_image(job.result_ids[0]).convert("RGBA"))
            assert np.array_equal(layer[crop_y:, crop_x:], answer)
            await queue.shutdown()
    run(qloop, scenario)


class SolidClient:
    """Answers every inpaint with one solid colour over the whole image."""

    def __init__(self) -> None:
        self.sent = []

    async def send(self, request):
        self.sent.append(request)
        await asyncio.sleep(0)
        w, h = request.image_size.as_tuple()
        return ImageAnswer(Image.new("RGBA", (w, h), (255, 0, 255, 255)))

    async def wait_for_job(self, job_id, **kwargs):
        raise AssertionError("inpaint is synchronous")


def test_accept_merges_only_masked_pixels_and_reject_discards(qtbot, qloop, library):
    doc = sprite_document(32, 32)
    original = doc.frames[0].layers[0].pixels.copy()
    client = SolidClient()
    queue = JobQueue(client, library)
    canvas, panel = make(qtbot, queue, library, doc)
    canvas.set_view(4, 0, 0)
    paint(canvas, [(5, 5)], size=3)
    mask = doc.frames[0].mask.copy()
    panel.form.description.setPlainText("x")

    async def generate_and_wait():
        panel.generate()
        await wait_for(lambda: panel.review_bar.review is not None)

    run(qloop, generate_and_wait)
    assert (doc.frames[0].layers[1].pixels == (255, 0, 255, 255)).all()
    panel.review_bar.reject_button.click()
    assert len(doc.frames[0].layers) == 1
    assert np.array_equal(doc.frames[0].layers[0].pixels, original)
    run(qloop, generate_and_wait)
    panel.review_bar.accept_button.click()
    merged = doc.frames[0].layers[0].pixels
    assert (merged[mask > 0] == (255, 0, 255, 255)).all()
    assert np.array_equal(merged[mask == 0], original[mask == 0])
    assert int((mask > 0).sum()) == 9
    assert all(j.state is JobState.DONE for j in queue.jobs.values())


def test_problems_are_explained_before_sending(qtbot, library):
    client = SolidClient()
    queue = JobQueue(client, library)
    doc = sprite_document(24, 24)
    canvas, panel = make(qtbot, queue, library, doc)
    panel.form.description.setPlainText("a hat")
    assert panel.generate() is None and "mask is empty" in panel.status.text()
    canvas.set_view(4, 0, 0)
    paint(canvas, [(3, 3)])
    panel.form.description.setPlainText("")
    assert panel.generate() is None and "description" in panel.status.text()
    assert panel.form.description.styleSheet()  # marked next to the widget
    panel.form.description.setPlainText("a hat")
    panel.form.init_image.set_pixels(np.zeros((5, 5, 4), np.uint8), "test")
    assert panel.generate() is None and "init image is 5x5" in panel.status.text()
    assert not queue.jobs and not client.sent


def test_crop_note_follows_document_and_frame(qtbot, library):
    queue = JobQueue(SolidClient(), library)
    big = sprite_document(300, 120)
    big.duplicate_frame(0)
    canvas, panel = make(qtbot, queue, library, big)
    canvas.set_view(1, 0, 0)
    paint(canvas, [(280, 60)], size=9)
    qtbot.waitUntil(lambda: panel.note.isVisibleTo(panel))
    assert "300x120" in panel.note.text() and panel.crop_outline.rect == (100, 0, 200, 120)
    canvas.set_document(sprite_document(30, 30))
    assert not panel.note.isVisibleTo(panel) and panel.crop_outline.rect is None
    assert panel.form.size.text().startswith("30x30")
    canvas.set_document(big)
    assert panel.note.isVisibleTo(panel)
    big.current_frame = 1  # the duplicated frame has no mask
    qtbot.waitUntil(lambda: not panel.note.isVisibleTo(panel))
    big.frames[0].mask[:] = 0
    big.current_frame = 0
    qtbot.waitUntil(lambda: "paint a mask" in panel.form.size.text())
