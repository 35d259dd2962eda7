"""Test support for the characters panel: a qasync loop driven by ``qtbot.waitUntil`` and a fake
PixelLab service on ``httpx.MockTransport`` that behaves as the reference describes.

Fake service behaviour: submits answer 202 with job ids; jobs report ``processing`` with rising
progress for a few polls, then ``completed``; ``rotation_urls`` are empty until the character's
job completes; each file URL answers 404 once right after completion (when ``flaky_files``);
the ZIP answers 423 while the character or an animation is still generating.
"""

from __future__ import annotations

import asyncio
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from studio.api.client import PixelLabClient

BASE = "https://api.test/v2"
FILES = "https://files.test"
DIRS_8 = ("south", "south-east", "east", "north-east", "north", "north-west", "west",
          "south-west")
DIRS_4 = ("south", "west", "east", "north")


@pytest.fixture
def chars_loop(qapp, qtbot):
    """A qasync loop marked running, so coroutines advance whenever Qt processes events."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    qtbot.wait(30)
    qapp.aboutToQuit.disconnect(loop._after_run_forever)
    loop._QEventLoop__is_running = False  # we never called exec(); nothing to stop
    loop._after_run_forever()
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)


async def _no_sleep(_seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.fixture
def fake():
    """A fake PixelLab service whose jobs finish after two status polls."""
    return FakePixelLab(job_polls=2)


def png_of(colour: tuple[int, int, int, int], size: tuple[int, int] = (8, 8)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def colour_for(direction: str, frame: int = 0) -> tuple[int, int, int, int]:
    index = DIRS_8.index(direction)
    return (20 + 25 * index, 200 - 10 * frame, 40 + frame, 255)


@dataclass
class FakeJob:
    polls_to_finish: int
    polls: int = 0
    fail: bool = False

    def poll(self) -> dict[str, Any]:
        self.polls += 1
        if self.polls >= self.polls_to_finish:
            return {"status": "failed", "last_response": {"error": "model overloaded"}} \
                if self.fail else {"status": "completed", "progress": 1.0, "last_response": {}}
        return {"status": "processing", "progress": self.polls / self.polls_to_finish}

    @property
    def done(self) -> bool:
        return self.polls >= self.polls_to_finish


@dataclass
class FakePixelLab:
    """State plus an httpx handler; ``requests`` logs (method, path, query, json)."""

    job_polls: int = 2
    flaky_files: bool = True
    fail_directions: set[str] = field(default_factory=set)
    fail_creation: bool = False  # character jobs created from now on fail ("model overloaded")
    direction_polls: dict[str, int] = field(default_factory=dict)
    jobs: dict[str, FakeJob] = field(default_factory=dict)
    characters: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    file_hits: dict[str, int] = field(default_factory=dict)

    def client(self) -> PixelLabClient:
        return PixelLabClient(token="test-token", base_url=BASE,
                              transport=httpx.MockTransport(self.handle), sleep=_no_sleep)

    def _job(self, polls: int, fail: bool = False) -> str:
        job_id = uuid.uuid4().hex
        self.jobs[job_id] = FakeJob(polls, fail=fail)
        return job_id

    def add_character(self, name: str, n_dirs: int = 4, *, done: bool = True) -> str:
        cid = uuid.uuid4().hex[:12]
        job_id = self._job(0 if done else self.job_polls, fail=self.fail_creation and not done)
        self.characters[cid] = {"id": cid, "name": name, "prompt": f"{name} prompt",
                                "size": {"width": 8, "height": 8}, "n": n_dirs,
                                "view": "low top-down", "job": job_id, "animations": []}
        return cid

    # -- http ----------------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, url.path, dict(url.params), body))
        if url.host == "files.test":
            return self._file(url.path)
        path = url.path.removeprefix("/v2")
        if request.method == "POST" and path.startswith("/create-character-with-"):
            n_dirs = 8 if "8" in path else 4
            cid = self.add_character(body["description"][:20], n_dirs, done=False)
            self.characters[cid].update(prompt=body["description"], size=body["image_size"],
                                        view=body.get("view", "low top-down"))
            return httpx.Response(202, json={"background_job_id": self.characters[cid]["job"],
                                             "character_id": cid, "status": "processing",
                                             "usage": {"type": "usd", "usd": 0.1}})
        if request.method == "POST" and path in ("/characters/animations", "/animate-character"):
            return self._animate(body)
        if path.startswith("/background-jobs/"):
            job = self.jobs.get(path.rsplit("/", 1)[1])
            if job is None:
                return httpx.Response(404, json={"detail": "Job not found"})
            return httpx.Response(200, json={"id": path.rsplit("/", 1)[1], **job.poll()})
        if path == "/characters":
            limit, offset = int(url.params.get("limit", 10)), int(url.params.get("offset", 0))
            chars = list(self.characters.values())[::-1][offset:offset + limit]
            return httpx.Response(200, json={"characters": [self.body(c) for c in chars]})
        if path.endswith("/zip"):
            return self._zip(path.split("/")[2])
        if path.startswith("/characters/"):
            char = self.characters.get(path.split("/")[2])
            if char is None:
                return httpx.Response(404, json={"detail": "Character not found"})
            return httpx.Response(200, json=self.body(char))
        return httpx.Response(404, json={"detail": f"no route {path}"})

    def _animate(self, body: dict[str, Any]) -> httpx.Response:
        char = self.characters.get(body["character_id"])
        if char is None:
            return httpx.Response(404, json={"detail": "Character not found"})
        dirs = body.get("directions") or list(DIRS_8 if char["n"] == 8 else DIRS_4)
        anim = {"id": uuid.uuid4().hex, "name": body.get("animation_name")
                or body.get("action_description") or body["template_animation_id"],
                "type": body["template_animation_id"], "frames": 3,
                "jobs": {d: self._job(self.direction_polls.get(d, self.job_polls),
                                      d in self.fail_directions) for d in dirs}}
        char["animations"].append(anim)
        return httpx.Response(202, json={"background_job_ids": list(anim["jobs"].values()),
                                         "directions": dirs, "status": "processing"})

    def body(self, char: dict[str, Any]) -> dict[str, Any]:
        done = self.jobs[char["job"]].done
        cid = char["id"]
        dirs = DIRS_8 if char["n"] == 8 else DIRS_4
        rotations = {d: f"{FILES}/{cid}/rot/{d}.png" for d in dirs} if done else None
        animations = []
        for anim in char["animations"]:
            finished = {d: j for d, j in anim["jobs"].items() if self.jobs[j].done
                        and not self.jobs[j].fail}
            animations.append({
                "display_name": anim["name"], "animation_type": anim["type"],
                "status": "completed" if all(self.jobs[j].done for j in anim["jobs"].values())
                else "processing",
                "directions": [{"direction": d, "frames": [
                    f"{FILES}/{cid}/anim/{anim['id']}/{d}/{i}.png" for i in range(anim["frames"])]
                    if d in finished else []} for d in anim["jobs"]]})
        return {"id": cid, "name": char["name"], "prompt": char["prompt"], "size": char["size"],
                "directions": char["n"], "status": "completed" if done else "processing",
                "rotation_urls": rotations, "animations": animations,
                "animation_count": len(animations), "view": char["view"]}

    def _file(self, path: str) -> httpx.Response:
        self.file_hits[path] = self.file_hits.get(path, 0) + 1
        if self.flaky_files and self.file_hits[path] == 1:
            return httpx.Response(404, json={"detail": "not yet"})
        parts = path.strip("/").split("/")
        if parts[1] == "rot":
            return httpx.Response(200, content=png_of(colour_for(parts[2][:-4])),
                                  headers={"content-type": "image/png"})
        direction, frame = parts[3], int(parts[4][:-4])
        return httpx.Response(200, content=png_of(colour_for(direction, frame)),
                              headers={"content-type": "image/png"})

    def _zip(self, cid: str) -> httpx.Response:
        char = self.characters[cid]
        busy = [a for a in char["animations"] if not all(self.jobs[j].done
                                                         for j in a["jobs"].values())]
        if not self.jobs[char["job"]].done:
            return httpx.Response(423, json={"detail": "Character is still being generated"})
        if busy:
            return httpx.Response(423, json={
                "detail": f"Character has {len(busy)} animation(s) still being generated"})
        return httpx.Response(200, content=character_zip(char["name"], char["n"]),
                              headers={"content-type": "application/zip"})


def character_zip(name: str, n_dirs: int = 4, frames: int = 2) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for d in DIRS_8 if n_dirs == 8 else DIRS_4:
            archive.writestr(f"{name}/rotations/{d}.png", png_of(colour_for(d)))
            for i in range(frames):
                archive.writestr(f"{name}/animations/walk/{d}/frame_{i:03d}.png",
                                 png_of(colour_for(d, i)))
        archive.writestr("metadata.json", json.dumps({"character": {"name": name}}))
    return buf.getvalue()


def count(fake: FakePixelLab, method: str, prefix: str) -> int:
    return sum(1 for m, p, _q, _b in fake.requests if m == method and p.startswith(prefix))


def solid(direction: str, frame: int = 0) -> np.ndarray:
    return np.full((8, 8, 4), colour_for(direction, frame), np.uint8)
