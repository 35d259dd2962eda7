"""Tileset and isometric jobs end to end: panel -> JobQueue -> PixelLabClient -> offline engine
over loopback -> library -> preview, with real mouse painting and stamping afterwards."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from studio.api.client import PixelLabClient
from studio.core.document.document import Document
from studio.core.fileio.project import load_project_bytes, project_bytes
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from studio.core.tiles.corners import index_from_corners
from studio.core.tiles.record import GeneratedTileset, corners_label
from studio.offline.server import OfflineServer
from studio.ui.tileset.isometric_panel import IsometricPanel
from studio.ui.tileset.tileset_panel import TilesetPanel
from tests.ui.conftest import drag
from tests.ui.generation_helpers import qloop, run, wait_for  # noqa: F401
from tests.ui.tileset_helpers import cell_pixels, render_map


async def settle(queue: JobQueue) -> None:
    """Let the queue's and the panel's tasks finish before the test's event loop closes."""
    await queue.shutdown()
    for _ in range(5):
        await asyncio.sleep(0)


@pytest.fixture(scope="module")
def engine():
    server = OfflineServer(job_seconds=0.2)
    url = server.start()
    yield url
    server.stop()


@pytest.fixture
def loop(request):
    return request.getfixturevalue("qloop")


@pytest.fixture
def stack(engine, tmp_path):
    """(client, queue, library) against the offline engine."""
    library = ResultsLibrary(tmp_path / "library")
    client = PixelLabClient(token="offline-test", base_url=engine)
    queue = JobQueue(client, library, poll_interval=0.05)
    yield client, queue, library
    library.close()


def test_tileset_job_end_to_end_lands_in_the_preview_keyed_by_corners(qtbot, loop, stack):
    client, queue, library = stack
    panel = TilesetPanel(queue, library)
    qtbot.addWidget(panel)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")
    panel.form.seed.setValue(42)
    progress: list[int] = []
    panel.progress.valueChanged.connect(progress.append)

    async def scenario():
        async with client:
            assert panel.start_generation()
            await wait_for(lambda: bool(panel.tilesets), timeout=20)
            record = panel.tilesets[0]
            served = await client.get_tileset(record.tileset_id)
            await settle(queue)
            return record, served

    record, served = run(loop, scenario)
    assert "16 tiles" in panel.status.text() and progress[-1] == 1000
    job = next(iter(queue.jobs.values()))
    assert job.state.value == "done" and job.resource_id == record.tileset_id
    # Keyed by each tile's corners as the service reported them.
    for tile in served.tiles:
        index = index_from_corners({"NW": tile.corners.nw, "NE": tile.corners.ne,
                                    "SW": tile.corners.sw, "SE": tile.corners.se})
        np.testing.assert_array_equal(record.tiles[index],
                                      np.asarray(tile.image.convert("RGBA")))
    # Stored in the library, each stored image linked to its corner index.
    assert sorted(record.result_ids) == list(range(16))
    for index, result_id in record.result_ids.items():
        stored = np.asarray(library.load_image(result_id).convert("RGBA"))
        np.testing.assert_array_equal(stored, record.tiles[index])
    # The corner -> library link survives as a small manifest (e.g. in a project file).
    manifest = json.loads(json.dumps(record.to_json()))
    again = GeneratedTileset.from_json(manifest, library.load_image)
    assert again.result_ids == record.result_ids and again.label == "ocean / sand"
    for index in range(16):
        np.testing.assert_array_equal(again.tiles[index], record.tiles[index])
    with pytest.raises(ValueError, match="manifest"):
        GeneratedTileset.from_json({"lower": "a"}, library.load_image)
    # The preview shows them: paint a corner with the mouse and look at the four cells.
    view = panel.preview
    view.resize(500, 400)
    view.set_zoom(2.0)
    view.set_offset(QPointF(0, 0))
    target = view.vertex_pos(5, 4)
    drag(view, [(target.x() + 1, target.y() + 1)])
    rendered = render_map(view)
    ts = record.tile_size
    for (x, y), index in {(4, 3): 1, (5, 3): 2, (4, 4): 4, (5, 4): 8, (0, 0): 0}.items():
        np.testing.assert_array_equal(cell_pixels(rendered, x, y, ts), record.tiles[index])


def test_chained_tileset_shares_the_base_tile_and_layers(qtbot, loop, stack):
    client, queue, library = stack
    panel = TilesetPanel(queue, library)
    qtbot.addWidget(panel)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")

    async def scenario():
        async with client:
            assert panel.start_generation()
            await wait_for(lambda: len(panel.tilesets) == 1, timeout=20)
            panel.chain_from(panel.tilesets[0])
            panel.form.upper.setText("grass")
            assert panel.start_generation()
            await wait_for(lambda: len(panel.tilesets) == 2, timeout=20)
            await settle(queue)

    run(loop, scenario)
    first, second = panel.tilesets
    sent = [job.request for job in queue.jobs.values()]
    assert sent[1].lower_base_tile_id == first.upper_base_tile_id is not None
    assert second.lower_base_tile_id == first.upper_base_tile_id
    assert [r.label for r in panel.layers] == ["ocean / sand", "sand / grass"]
    view = panel.preview
    view.clear_map(1)
    view.paint_corner(3, 3, terrain=2)
    rendered = render_map(view)
    np.testing.assert_array_equal(cell_pixels(rendered, 3, 3, second.tile_size),
                                  second.tiles[8])  # grass NW corner on the sand/grass layer
    # The library labels each stored tile with its corners, and the panel linked by label.
    for record in (first, second):
        assert sorted(record.result_ids) == list(range(16))
        for index, result_id in record.result_ids.items():
            assert library.get(result_id).label == corners_label(index)
    # Reopen from the library alone (a fresh panel, e.g. after a restart).
    again = TilesetPanel(None, library)
    qtbot.addWidget(again)
    jobs = again.library_tileset_jobs()
    assert [label for _, label in jobs] == ["sand / grass", "ocean / sand"]
    again.fill_library_menu()
    assert [a.text() for a in again.library_menu.actions()] == ["sand / grass", "ocean / sand"]
    again.library_menu.actions()[1].trigger()
    reopened = again.tilesets[0]
    assert reopened.label == "ocean / sand" and reopened.result_ids == first.result_ids
    for index in range(16):
        np.testing.assert_array_equal(reopened.tiles[index], first.tiles[index])
    # Save to project: the .pxstudio keeps the tilesets and the painted map (no library needed).
    view.paint_corner(6, 2, terrain=0)
    doc = Document.new(16, 16, name="level")
    panel.document_source = lambda: doc
    assert panel.save_to_project()
    loaded = load_project_bytes(project_bytes(doc))
    fresh = TilesetPanel(document=lambda: loaded)
    qtbot.addWidget(fresh)
    qtbot.mouseClick(fresh.open_project_button, Qt.MouseButton.LeftButton)
    assert [r.label for r in fresh.layers] == ["ocean / sand", "sand / grass"]
    assert fresh.layers[1].result_ids == second.result_ids
    np.testing.assert_array_equal(fresh.preview.model.vertices, view.model.vertices)
    np.testing.assert_array_equal(render_map(fresh.preview), render_map(view))
    doc.history.undo()  # storing the map is one undo step
    assert "tileset_preview" not in doc.extras
    assert not fresh.open_from_project(doc) and "no tileset map" in fresh.status.text()
    broken = Document.new(8, 8)
    state = panel.project_state()
    state["map"]["vertices"][0][0] = 7
    broken.set_extra("tileset_preview", state)
    assert not fresh.open_from_project(broken) and "terrain" in fresh.status.text()
    assert len(fresh.layers) == 2  # the shown tilesets are kept when a load fails
    fresh.library = library
    assert fresh.open_from_library("no-such-job") is None  # a sentence, not the exception
    assert fresh.status.text().startswith("Could not reopen this tileset") and \
        "no-such-job" not in fresh.status.text() and len(fresh.layers) == 2


def test_isometric_tile_job_then_stamp_stack_and_remove_with_the_mouse(qtbot, loop, stack):
    client, queue, library = stack
    panel = IsometricPanel(queue, library)
    qtbot.addWidget(panel)
    panel.description.setText("mossy stone block")
    panel.width_spin.setValue(32)
    panel.height_spin.setValue(32)
    panel.tile_shape.setCurrentText("thick tile")
    panel.seed.setValue(5)

    async def scenario():
        async with client:
            assert panel.start_generation()
            await wait_for(lambda: bool(panel.grid.tiles), timeout=20)
            await settle(queue)

    run(loop, scenario)
    job = next(iter(queue.jobs.values()))
    assert job.request.isometric_tile_shape == "thick tile"
    stored = np.asarray(library.load_image(job.result_ids[0]).convert("RGBA"))
    assert stored.shape == (32, 32, 4)
    grid = panel.grid
    grid.resize(700, 600)
    centre = grid.cell_centre((2, 3))
    drag(grid, [(centre.x(), centre.y())])
    assert grid.height_at((2, 3)) == 1
    top = grid.cell_centre((2, 3))
    drag(grid, [(top.x(), top.y())], modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert grid.height_at((2, 3)) == 2
    assert grid.cell_centre((2, 3)).y() < top.y()  # the top face rose
    top = grid.cell_centre((2, 3))
    drag(grid, [(top.x(), top.y())], button=Qt.MouseButton.RightButton)
    assert grid.height_at((2, 3)) == 1
    assert grid.stacks == {(2, 3): [0]}


@pytest.mark.parametrize("when", ["at once", "while waiting"])
def test_cancelling_a_tileset_job_is_reported_and_nothing_is_added(qtbot, loop, stack, when):
    client, queue, library = stack
    panel = TilesetPanel(queue, library)
    qtbot.addWidget(panel)
    panel.form.lower.setText("ocean")
    panel.form.upper.setText("sand")

    async def scenario():
        async with client:
            assert panel.start_generation()
            job = next(iter(queue.jobs.values()))
            if when == "while waiting":
                await wait_for(lambda: job.state.value == "waiting", timeout=10)
            assert panel.cancel.isEnabled()
            panel.cancel.click()
            await wait_for(lambda: panel.generate.isEnabled(), timeout=10)
            await settle(queue)
            return job

    job = run(loop, scenario)
    assert panel.status.text().startswith("Cancelled")
    assert panel.tilesets == [] and not panel.runner.busy and not panel.cancel.isEnabled()
    if when == "while waiting":
        assert job.state.value == "cancelled"
