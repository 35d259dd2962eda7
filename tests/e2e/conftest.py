"""End-to-end fixtures: the qasync loop shared with the UI tests."""

import gc

import pytest

from tests.ui.generation_helpers import qloop  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_main_thread():
    """Qt objects must die on the main thread: collect them here, not later on a server
    thread of a following test (which crashes Qt)."""
    yield
    gc.collect()


@pytest.fixture(autouse=True, scope="session")
def _windows_closing_never_quit_the_app(qapp):
    """Closing the last window must not quit Qt (as in studio/app.py)."""
    qapp.setQuitOnLastWindowClosed(False)
    yield
