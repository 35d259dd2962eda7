"""End-to-end fixtures: the qasync loop and the Qt settings shared with the UI tests."""

from tests.ui.conftest import _windows_closing_never_quit_the_app  # noqa: F401 (a fixture)
from tests.ui.generation_helpers import qloop  # noqa: F401 (a fixture)
