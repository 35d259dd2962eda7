"""Animate form: searchable templates, directions on the compass, one job per direction with its
own progress, previews that play, and the concurrency limit."""

from __future__ import annotations

import asyncio

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from studio.api.enums import TEMPLATE_ANIMATION_IDS
from studio.core.characters.service import CharacterService
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from studio.ui.characters.animate_form import AnimateCharacterForm
from tests.ui import characters_helpers
from tests.ui.characters_helpers import (
    colour_for,
    count,
)

chars_loop = characters_helpers.chars_loop  # the qasync loop fixture
fake = characters_helpers.fake  # FakePixelLab(job_polls=2)


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


def make_service(fake, library, concurrency: int = 8) -> CharacterService:
    client = fake.client()
    queue = JobQueue(client, library, concurrency=concurrency, poll_interval=0.0)
    return CharacterService(client, queue=queue, poll_interval=0.0)


@pytest.fixture
def form(qtbot, fake, chars_loop, library):
    widget = AnimateCharacterForm(make_service(fake, library))
    qtbot.addWidget(widget)
    return widget


def load_character(form, qtbot, fake, name="hero", n_dirs=4):
    cid = fake.add_character(name, n_dirs)
    task = asyncio.ensure_future(form.service.fetch(cid))
    qtbot.waitUntil(task.done, timeout=3000)
    form.add_character(task.result(), select=True)
    return task.result()


def test_template_list_is_complete_and_searchable(form):
    picker = form.templates
    assert picker.list.count() == len(TEMPLATE_ANIMATION_IDS) == 49
    picker.filter.setText("KICK")
    assert picker.visible_ids() == ["flying-kick", "high-kick", "hurricane-kick",
                                    "roundhouse-kick"]
    assert picker.value() == "flying-kick"
    picker.select("high-kick")
    assert picker.value() == "high-kick"
    picker.filter.setText("zzz")
    assert picker.visible_ids() == [] and picker.value() is None
    picker.filter.setText("")
    assert len(picker.visible_ids()) == 49


def test_all_directions_checked_by_default(form, fake, qtbot):
    assert not form.animate_button.isEnabled()  # no character yet
    load_character(form, qtbot, fake, n_dirs=8)
    assert len(form.compass.checked()) == 8 and form.animate_button.isEnabled()
    load_character(form, qtbot, fake, name="small", n_dirs=4)
    assert sorted(form.compass.checked()) == ["east", "north", "south", "west"]


def test_request_carries_every_field(form, fake, qtbot):
    info = load_character(form, qtbot, fake, n_dirs=8)
    form.templates.select("fireball")
    form.name.setText("cast")
    form.action.setText("casting a fireball")
    form.guidance.setValue(9)
    form.outline.setCurrentIndex(form.outline.findData("lineless"))
    form.shading.setCurrentIndex(form.shading.findData("flat shading"))
    form.detail.setCurrentIndex(form.detail.findData("medium detail"))
    form.isometric.setChecked(True)
    form.seed.setValue(7)
    form.compass.set_checked(["north", "south"])
    body = form.build_request().to_api_json()
    assert body == {"character_id": info.id, "template_animation_id": "fireball",
                    "animation_name": "cast", "action_description": "casting a fireball",
                    "text_guidance_scale": 9.0, "outline": "lineless",
                    "shading": "flat shading", "detail": "medium detail",
                    "directions": ["north", "south"], "isometric": True, "seed": 7}


def test_no_direction_ticked_is_refused(form, fake, qtbot):
    load_character(form, qtbot, fake)
    form.compass.set_checked([])
    assert not form.animate_button.isEnabled()
    assert form.build_request() is None and "direction" in form.error.text()


def test_two_directions_progress_separately_and_play(form, fake, qtbot):
    fake.direction_polls = {"east": 2, "west": 5}
    load_character(form, qtbot, fake)
    form.compass.set_checked(["east", "west"])
    seen: dict[str, list[int]] = {"east": [], "west": []}
    for d in seen:
        form.compass.cells[d].progress.valueChanged.connect(seen[d].append)
    with qtbot.waitSignal(form.animationFinished, timeout=5000):
        qtbot.mouseClick(form.animate_button, Qt.MouseButton.LeftButton)
    assert count(fake, "POST", "/v2/characters/animations") == 1
    assert 20 in seen["west"] and 50 in seen["east"]  # each from its own job
    assert sorted(form.frames) == ["east", "west"]
    assert form.compass.cells["east"].is_playing
    assert tuple(form.frames["west"][2][0, 0]) == colour_for("west", 2)
    assert "south" not in form.frames
    with qtbot.waitSignal(form.framesActivated) as blocker:
        qtbot.mouseClick(form.compass.cells["west"].image, Qt.MouseButton.LeftButton)
    title, frames = blocker.args
    assert "west" in title and len(frames) == 3


def test_failed_direction_is_marked_others_still_arrive(form, fake, qtbot):
    fake.fail_directions = {"north"}
    load_character(form, qtbot, fake)
    form.compass.set_checked(["north", "south"])
    with qtbot.waitSignal(form.animationFinished, timeout=5000):
        form.start()
    assert "failed" in form.compass.cells["north"].caption.text()
    assert list(form.frames) == ["south"]


def test_concurrency_limit_queues_the_second_animation(fake, qtbot, chars_loop, library):
    fake.job_polls = 3
    service = make_service(fake, library, concurrency=4)
    queue = service.queue
    cid = fake.add_character("hero", 4)
    info_task = asyncio.ensure_future(service.fetch(cid))
    qtbot.waitUntil(info_task.done)
    info = info_task.result()
    from studio.api.requests import AnimateCharacterRequest

    def request():
        return AnimateCharacterRequest(character_id=cid, template_animation_id="walk",
                                       directions=["south", "west", "east"])
    peak = []

    def watch(*_args):
        peak.append(queue.background_load)
        if any(j.state is JobState.QUEUED for j in queue.jobs.values()):
            held_back.append(count(fake, "POST", "/v2/characters/animations"))
    held_back: list[int] = []
    first = asyncio.ensure_future(service.animate(info, request(), on_progress=watch))
    second = asyncio.ensure_future(service.animate(info, request(), on_progress=watch))
    qtbot.waitUntil(lambda: first.done() and second.done(), timeout=5000)
    assert count(fake, "POST", "/v2/characters/animations") == 2
    assert max(peak) <= 4
    assert 1 in held_back and 2 not in held_back  # the second waited while the first ran
    assert len(first.result()) == 3 and len(second.result()) == 3
    assert queue.background_load == 0


def test_compass_shows_the_rotations_before_animating(form, fake, qtbot):
    load_character(form, qtbot, fake)
    cells = form.compass.cells
    qtbot.waitUntil(lambda: all(cells[d].frame_count == 1 for d in ("south", "west", "east",
                                                                    "north")), timeout=3000)
    assert cells["north-east"].frame_count == 0 and not cells["north-east"].isEnabled()
    with qtbot.waitSignal(form.framesActivated) as blocker:
        qtbot.mouseClick(cells["north"].image, Qt.MouseButton.LeftButton)
    title, frames = blocker.args
    assert "north" in title and len(frames) == 1
    assert tuple(frames[0][0, 0]) == colour_for("north")


def test_force_colours_follows_the_colour_image(form):
    assert form.color_image.objectName() == "characters.animate_color_image"
    assert form.force_colors.objectName() == "characters.animate_force_colors"
    assert not form.force_colors.isEnabled()
    form.color_image.set_image(Image.new("RGBA", (4, 1), (255, 0, 0, 255)))
    assert form.force_colors.isEnabled()
    form.force_colors.setChecked(True)
    form.color_image.clear()
    assert not form.force_colors.isEnabled() and not form.force_colors.isChecked()
