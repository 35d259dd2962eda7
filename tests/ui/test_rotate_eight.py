"""Rotate panel, "8 rotations": one call fills the 8-direction sheet, each image placed by its
direction label (not by its position), against the offline engine and a service that answers
in another order."""

from __future__ import annotations

import base64
import io
import json

import httpx
import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from studio.api.client import PixelLabClient
from studio.core.jobs.queue import JobQueue
from studio.core.workflows.newer_tools import SHEET_ORDER
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for
from tests.ui.test_rotate_panel import facing_east, make


def test_eight_rotations_offline_fill_the_sheet(qtbot, qloop, library, offline_url):
    doc = facing_east(48)
    source = doc.composite(0)

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url) as client:
            queue = JobQueue(client, library, poll_interval=0.2)
            panel, opened = make(qtbot, queue, library, doc)
            cost = panel.findChild(QLabel, "rotate.cost")
            assert "8 rotations about $0.03" in cost.text()
            qtbot.mouseClick(panel.findChild(QPushButton, "rotate.eight"),
                             Qt.MouseButton.LeftButton)
            await wait_for(lambda: opened, timeout=30)
            [job] = queue.jobs.values()
            assert job.endpoint == "generate_8_rotations_v3" and len(queue.jobs) == 1
            sheet = opened[0]
            assert [f.layers[0].name for f in sheet.frames] == list(SHEET_ORDER)
            assert np.array_equal(sheet.composite(0), source)  # south is the input
            east, west = sheet.composite(2), sheet.composite(6)
            assert np.array_equal(west, east[:, ::-1])
            assert "placed by their labels" in panel.status.text()
            assert len(doc.frames) == 1  # the source is untouched
            await queue.shutdown()
    run(qloop, scenario)


def _png(colour: tuple[int, int, int, int]) -> str:
    buf = io.BytesIO()
    Image.new("RGBA", (32, 32), colour).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


V2_ORDER = ["S", "SW", "W", "NW", "N", "NE", "E", "SE"]


def test_directions_come_from_labels_not_positions(qtbot, qloop, library):
    shades = {label: (index * 30, 100, 200 - index * 20, 255)
              for index, label in enumerate(V2_ORDER)}
    posts = []

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(json.loads(request.content))
            return httpx.Response(200, json={"background_job_id": "r1", "status": "processing"})
        images = [{"type": "base64", "base64": _png(shades[d]), "format": "png", "direction": d}
                  for d in V2_ORDER]
        return httpx.Response(200, json={"id": "r1", "status": "completed",
                                         "last_response": {"images": images}})

    async def scenario():
        async with PixelLabClient(token="t", base_url="https://api.test.invalid/v2",
                                  transport=httpx.MockTransport(service)) as client:
            queue = JobQueue(client, library, poll_interval=0.0)
            panel, opened = make(qtbot, queue, library, facing_east(32))
            panel.eight_button.click()
            await wait_for(lambda: opened, timeout=10)
            sheet = opened[0]
            short = dict(zip(SHEET_ORDER, ["S", "SE", "E", "NE", "N", "NW", "W", "SW"],
                             strict=True))
            for index, direction in enumerate(SHEET_ORDER):
                assert sheet.frames[index].layers[0].name == direction
                assert tuple(sheet.composite(index)[0, 0]) == shades[short[direction]]
            assert len(posts) == 1 and set(posts[0]) == {"first_frame"}
            await queue.shutdown()
    run(qloop, scenario)
