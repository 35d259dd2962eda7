"""The assembled panel: stable object names, wiring between the tabs, and the job queue's
running jobs counting against the background-job limit."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QPushButton

from studio.core.jobs.queue import JobQueue
from studio.ui.characters import CharactersPanel
from tests.ui import characters_helpers
from tests.ui.characters_helpers import count

chars_loop = characters_helpers.chars_loop  # the qasync loop fixture
fake = characters_helpers.fake  # FakePixelLab(job_polls=2)


@pytest.fixture
def panel(qtbot, fake, library, chars_loop):
    client = fake.client()
    queue = JobQueue(client, library)
    opened = []
    widget = CharactersPanel(client, queue=queue, poll_interval=0.0,
                             open_on_canvas=lambda t, f: opened.append((t, f)))
    widget.queue, widget.opened = queue, opened
    qtbot.addWidget(widget)
    return widget


def test_stable_object_names(panel):
    assert isinstance(panel.findChild(QPlainTextEdit, "characters.description"), QPlainTextEdit)
    assert isinstance(panel.findChild(QPushButton, "characters.create"), QPushButton)
    assert isinstance(panel.findChild(QListWidget, "characters.list"), QListWidget)
    assert [panel.tabs.tabText(i) for i in range(3)] == ["Create", "Animate", "Browse"]


def test_character_requests_are_queue_jobs_journalled_before_sending(panel, fake, library,
                                                                      qtbot, monkeypatch):
    posts_when_journalled = []
    journal = library.journal_request

    def spy(job_id, endpoint, params, **kw):
        posts_when_journalled.append(count(fake, "POST", "/v2/"))
        return journal(job_id, endpoint, params, **kw)
    monkeypatch.setattr(library, "journal_request", spy)
    panel.create_form.description.setPlainText("queued hero")
    with qtbot.waitSignal(panel.create_form.characterCreated, timeout=5000):
        panel.create_form.start()
    [job] = panel.queue.jobs.values()
    assert job.endpoint.startswith("create_character_with_")
    assert posts_when_journalled == [0] and count(fake, "POST", "/v2/") == 1
    assert library.journal_entry(job.id).state == "done" and len(job.result_ids) >= 4


def test_created_character_feeds_animate_and_browse(panel, fake, qtbot):
    fake.add_character("older")
    panel.create_form.description.setPlainText("fresh hero")
    panel.create_form.directions.setCurrentIndex(panel.create_form.directions.findData(4))
    with qtbot.waitSignal(panel.create_form.characterCreated, timeout=5000) as created:
        panel.create_form.start()
    info = created.args[0]
    assert panel.animate_form.current_character().id == info.id
    qtbot.waitUntil(lambda: panel.browser.list.count() == 2, timeout=3000)
    assert panel.browser.list.item(0).text().startswith("fresh hero")
    assert panel.animate_form.character_combo.count() == 2  # the page's characters too
    panel.create_form.rotationActivated.emit("south", panel.create_form.rotations["south"])
    assert panel.opened[-1][0] == "fresh hero south"


def test_browse_tab_loads_on_first_visit(panel, fake, qtbot):
    fake.add_character("someone")
    assert panel.browser.list.count() == 0
    with qtbot.waitSignal(panel.browser.pageLoaded, timeout=3000):
        panel.tabs.setCurrentWidget(panel.browser)
    assert panel.browser.list.count() == 1


# -- character jobs in the Jobs panel ----------------------------------------------------------
def test_character_job_shows_in_the_jobs_panel_and_cancels_there(panel, fake, qtbot):
    from studio.core.jobs.queue import JobState
    from studio.ui.panels.jobs_panel import JobsPanel

    jobs = JobsPanel(panel.queue)
    qtbot.addWidget(jobs)
    fake.job_polls = 10**6  # never finishes
    panel.create_form.description.setPlainText("slow hero")
    panel.create_form.start()
    qtbot.waitUntil(lambda: jobs.model.rowCount() == 1
                    and jobs.model.job(0).state is JobState.WAITING, timeout=3000)
    job = jobs.model.job(0)
    assert job.endpoint.startswith("create_character") and job.description == "slow hero"
    jobs.select_job(job.id)
    assert jobs.cancel_button.isEnabled()
    jobs.cancel_button.click()
    assert job.state is JobState.CANCELLED
    qtbot.waitUntil(lambda: panel.create_form.create_button.isEnabled(), timeout=3000)
    assert "Stopped waiting" in panel.create_form.status.text()
    assert panel.queue.background_load == 0


# -- errors next to the action -----------------------------------------------------------------
def _failing(panel, status: int, body: dict, headers: dict | None = None):
    import httpx

    real = panel.service.client._http._transport.handler if hasattr(
        panel.service.client._http._transport, "handler") else None

    def handler(request):
        path = request.url.path
        if request.method == "POST":
            return httpx.Response(status, json=body, headers=headers or {})
        if path.endswith("/balance"):
            return httpx.Response(200, json={"usd": 1.25, "generations": 7})
        return real(request) if real else httpx.Response(404, json={"detail": "no"})
    panel.service.client._http._transport = httpx.MockTransport(handler)


def _create(panel, qtbot):
    panel.create_form.description.setPlainText("knight")
    panel.create_form.start()
    qtbot.waitUntil(lambda: panel.create_form.create_button.isEnabled(), timeout=3000)
    return panel.create_form.status.text()


def test_401_opens_the_settings_prompt(panel, qtbot):
    _failing(panel, 401, {"detail": "Invalid token"})
    text = _create(panel, qtbot)
    assert "401" in text and "Settings" in text
    assert panel.settings_dialog is not None and panel.settings_dialog.isVisible()
    assert "401" in panel.settings_dialog.notice.text()
    panel.settings_dialog.reject()


def test_401_is_signalled_when_the_window_listens(panel, qtbot):
    _failing(panel, 401, {"detail": "Invalid token"})
    asked = []
    panel.settings_requested.connect(lambda: asked.append(True))
    _create(panel, qtbot)
    assert asked == [True] and panel.settings_dialog is None


def test_402_shows_the_balance(panel, qtbot):
    _failing(panel, 402, {"detail": "Insufficient credits"})
    asked = []
    panel.balance_requested.connect(lambda: asked.append(True))
    text = _create(panel, qtbot)
    assert "402" in text and asked == [True]
    qtbot.waitUntil(lambda: "Balance:" in panel.create_form.status.text(), timeout=3000)
    assert "$1.25 credits" in panel.create_form.status.text()


def test_422_marks_the_field(panel, qtbot):
    _failing(panel, 422, {"detail": [{"loc": ["body", "image_size"], "msg": "too big",
                                      "type": "value_error"}]})
    _create(panel, qtbot)
    label = panel.create_form.errors["image_size"]
    assert "too big" in label.text() and "from the service" in label.text()


@pytest.mark.parametrize("status", [429, 529])
def test_rate_limit_shows_the_wait(panel, qtbot, status):
    _failing(panel, status, {"detail": "Too many requests"}, {"retry-after": "7"})
    text = _create(panel, qtbot)
    assert f"({status})" in text and "wait 7 s" in text


def test_outcome_unknown_explains_the_risk(panel, qtbot):
    import httpx

    def handler(request):
        if request.method == "POST":
            raise httpx.ReadTimeout("no answer", request=request)
        return httpx.Response(404, json={"detail": "no"})
    panel.service.client._http._transport = httpx.MockTransport(handler)
    text = _create(panel, qtbot)
    assert "may have been billed" in text
    [job] = panel.queue.jobs.values()
    assert job.state.value == "outcome_unknown"


def test_animate_errors_mark_the_field_and_open_settings(panel, fake, qtbot):
    from studio.core.characters.payloads import character_info

    cid = fake.add_character("hero")
    panel.animate_form.add_character(character_info(fake.body(fake.characters[cid])),
                                     select=True)
    _failing(panel, 422, {"detail": [{"loc": ["body", "directions"], "msg": "bad direction",
                                      "type": "value_error"}]})
    panel.animate_form.start()
    qtbot.waitUntil(lambda: "Animation failed" in panel.animate_form.status.text(),
                    timeout=3000)
    assert "directions: bad direction" in panel.animate_form.error.text()
    asked = []
    panel.settings_requested.connect(lambda: asked.append(True))
    _failing(panel, 401, {"detail": "Invalid token"})
    panel.animate_form.start()
    qtbot.waitUntil(lambda: asked == [True], timeout=3000)
    assert "401" in panel.animate_form.status.text()
