"""Rotate panel: compass pickers, single rotations and direction sheets, against the offline
engine (mirror directions work, others show the engine's message) and a parallel fake."""

from __future__ import annotations

import asyncio

import numpy as np
from PIL import Image

from studio.api.client import PixelLabClient
from studio.api.errors import ValidationError
from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue, JobState
from studio.core.workflows.placement import make_place_image
from studio.core.workflows.rotate_sheet import FRAME_NAMES_KEY
from studio.ui.canvas import CanvasWidget
from studio.ui.panels.rotate_panel import RotatePanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import ImageAnswer, run, wait_for

APPROXIMATION = "Approximation: the offline engine did not draw this sprite"


def facing_east(size: int = 32) -> Document:
    px = np.zeros((size, size, 4), np.uint8)
    px[8:28, 10:20] = (60, 90, 200, 255)
    px[10:14, 20:26] = (240, 200, 40, 255)  # a nose pointing east
    return Document.from_image(px, "hero")


def make(qtbot, queue, library, doc):
    canvas = CanvasWidget()
    qtbot.addWidget(canvas)
    canvas.set_document(doc)
    opened: list[Document] = []
    panel = RotatePanel(queue, library, canvas,
                        place_image=make_place_image(lambda: canvas.document, opened.append),
                        open_document=opened.append)
    qtbot.addWidget(panel)
    return panel, opened


def test_compass_pickers_choose_one_direction(qtbot, library, queue):
    panel, _ = make(qtbot, queue, library, facing_east())
    picker = panel.findChild(type(panel.form.from_direction), "rotate.from_direction")
    assert picker is panel.form.from_direction and picker.direction() is None
    picker.click("east")
    assert picker.direction() == "east"
    picker.click("north-west")
    assert picker.direction() == "north-west"
    picker.click("north-west")  # clicking the chosen one again clears it
    assert picker.direction() is None


def test_mirror_and_approximate_rotation_offline(qtbot, qloop, library, offline_url):
    doc = facing_east()
    source = doc.composite(0)

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library)
            panel, opened = make(qtbot, queue, library, doc)
            panel.form.from_direction.click("east")
            panel.form.to_direction.click("west")
            job = panel.generate()
            await wait_for(lambda: opened, timeout=20)
            assert job.state is JobState.DONE
            assert np.array_equal(opened[0].composite(0), source[:, ::-1])
            assert "west" in opened[0].name
            panel.form.to_direction.click("north")
            job = panel.generate()
            await wait_for(lambda: len(opened) == 2, timeout=20)
            assert job.state is JobState.DONE and "north" in opened[1].name
            assert (opened[1].composite(0)[..., 3] > 0).sum() > 100
            assert APPROXIMATION in panel.status.text() and "north view" in job.note
            assert np.array_equal(doc.composite(0), source) and len(doc.frames) == 1
            await queue.shutdown()
    run(qloop, scenario)


def test_direction_sheet_offline(qtbot, qloop, library, offline_url):
    doc = facing_east()
    source = doc.composite(0)

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library)
            panel, opened = make(qtbot, queue, library, doc)
            panel.form.from_direction.click("east")
            panel.sheet_count.setCurrentText("4 directions")
            jobs = panel.make_sheet()
            sent = sorted((j.request.from_direction, j.request.to_direction) for j in jobs)
            assert sent == [("east", "north"), ("east", "south"), ("east", "west")]
            await wait_for(lambda: opened, timeout=20)
            sheet = opened[0]
            assert sheet.extras[FRAME_NAMES_KEY] == ["south", "east", "north", "west"]
            assert np.array_equal(sheet.composite(1), source)
            assert np.array_equal(sheet.composite(3), source[:, ::-1])
            for index in (0, 2):
                assert (sheet.composite(index)[..., 3] > 0).sum() > 100
            view = panel.sheet_view
            for direction in ("south", "north", "west"):
                assert "Approximation" in view.compass.cells[direction].toolTip()
                assert view.compass.cells[direction].caption.text().endswith("approximated")
            assert sorted(view.approximated) == ["north", "south", "west"]
            assert "approximated" in panel.status.text() and panel.sheet_button.isEnabled()
            # the source document is kept as is
            assert len(doc.frames) == 1 and np.array_equal(doc.composite(0), source)
            await queue.shutdown()
    run(qloop, scenario)


class ParallelClient:
    """Answers each rotation with a colour per direction, after a short pause; refuses the
    ``refused`` directions with a 422 like the live service's."""

    def __init__(self, refused: tuple[str, ...] = ()) -> None:
        self.sent, self.in_flight, self.max_in_flight = [], 0, 0
        self.refused = refused

    async def send(self, request):
        self.sent.append(request)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        await asyncio.sleep(0.05)
        self.in_flight -= 1
        if request.to_direction in self.refused:
            raise ValidationError(f"Cannot rotate to {request.to_direction}", status=422)
        w, h = request.image_size.as_tuple()
        shade = 20 * (len(request.to_direction) + 1)
        return ImageAnswer(Image.new("RGBA", (w, h), (shade, 0, 0, 255)))

    async def wait_for_job(self, job_id, **kwargs):
        raise AssertionError("rotate is synchronous")


def test_eight_direction_sheet_in_parallel(qtbot, qloop, library):
    client = ParallelClient()
    queue = JobQueue(client, library)
    doc = facing_east()
    panel, opened = make(qtbot, queue, library, doc)
    panel.form.from_direction.click("south")
    panel.form.direction_change.setValue(90)
    panel.sheet_count.setCurrentText("8 directions")

    async def scenario():
        assert len(panel.make_sheet()) == 7, panel.status.text()
        assert not panel.sheet_button.isEnabled()
        await wait_for(lambda: opened, timeout=10)

    run(qloop, scenario)
    assert len(client.sent) == 7 and client.max_in_flight == 7
    assert all(r.from_direction == "south" and r.direction_change is None for r in client.sent)
    sheet = opened[0]
    assert sheet.extras[FRAME_NAMES_KEY] == ["south", "south-east", "east", "north-east",
                                             "north", "north-west", "west", "south-west"]
    assert int(sheet.composite(2)[0, 0, 0]) == 20 * (len("east") + 1)


def test_sheet_shows_refused_directions(qtbot, qloop, library):
    queue = JobQueue(ParallelClient(refused=("north", "south")), library)
    panel, opened = make(qtbot, queue, library, facing_east())
    panel.form.from_direction.click("east")
    panel.sheet_count.setCurrentText("4 directions")

    async def scenario():
        panel.make_sheet()
        await wait_for(lambda: opened, timeout=10)

    run(qloop, scenario)
    assert opened[0].extras[FRAME_NAMES_KEY] == ["east", "west"]
    view = panel.sheet_view
    for direction in ("south", "north"):
        assert f"Cannot rotate to {direction}" in view.compass.cells[direction].toolTip()
        assert view.compass.cells[direction].caption.text().endswith("failed")
    assert "Cannot rotate to north" in view.failures.text()
    assert "missing: " in panel.status.text() and panel.sheet_button.isEnabled()


def test_problems_are_said_before_sending(qtbot, library, queue):
    panel, _ = make(qtbot, queue, library, facing_east())
    assert panel.make_sheet() == [] and "direction the sprite faces" in panel.status.text()
    panel.form.mask_image.set_pixels(np.zeros((32, 32, 4), np.uint8), "test")
    assert panel.form.mask_hint.isVisibleTo(panel)
    assert panel.generate() is None and "init image" in panel.status.text()
    panel.form.init_image.buttons["Canvas"].click()
    assert not panel.form.mask_hint.isVisibleTo(panel)
    big = RotatePanel(queue, library, CanvasWidget(), place_image=lambda *a: None,
                      open_document=lambda d: None)
    qtbot.addWidget(big)
    big.canvas.set_document(Document.new(300, 40))
    assert big.generate() is None and "300x40" in big.status.text()
    assert not queue.jobs
