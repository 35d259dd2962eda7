"""Browser: paging with limit/offset, details, rotations and playing animations, open on the
canvas, export with 423 handling, and safe ZIP import (malicious archives rejected)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from studio.core.characters.service import CharacterService
from studio.ui.characters.browser import CharacterBrowser
from tests.ui import characters_helpers
from tests.ui.characters_helpers import (
    character_zip,
    colour_for,
    count,
)

chars_loop = characters_helpers.chars_loop  # the qasync loop fixture
fake = characters_helpers.fake  # FakePixelLab(job_polls=2)


@pytest.fixture
def opened():
    return []


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(qtbot, fake, chars_loop, opened, project):
    service = CharacterService(fake.client(), poll_interval=0.0)
    widget = CharacterBrowser(service, open_on_canvas=lambda t, f: opened.append((t, f)),
                              project_dir=lambda: project)
    qtbot.addWidget(widget)
    return widget


def load(browser, qtbot, offset=0):
    with qtbot.waitSignal(browser.pageLoaded, timeout=3000):
        browser.load_page(offset)


def select(browser, qtbot, row):
    with qtbot.waitSignal(browser.characterSelected, timeout=3000):
        browser.list.setCurrentRow(row)
    qtbot.waitUntil(lambda: len(browser.rotations) == len(browser.current.directions),
                    timeout=3000)


def test_paging_uses_limit_and_offset(browser, fake, qtbot):
    for i in range(5):
        fake.add_character(f"char{i}")
    browser.limit.setValue(2)
    load(browser, qtbot)
    assert browser.list.objectName() == "characters.list"
    assert [browser.list.item(r).text().split("\n")[0] for r in range(2)] == ["char4", "char3"]
    assert browser.next_button.isEnabled() and not browser.prev_button.isEnabled()
    with qtbot.waitSignal(browser.pageLoaded, timeout=3000):
        qtbot.mouseClick(browser.next_button, Qt.MouseButton.LeftButton)
    queries = [q for m, p, q, _ in fake.requests if p == "/v2/characters"]
    assert queries[-1] == {"limit": "2", "offset": "2"}
    assert browser.list.item(0).text().startswith("char2")
    assert browser.prev_button.isEnabled() and browser.page_label.text() == "3-4"
    qtbot.waitUntil(lambda: not browser.list.item(0).icon().isNull(), timeout=3000)


def test_details_rotations_and_open_rotation_on_canvas(browser, fake, qtbot, opened):
    fake.add_character("knight", 8)
    load(browser, qtbot)
    select(browser, qtbot, 0)
    text = browser.details.text()
    for part in ("knight prompt", "8x8", "low top-down", "completed", "Animations: 0"):
        assert part in text
    qtbot.mouseClick(browser.rotation_compass.cells["north-west"].image,
                     Qt.MouseButton.LeftButton)
    title, frames = opened[-1]
    assert "north-west" in title and len(frames) == 1
    assert tuple(frames[0][0, 0]) == colour_for("north-west")


def test_animation_previews_play_and_open_as_frames(browser, fake, qtbot, opened):
    cid = fake.add_character("runner")
    fake._animate({"character_id": cid, "template_animation_id": "walk",
                   "animation_name": "stroll", "directions": ["south", "east"]})
    for job in fake.jobs.values():
        job.polls = job.polls_to_finish  # finished
    load(browser, qtbot)
    select(browser, qtbot, 0)
    assert "Animations: 1" in browser.details.text()
    qtbot.waitUntil(lambda: len(browser.animation_frames) == 2, timeout=3000)
    assert browser.animation_compass.cells["east"].is_playing
    qtbot.mouseClick(browser.animation_compass.cells["east"].image, Qt.MouseButton.LeftButton)
    title, frames = opened[-1]
    assert "stroll" in title and "east" in title and len(frames) == 3
    assert [tuple(f[0, 0]) for f in frames] == [colour_for("east", i) for i in range(3)]


def test_export_423_names_what_runs_and_waits_on_request(browser, fake, qtbot, tmp_path):
    cid = fake.add_character("mage")
    fake.job_polls = 3
    fake._animate({"character_id": cid, "template_animation_id": "fireball",
                   "animation_name": "cast"})
    load(browser, qtbot)
    select(browser, qtbot, 0)
    target = tmp_path / "out" / "mage.zip"
    target.parent.mkdir()
    browser.zip.export_to(target)
    status = browser.zip.status
    qtbot.waitUntil(lambda: "still generating" in status.text(), timeout=3000)
    assert "animation 'cast'" in status.text()
    assert not browser.zip.wait_button.isHidden() and not target.exists()
    qtbot.mouseClick(browser.zip.wait_button, Qt.MouseButton.LeftButton)

    def poll_jobs():  # the jobs advance only when polled, like a slow service
        for job in fake.jobs.values():
            job.poll()
        return "Exported" in status.text()
    qtbot.waitUntil(poll_jobs, timeout=5000)
    assert zipfile.ZipFile(target).namelist()[0].startswith("mage/rotations/")
    assert count(fake, "GET", f"/v2/characters/{cid}/zip") >= 2


def test_import_zip_into_project(browser, qtbot, project, tmp_path):
    source = tmp_path / "hero.zip"
    source.write_bytes(character_zip("hero", 4, frames=2))
    with qtbot.waitSignal(browser.characterImported, timeout=3000) as blocker:
        browser.zip.import_file(source)
    result = blocker.args[0]
    assert result.folder == project / "characters" / "hero"
    assert sorted(result.rotations) == ["east", "north", "south", "west"]
    assert [tuple(f[0, 0]) for f in result.animations["walk"]["east"]] == [
        colour_for("east", 0), colour_for("east", 1)]
    assert (result.folder / "hero" / "rotations" / "south.png").is_file()
    assert "4 rotation(s) and 1 animation(s)" in browser.zip.status.text()
    # a second import of the same file gets its own folder instead of merging
    with qtbot.waitSignal(browser.characterImported, timeout=3000) as again:
        browser.zip.import_file(source)
    assert again.args[0].folder.name == "hero-2"


def _zip_with(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buf.getvalue()


def _symlink_entry(name: str, target: str):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


MALICIOUS = {
    "zip-slip": (lambda: _zip_with([("../../evil.png", b"x")]), "'..'"),
    "absolute": (lambda: _zip_with([("/tmp/evil.png", b"x")]), "absolute"),
    "symlink": (lambda: _zip_with([_symlink_entry("hero/rotations/south.png", "/etc/passwd")]),
                "symlink"),
    "bomb": (lambda: _zip_with([("hero/rotations/south.png", b"\0" * (8 * 1024 * 1024))]),
             "bomb"),
    "duplicate": (lambda: _zip_with([("a.png", b"1"), ("A.png", b"2")]), "duplicates"),
    "not a zip": (lambda: b"PK\x03\x04 this is not really a zip", "not a readable ZIP"),
}


@pytest.mark.parametrize("kind", list(MALICIOUS))
def test_malicious_zip_is_rejected_with_a_clear_message(browser, qtbot, project, tmp_path,
                                                        kind):
    make, expected = MALICIOUS[kind]
    source = tmp_path / "upload" / "bad.zip"
    source.parent.mkdir()
    source.write_bytes(make())
    before = sorted(p for p in tmp_path.rglob("*"))
    browser.zip.import_file(source)
    status = browser.zip.status
    qtbot.waitUntil(lambda: "Import refused" in status.text(), timeout=3000)
    assert expected in status.text() and "Nothing was written" in status.text()
    after = sorted(p for p in tmp_path.rglob("*"))
    assert after == before, set(after) - set(before)
    assert not (Path("/tmp") / "evil.png").exists() or kind != "absolute"
    assert browser.zip.import_button.isEnabled()


def test_import_without_project_says_so(qtbot, fake, chars_loop, tmp_path):
    service = CharacterService(fake.client(), poll_interval=0.0)
    widget = CharacterBrowser(service, project_dir=lambda: None)
    qtbot.addWidget(widget)
    assert widget.zip.import_file(tmp_path / "x.zip") is None
    assert "project" in widget.zip.status.text()


def test_a_long_import_can_be_cancelled_and_leaves_nothing(qtbot, fake, chars_loop, project,
                                                            tmp_path, monkeypatch):
    import threading

    from studio.ui.characters import zip_actions

    monkeypatch.setattr(zip_actions, "SHOW_CANCEL_AFTER_MS", 0)  # as if it ran 0.5 s already
    gate = threading.Event()
    real = zip_actions.import_character_zip

    def slow_import(data, target, check):  # the worker thread is still busy when Cancel comes
        gate.wait(10)
        return real(data, target, check)

    monkeypatch.setattr(zip_actions, "import_character_zip", slow_import)
    service = CharacterService(fake.client(), poll_interval=0.0)
    widget = CharacterBrowser(service, project_dir=lambda: project)
    qtbot.addWidget(widget)
    widget.show()
    source = tmp_path / "hero.zip"
    source.write_bytes(character_zip("hero", 8, frames=4))
    widget.zip.import_file(source)
    cancel = widget.zip.cancel_import_button
    qtbot.waitUntil(cancel.isVisible, timeout=3000)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: "cancelled" in widget.zip.status.text(), timeout=5000)
    assert widget.zip.status.text() == "Import cancelled. Nothing was written."
    assert not (project / "characters" / "hero").exists()
    assert widget.zip.import_button.isEnabled() and not cancel.isVisible()
