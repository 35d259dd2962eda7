"""Library panel: paging, lazy thumbnails, search/filter, reopen, copy params, export, delete."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from studio.ui.panels.library_model import LOADING, LibraryModel, placeholder_icon
from studio.ui.panels.library_panel import LibraryPanel
from tests.core.jobs_fakes import solid
from tests.core.test_library import fill
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures


def store(library, job_id, description, endpoint, color, seed=1):
    library.journal_request(job_id, endpoint, {"description": description, "seed": seed,
                                               "image_size": {"width": 16, "height": 16}})
    return library.store_result(job_id, solid(color), cost_usd=0.02)


def test_model_knows_every_row_and_reads_pages_and_thumbnails_lazily(qapp, library):
    fill(library, 1000)
    model = LibraryModel(library, page_size=100)
    assert model.rowCount() == 1000  # the view lays the grid out once, for every row
    assert model.pages_read == 1 and model.is_loaded(99) and not model.is_loaded(100)
    assert model.thumbnails_loaded == 0
    model.index(5).data(Qt.ItemDataRole.DecorationRole)
    model.index(5).data(Qt.ItemDataRole.DecorationRole)
    assert model.thumbnails_loaded == 1
    assert model.index(950).data(Qt.ItemDataRole.DisplayRole).endswith("number 49")
    assert model.pages_read == 2  # only the page of the row asked for (offset 900)
    ids = [model.record(r).id for r in range(1000)]
    assert len(set(ids)) == 1000 and model.pages_read == 10
    assert ids == [r.id for r in library.search(limit=1000)]  # newest first, as the library
    model.set_filter("dragon", "rotate")
    assert model.rowCount() == model.total() == library.count("dragon", "rotate")
    assert "cost $0.010" in model.index(0).data(Qt.ItemDataRole.ToolTipRole)


def test_in_the_app_loop_pages_and_thumbnails_are_read_in_worker_threads(qtbot, qloop,
                                                                         library):
    import asyncio
    import threading

    fill(library, 1000)
    panel = LibraryPanel(library, place_image=lambda *_: None)
    panel.model.page_size = 100
    panel.model.refresh()
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    model, bar = panel.model, panel.view.verticalScrollBar()
    readers = set()
    search = library.search
    library.search = lambda *a, **k: readers.add(threading.current_thread()) or search(*a, **k)
    changed = []
    model.dataChanged.connect(lambda first, last, *_: changed.append((first.row(), last.row())))
    inserted = []
    model.rowsInserted.connect(lambda *args: inserted.append(args))

    async def scroll_to_the_end() -> None:
        first = model.index(0).data(Qt.ItemDataRole.DecorationRole)
        assert first.cacheKey() == placeholder_icon().cacheKey()  # nothing decoded here
        assert model.index(500).data(Qt.ItemDataRole.DisplayRole) == LOADING  # read later
        while not model.is_loaded(500):
            await asyncio.sleep(0.01)
        bar.setValue(bar.maximum())
        def has_thumbnail(row: int) -> bool:
            icon = model.index(row).data(Qt.ItemDataRole.DecorationRole)
            return icon is not None and icon.cacheKey() != placeholder_icon().cacheKey()

        while not has_thumbnail(999):
            await asyncio.sleep(0.01)

    qloop.run_until_complete(asyncio.wait_for(scroll_to_the_end(), 30))
    assert threading.main_thread() not in readers and readers  # ...from a worker thread
    assert (500, 599) in changed and not inserted  # announced in place: no relayout
    assert not model.is_loaded(300)  # the view jumped to the end: rows between never read
    assert len({model.record(r).id for r in range(1000)}) == 1000
    assert model.thumbnails_loaded >= 2
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole).cacheKey() != \
        placeholder_icon().cacheKey()
    # every row has room for its thumbnail, also those painted before it arrived
    assert panel.view.visualRect(model.index(0)).height() >= 48


def test_panel_actions(qtbot, library, tmp_path):
    placed = []
    a = store(library, "a", "blue gem", "create_image_pixflux", (0, 0, 255, 255), seed=5)
    store(library, "b", "red apple", "create_image_bitforge", (255, 0, 0, 255))
    panel = LibraryPanel(library, place_image=lambda p, m, n: placed.append((p, m, n)))
    qtbot.addWidget(panel)
    copied = []
    panel.params_requested.connect(lambda ep, params: copied.append((ep, params)))
    assert panel.model.rowCount() == 2
    assert panel.tool.count() == 3  # all + two tools
    panel.tool.setCurrentText("create_image_pixflux")
    assert panel.model.rowCount() == 1
    panel.tool.setCurrentText("All tools")
    panel.search.setText("gem")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    assert not panel.buttons["open"].isEnabled()
    panel.select_row(0)
    assert "blue gem" in panel.details.text() and "$0.020" in panel.details.text()
    panel.buttons["open"].click()
    pixels, mode, name = placed[-1]
    assert mode == "document" and tuple(pixels[0, 0]) == (0, 0, 255, 255) and name == "blue gem"
    panel.buttons["layer"].click()
    assert placed[-1][1] == "layer"
    panel.buttons["copy_params"].click()
    assert copied == [("create_image_pixflux", a.params)]
    out = panel.export(a.id, tmp_path / "gem.png")
    assert Image.open(out).getpixel((1, 1)) == (0, 0, 255, 255)
    assert panel.export(9999, tmp_path / "none.png") is None
    assert panel.details.text() == "Not exported: no result with id 9999."
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert panel.export(a.id, blocked / "gem.png") is None  # the folder is a file
    assert panel.details.text().startswith("Not exported. Pixel Studio could not write to "
                                           "the chosen folder")
    assert "Errno" not in panel.details.text()
    panel.buttons["delete"].click()
    panel.dialog.button(QMessageBox.StandardButton.No).click()
    assert library.count() == 2
    panel.buttons["delete"].click()
    panel.dialog.button(QMessageBox.StandardButton.Yes).click()
    assert library.count() == 1 and panel.model.rowCount() == 0
    assert not a.image_path.exists()


def test_applying_the_filter_cancels_the_pending_debounced_search(qtbot, library):
    """A search applied at once must not run again 200 ms later (e.g. after the library closed)."""
    store(library, "a", "blue gem", "create_image_pixflux", (0, 0, 255, 255))
    panel = LibraryPanel(library, place_image=lambda *a: None)
    qtbot.addWidget(panel)
    panel.search.setText("gem")
    assert panel._search_timer.isActive()
    panel.apply_filter()
    assert not panel._search_timer.isActive() and panel.model.rowCount() == 1


def test_small_thumbnails_are_enlarged_with_whole_pixels(qapp):
    from studio.core.jobs.library_store import thumbnail_png
    from studio.ui.panels.library_model import THUMB_SIZE, thumbnail_image

    sprite = Image.new("RGBA", (16, 8), (0, 0, 0, 0))
    sprite.putpixel((3, 2), (255, 0, 0, 255))
    image = thumbnail_image(thumbnail_png(sprite))
    factor = THUMB_SIZE // 16
    assert (image.width(), image.height()) == (16 * factor, 8 * factor)
    block = {image.pixelColor(3 * factor + dx, 2 * factor + dy).red()
             for dx in range(factor) for dy in range(factor)}
    assert block == {255}  # the whole enlarged pixel, no blur at its edges
    assert image.pixelColor(4 * factor, 2 * factor).alpha() == 0
    big = thumbnail_image(thumbnail_png(Image.new("RGBA", (200, 100), (9, 9, 9, 255))))
    assert big.width() == 64  # the stored 64 px thumbnail; the icon shrinks it to fit


def test_the_chosen_result_stays_chosen_when_new_results_arrive(qtbot, library):
    """A refresh (a result was stored) or another filter keeps the chosen result selected and
    its details shown, wherever it now stands; filtered out, nothing is chosen."""
    fill(library, 500)
    panel = LibraryPanel(library, place_image=lambda *_: None)
    qtbot.addWidget(panel)
    panel.resize(600, 500)
    panel.show()
    panel.select_row(321)
    chosen = panel.selected()
    details = panel.details.text()
    for i in range(3):  # three new results, newest first: the chosen one moves down
        store(library, f"new{i}", f"fresh gem {i}", "create_image_pixflux", (9, 9, 9, 255))
    panel.refresh()
    assert panel.selected().id == chosen.id and panel.details.text() == details
    assert panel.view.currentIndex().row() == 324
    assert library.position(chosen.id) == 324
    panel.search.setText(chosen.description)
    panel.apply_filter()
    assert panel.selected().id == chosen.id  # still shown by the search
    assert library.position(chosen.id, "fresh") is None
    panel.search.setText("fresh")
    panel.apply_filter()
    assert panel.selected() is None and panel.details.text() == ""  # filtered out
