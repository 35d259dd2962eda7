"""Library browser with 5000 stored results: time to open, time to scroll through, memory."""

from __future__ import annotations

import tracemalloc

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView

from studio.core.jobs.library import ResultsLibrary
from studio.ui.panels.library_model import LibraryModel
from tests.core.test_library import fill

ROWS = 5000


@pytest.fixture(scope="module")
def big_library(tmp_path_factory):
    lib = ResultsLibrary(tmp_path_factory.mktemp("bench-lib"))
    fill(lib, ROWS)
    yield lib
    lib.close()


def open_browser(library: ResultsLibrary) -> tuple[LibraryModel, QListView]:
    model = LibraryModel(library)
    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setUniformItemSizes(True)
    view.setGridSize(QSize(104, 88))
    view.setIconSize(QSize(48, 48))
    view.resize(400, 600)
    view.setModel(model)
    return model, view


def scroll_all(model: LibraryModel) -> int:
    """What scrolling to the end does: read every page, paint (decorate) every row."""
    for row in range(model.rowCount()):
        model.index(row).data(Qt.ItemDataRole.DecorationRole)
        model.index(row).data(Qt.ItemDataRole.DisplayRole)
    return model.rowCount()


def test_bench_library_open(benchmark, qapp, big_library):
    model, view = benchmark(open_browser, big_library)
    assert model.rowCount() == ROWS and model.pages_read == 1
    view.deleteLater()


def test_bench_library_scroll_5000(benchmark, qapp, big_library):
    def setup():
        return (LibraryModel(big_library),), {}

    rows = benchmark.pedantic(scroll_all, setup=setup, rounds=5, iterations=1)
    assert rows == ROWS


def test_bench_library_memory(benchmark, qapp, big_library):
    def measure() -> int:
        tracemalloc.start()
        model, view = open_browser(big_library)
        scroll_all(model)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        view.deleteLater()
        return peak

    peak = benchmark.pedantic(measure, rounds=2, iterations=1)
    benchmark.extra_info["peak_python_heap_mb"] = round(peak / 1e6, 2)
    assert peak < 100e6
