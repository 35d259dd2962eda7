"""Create follows the open document's size and never crops a result silently; one review bar
for a result from any panel (issue 14). The whole window against the offline engine."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton, QSpinBox

from studio.core.document.document import Document
from tests.e2e.test_studio_offline import studio  # noqa: F401 - the fixture
from tests.ui.generation_helpers import wait_for


def _generate(window, qloop, create, text: str, count: int = 1) -> QListWidget:
    QTest.keyClicks(create.findChild(QPlainTextEdit, "create.description"), text)
    create.findChild(QSpinBox, "create.variants").setValue(count)
    results = create.findChild(QListWidget, "create.results")

    async def click_and_wait() -> None:
        QTest.mouseClick(create.findChild(QPushButton, "create.generate"),
                         Qt.MouseButton.LeftButton)
        await wait_for(lambda: results.count() == count, timeout=20)

    qloop.run_until_complete(click_and_wait())
    return results


def _click_variant(results: QListWidget, row: int = 0) -> None:
    rect = results.visualItemRect(results.item(row))
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


def test_size_follows_the_document_and_the_result_is_reviewed_in_one_bar(studio, qloop):  # noqa: F811
    window, _backend, panels = studio
    doc = Document.new(48, 32, name="wide")
    window.add_document(doc)
    create = panels.panels["panel.create"]
    assert create.findChild(QSpinBox, "create.width").value() == 48
    assert create.findChild(QSpinBox, "create.height").value() == 32
    results = _generate(window, qloop, create, "a green slime")
    assert not window.findChild(QPushButton, "accept").isVisible()  # nothing under review yet
    _click_variant(results)
    frame = doc.frames[0]
    assert len(frame.layers) == 2 and frame.layers[-1].kind == "ai"
    assert frame.layers[-1].pixels.shape == (32, 48, 4)
    # accept / reject exist once in the window and are usable without selecting the layer
    accepts = window.findChildren(QPushButton, "accept")
    rejects = window.findChildren(QPushButton, "reject")
    assert len(accepts) == 1 and len(rejects) == 1
    assert accepts[0].isVisible() and accepts[0].isEnabled() and rejects[0].isVisible()
    show_original = window.findChild(QPushButton, "review.before_after")
    QTest.mouseClick(show_original, Qt.MouseButton.LeftButton)
    assert not doc.composite(0)[..., 3].any()  # the original (empty) sprite
    QTest.mouseClick(show_original, Qt.MouseButton.LeftButton)
    result = frame.layers[-1].pixels.copy()
    QTest.mouseClick(accepts[0], Qt.MouseButton.LeftButton)
    assert len(doc.frames[0].layers) == 1
    assert np.array_equal(doc.frames[0].layers[0].pixels, result)
    assert not accepts[0].isVisible()
    doc.history.undo()  # one step brings the result back under review
    assert len(doc.frames[0].layers) == 2 and accepts[0].isVisible()
    QTest.mouseClick(rejects[0], Qt.MouseButton.LeftButton)
    assert len(doc.frames[0].layers) == 1 and not doc.composite(0)[..., 3].any()


def test_a_result_of_another_size_opens_as_its_own_document(studio, qloop):  # noqa: F811
    window, _backend, panels = studio
    doc = Document.new(48, 32, name="wide")
    window.add_document(doc)
    create = panels.panels["panel.create"]
    width = create.findChild(QSpinBox, "create.width")
    height = create.findChild(QSpinBox, "create.height")
    for spin in (width, height):
        spin.selectAll()
        QTest.keyClicks(spin, "64")
    results = _generate(window, qloop, create, "a blue gem")
    window.add_document(Document.new(20, 20, name="other"))  # the typed size is kept
    assert (width.value(), height.value()) == (64, 64)
    window.show_document(doc)
    _click_variant(results)
    assert len(doc.frames[0].layers) == 1  # nothing cropped into the 48x32 sprite
    placed = window.current_document()
    assert placed is not doc and placed.size == (64, 64)
    status = create.findChild(QLabel, "create.status").text()
    assert "64x64" in status and "new document" in status and "cropped" in status


def test_offline_rotate_says_before_sending_what_the_engine_can_make(studio, qtbot):  # noqa: F811
    from PySide6.QtWidgets import QDockWidget

    window, _backend, _panels = studio
    window.add_document(Document.new(32, 32, name="knight"))
    dock = window.findChild(QDockWidget, "panel.rotate")
    dock.raise_()
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    note = window.findChild(QLabel, "rotate.offline_note")
    assert note.isVisible()  # shown before anything is sent
    text = note.text()
    assert "Offline engine" in text and "approximated" in text and "re-drawn" in text
    assert "PixelLab" in text
