"""Library search covers the request's text, the tool's shown name and the result's label;
labels show in the caption and the details (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QListView

from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.model import corner_label
from studio.ui.panels.library_panel import LibraryPanel
from tests.core.jobs_fakes import solid
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures

DIRECTIONS = ("south", "west", "east", "north")


def _fill_like_a_session(library: ResultsLibrary) -> dict[str, int]:
    """What a drive through the panels leaves: a tileset (tiles labelled by corners), a
    wizard character (direction images) and its walk (frames), a skeleton animation."""
    library.journal_request("tiles", "/tilesets", {
        "lower_description": "ocean", "upper_description": "sand", "tile_size": {"width": 16}})
    for i, corners in enumerate(({"NW": "lower", "NE": "upper", "SW": "lower", "SE": "upper"},
                                 {"NW": "upper", "NE": "upper", "SW": "upper", "SE": "upper"})):
        library.store_result("tiles", solid((0, 0, 200, 255)), variant_index=i,
                             label=corner_label(corners))
    library.journal_request("char", "/create-character-with-4-directions",
                            {"description": "wizard with a staff", "image_size": {"width": 48}})
    library.update_request("char", resource_kind="character", resource_id="c-42")
    for i, direction in enumerate(DIRECTIONS):
        library.store_result("char", solid((90, 0, 90, 255)), variant_index=i, label=direction)
    library.journal_request("walk", "/characters/animations",
                            {"character_id": "c-42", "template_animation_id": "walking"})
    for i in range(3):
        library.store_result("walk", solid((90, 0, 90, 255)), variant_index=i,
                             label=f"east frame {i}")
    library.journal_request("skel", "/animate-with-skeleton", {"view": "side"})
    library.store_result("skel", solid((1, 2, 3, 255)), label="frame 1")
    return {"tiles": 2, "wizard": 4 + 3, "east": 1 + 3}


def _search(qtbot, panel: LibraryPanel, text: str) -> int:
    box = panel.findChild(QLineEdit, "library.search")
    box.selectAll()
    QTest.keyClicks(box, text)
    qtbot.waitUntil(lambda: panel.model.total() == panel.library.count(text), timeout=3000)
    return panel.model.total()


def test_search_finds_tiles_directions_and_a_characters_frames(qtbot, library):
    expected = _fill_like_a_session(library)
    panel = LibraryPanel(library, place_image=lambda *a: "document")
    qtbot.addWidget(panel)
    assert _search(qtbot, panel, "ocean") == expected["tiles"]
    assert _search(qtbot, panel, "Tileset") == expected["tiles"]  # the tool's shown name
    assert _search(qtbot, panel, "east") == expected["east"]
    assert _search(qtbot, panel, "WIZARD") == expected["wizard"]
    assert _search(qtbot, panel, "skeleton animation") == 1


def test_labels_show_in_the_caption_and_the_details(qtbot, library):
    _fill_like_a_session(library)
    panel = LibraryPanel(library, place_image=lambda *a: "document")
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    _search(qtbot, panel, "east")
    captions = [panel.model.index(r).data(Qt.ItemDataRole.DisplayRole)
                for r in range(panel.model.rowCount())]
    assert any(c.endswith("east frame 2") for c in captions)
    assert any(c.endswith("· east") for c in captions)
    view = panel.findChild(QListView, "library.view")
    row = next(r for r, c in enumerate(captions) if c.endswith("· east"))
    rect = view.visualRect(panel.model.index(row))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    details = panel.findChild(QLabel, "library.details").text()
    assert "wizard with a staff — east" in details and "Character (4 directions)" in details
    _search(qtbot, panel, "ocean")
    assert panel.model.index(0).data(Qt.ItemDataRole.DisplayRole).startswith("Tileset · corners")


def test_an_older_library_gets_its_search_text_when_opened(tmp_path):
    library = ResultsLibrary(tmp_path / "lib")
    _fill_like_a_session(library)
    library._db.execute("UPDATE results SET search_text = ''")  # as written before the column
    library.close()
    reopened = ResultsLibrary(tmp_path / "lib")
    assert reopened.count("ocean") == 2 and reopened.count("east") == 4
    reopened.close()
