"""End-to-end fixtures: the qasync loop shared with the UI tests."""

from tests.ui.generation_helpers import qloop  # noqa: F401 (a fixture)
