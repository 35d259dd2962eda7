"""End to end over loopback: the Create panel, the real client and the offline engine.

Fill the panel, generate 4 variants, wait, put one on the canvas (a new layer, undoable), find it
in the library with its cost. A server answering 401 makes the panel ask for the settings.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from PySide6.QtCore import Qt

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from studio.core.workflows.placement import make_place_image
from studio.offline.server import OfflineServer
from studio.ui.panels.create_panel import CreatePanel
from studio.ui.panels.library_panel import LibraryPanel
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures
from tests.ui.generation_helpers import run, wait_for


@pytest.fixture(scope="module")
def offline_url():
    server = OfflineServer(job_seconds=0.2)
    yield server.start()
    server.stop()


class _Unauthorized(BaseHTTPRequestHandler):
    def _deny(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b'{"detail": "Invalid API token"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _deny

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def unauthorized_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v2"
    server.shutdown()
    server.server_close()


def make_panel(qtbot, client, tmp_path, documents):
    library = ResultsLibrary(tmp_path / "lib")
    queue = JobQueue(client, library)
    place = make_place_image(lambda: documents[0] if documents else None, documents.append)
    panel = CreatePanel(queue, library, get_canvas_image=lambda: documents[0].composite(0),
                        place_image=place)
    qtbot.addWidget(panel)
    return panel, queue, library


def test_generate_four_variants_offline_and_place_one(qtbot, qloop, tmp_path, offline_url):
    documents = [Document.new(32, 32, name="sprite")]

    async def scenario():
        async with PixelLabClient(token="e2e-offline-token", base_url=offline_url) as client:
            panel, queue, library = make_panel(qtbot, client, tmp_path, documents)
            reported = {}
            real_send = client.send

            async def spy_send(request, *args, **kwargs):
                response = await real_send(request, *args, **kwargs)
                reported[request.seed] = response.usage.usd if response.usage else None
                return response

            client.send = spy_send
            qtbot.keyClicks(panel.form.description, "blue potion bottle")
            panel.form.set_size(32, 32)
            panel.form.variants.setValue(4)
            panel.form.no_background.setChecked(True)
            panel.generate_button.click()
            await wait_for(lambda: panel.variants_view.list.count() == 4, timeout=30)
            assert all(j.state is JobState.DONE for j in queue.jobs.values())
            seeds = {library.get(rid).seed for rid in panel.variants_view.result_ids()}
            assert len(seeds) == 4
            # one click puts a variant on the canvas as a new layer, one undo step
            item = panel.variants_view.list.item(1)
            panel.variants_view.list.itemClicked.emit(item)
            doc = documents[0]
            assert len(doc.frames[0].layers) == 2 and doc.frames[0].layers[1].kind == "ai"
            record = library.get(item.data(Qt.ItemDataRole.UserRole))
            expected = np.asarray(library.load_image(record.id))
            assert np.array_equal(doc.frames[0].layers[1].pixels, expected)
            doc.history.undo()
            assert len(doc.frames[0].layers) == 1
            # ... and it is in the library, with its cost
            browser = LibraryPanel(library, place_image=lambda *a: None, queue=queue)
            qtbot.addWidget(browser)
            browser.search.setText("potion")
            browser.apply_filter()
            assert browser.model.rowCount() == 4
            assert len(reported) == 4 and all(v is not None for v in reported.values())
            for row in range(4):
                stored = browser.model.record(row)
                assert stored.cost_usd == pytest.approx(reported[stored.seed])
            browser.select_row(0)
            first = browser.model.record(0)
            assert f"cost ${first.cost_usd:.3f}" in browser.details.text()
            await queue.shutdown()
            library.close()
    run(qloop, scenario)


def test_invalid_token_opens_the_settings_prompt(qtbot, qloop, tmp_path, unauthorized_url):
    documents = [Document.new(16, 16)]

    async def scenario():
        bad_token = "e2e-invalid-token-value"
        async with PixelLabClient(token=bad_token, base_url=unauthorized_url) as client:
            panel, queue, library = make_panel(qtbot, client, tmp_path, documents)
            prompts = []
            panel.settings_requested.connect(lambda: prompts.append(True))
            panel.form.description.setPlainText("tree")
            panel.form.variants.setValue(1)
            [job] = panel.generate()
            await wait_for(lambda: job.state.is_final, timeout=15)
            assert job.state is JobState.FAILED
            assert prompts and "401" in panel.status.text()
            assert library.count() == 0
            library.close()
    run(qloop, scenario)
