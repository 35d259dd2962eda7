"""Create form: every field reaches the request, bad fields are shown before sending, and the
background job's progress and rotations appear as the fake service produces them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from studio.api.requests import Character4DirectionsRequest, Character8DirectionsRequest
from studio.core.characters.service import CharacterService
from studio.core.jobs.queue import JobQueue
from studio.ui.characters.create_form import CreateCharacterForm
from tests.ui import characters_helpers
from tests.ui.characters_helpers import (
    DIRS_8,
    FakePixelLab,
    colour_for,
    count,
)

chars_loop = characters_helpers.chars_loop  # the qasync loop fixture


@pytest.fixture
def fake():
    return FakePixelLab(job_polls=3)


@pytest.fixture
def form(qtbot, fake, library, chars_loop):
    client = fake.client()
    queue = JobQueue(client, library, poll_interval=0.0)
    service = CharacterService(client, queue=queue, poll_interval=0.0)
    widget = CreateCharacterForm(service)
    qtbot.addWidget(widget)
    return widget


def test_object_names_and_size_note(form):
    assert form.findChild(type(form.description), "characters.description") is form.description
    assert form.create_button.objectName() == "characters.create"
    assert (form.width_spin.minimum(), form.width_spin.maximum()) == (32, 400)
    form.width_spin.setValue(100)
    form.height_spin.setValue(50)
    assert "60%" in form.size_note.text() and "60x30" in form.size_note.text()


def test_empty_description_is_shown_next_to_the_field_and_nothing_is_sent(form, fake, qtbot):
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    error = form.errors["description"]
    assert not error.isHidden() and "description" in error.text()
    assert "nothing was sent" in form.status.text()
    assert fake.requests == []


def test_every_field_reaches_the_request(form):
    form.description.setPlainText("a knight")
    form.directions.setCurrentIndex(form.directions.findData(4))
    form.width_spin.setValue(120)
    form.height_spin.setValue(96)
    form.guidance.setValue(7.5)
    form.outline.setCurrentIndex(form.outline.findData("selective outline"))
    form.shading.setCurrentIndex(form.shading.findData("basic shading"))
    form.detail.setCurrentIndex(form.detail.findData("low detail"))
    form.view.setCurrentIndex(form.view.findData("perspective"))
    form.template.setCurrentIndex(form.template.findData("mannequin"))
    form.isometric.setChecked(True)
    assert not form.force_colors.isEnabled()
    form.color_image.set_image(Image.new("RGBA", (4, 1), (255, 0, 0, 255)))
    assert form.force_colors.isEnabled()
    form.force_colors.setChecked(True)
    form.proportions.set_custom(head_size=1.5, arm_length=0.5, leg_length=2.0,
                                shoulder_width=1.2, hip_width=0.8)
    form.seed.setValue(42)
    request = form.build_request()
    assert isinstance(request, Character4DirectionsRequest)
    body = request.to_api_json()
    assert body["image_size"] == {"width": 120, "height": 96}
    assert body["text_guidance_scale"] == 7.5
    assert (body["outline"], body["shading"], body["detail"], body["view"]) == (
        "selective outline", "basic shading", "low detail", "perspective")
    assert body["isometric"] is True and body["force_colors"] is True
    assert body["color_image"]["type"] == "base64"
    assert body["proportions"] == {"type": "custom", "head_size": 1.5, "arm_length": 0.5,
                                   "leg_length": 2.0, "shoulder_width": 1.2, "hip_width": 0.8}
    assert body["template_id"] == "mannequin" and body["seed"] == 42


def test_defaults_leave_optional_fields_out_and_presets_work(form):
    form.description.setPlainText("a cat")
    slider = form.proportions.sliders["head_size"]
    assert not slider.isEnabled() and slider.isHidden()  # sliders only for custom
    form.proportions.set_custom(head_size=1.25)
    assert slider.isEnabled() and not slider.isHidden()
    form.proportions.preset.setCurrentIndex(form.proportions.preset.findData("chibi"))
    request = form.build_request()
    assert isinstance(request, Character8DirectionsRequest)
    body = request.to_api_json()
    assert body["proportions"] == {"type": "preset", "name": "chibi"}
    for key in ("outline", "shading", "detail", "view", "seed", "text_guidance_scale",
                "color_image", "force_colors", "isometric"):
        assert key not in body


def test_guidance_below_range_is_reported_on_its_field(form, fake):
    form.description.setPlainText("a cat")
    form.guidance.setValue(0.5)
    assert form.build_request() is None
    assert "text guidance scale" in form.errors["text_guidance_scale"].text()
    assert fake.requests == []


def test_create_shows_progress_then_all_rotations_and_stores_them(form, fake, library, qtbot):
    form.description.setPlainText("a silver knight")
    progress_seen = []
    form.progress.valueChanged.connect(progress_seen.append)
    with qtbot.waitSignal(form.characterCreated, timeout=5000) as blocker:
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    info = blocker.args[0]
    assert count(fake, "POST", "/v2/create-character-with-8-directions") == 1
    assert any(0 < v < 100 for v in progress_seen), progress_seen
    assert sorted(form.rotations) == sorted(DIRS_8)
    assert form.compass.filled() == list(form.compass.cells)  # all eight shown
    assert tuple(form.rotations["east"][0, 0]) == colour_for("east")
    # every rotation URL was first answered with 404 and retried
    assert all(hits == 2 for hits in fake.file_hits.values())
    entry = library.journal_entry(library.journal_entries(("done",))[0].job_id)
    assert entry.resource_id == info.id
    assert entry.endpoint == "create_character_with_8_directions"  # the ENDPOINTS name
    assert len(library.results_for_job(entry.job_id)) == 8
    assert "ready" in form.status.text() and form.create_button.isEnabled()


def test_rotation_click_is_offered_for_the_canvas(form, qtbot):
    form.description.setPlainText("a silver knight")
    form.directions.setCurrentIndex(form.directions.findData(4))
    with qtbot.waitSignal(form.characterCreated, timeout=5000):
        form.start()
    assert not form.compass.cells["north-east"].isEnabled()
    with qtbot.waitSignal(form.rotationActivated) as blocker:
        qtbot.mouseClick(form.compass.cells["west"].image, Qt.MouseButton.LeftButton)
    direction, pixels = blocker.args
    assert direction == "west"
    assert np.array_equal(pixels[0, 0], colour_for("west"))


def test_server_rejection_is_shown(form, fake, qtbot):
    def reject(request):
        import httpx
        return httpx.Response(402, json={"detail": "Insufficient credits"})

    form.service.client._http._transport = __import__("httpx").MockTransport(reject)
    form.description.setPlainText("a cat")
    form.start()
    qtbot.waitUntil(lambda: "failed" in form.status.text(), timeout=5000)
    assert "credits" in form.status.text()
    assert form.create_button.isEnabled()


def test_too_long_description_is_refused_before_sending(form, fake):
    form.description.setPlainText("x" * 2001)
    assert form.build_request() is None
    assert "2000" in form.errors["description"].text()
    assert fake.requests == []


def test_stop_waiting_frees_the_form_and_the_job_slot(form, fake, qtbot):
    fake.job_polls = 10_000  # never finishes
    form.service.poll_interval = 0.01
    form.description.setPlainText("slow one")
    form.start()
    qtbot.waitUntil(lambda: count(fake, "GET", "/v2/background-jobs/") >= 2, timeout=3000)
    assert form.service.queue.background_load == 1 and not form.create_button.isEnabled()
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.service.queue.background_load == 0, timeout=3000)
    assert "Stopped waiting" in form.status.text() and form.create_button.isEnabled()
    polls = count(fake, "GET", "/v2/background-jobs/")
    qtbot.wait(50)
    assert count(fake, "GET", "/v2/background-jobs/") == polls  # really stopped


def test_service_422_is_shown_next_to_the_field(form, qtbot):
    import httpx

    def reject(request):
        return httpx.Response(422, json={"detail": [
            {"loc": ["body", "image_size", "width"], "msg": "too wide for this tier",
             "type": "value_error"}]})

    form.service.client._http._transport = httpx.MockTransport(reject)
    form.description.setPlainText("a cat")
    form.start()
    qtbot.waitUntil(lambda: "failed" in form.status.text(), timeout=5000)
    label = form.errors["image_size"]
    assert not label.isHidden() and "too wide for this tier" in label.text()
    assert form.description.toPlainText() == "a cat"  # nothing the user typed is lost
