"""The newer routes through the JobQueue with the real client over a MockTransport: journalled
before the POST, stored before shown, resumed after a restart, never POSTed twice."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import sqlite3
from typing import Any

import httpx
import pytest
from PIL import Image

from studio.api import PixelLabClient
from studio.api.models import AnimateWithTextV3Request, Generate8RotationsV3Request, PixenRequest
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.core.jobs_fakes import until


def png_obj(color: tuple[int, int, int, int], side: int = 32) -> dict[str, Any]:
    buf = io.BytesIO()
    Image.new("RGBA", (side, side), color).save(buf, format="PNG")
    return {"type": "base64", "base64": base64.b64encode(buf.getvalue()).decode(),
            "format": "png"}


class Service:
    """A MockTransport handler: POSTs answer a job (or a result), polls finish when released."""

    def __init__(self, library: ResultsLibrary | None = None, *, status: int = 200) -> None:
        self.library = library
        self.status = status
        self.posts: list[dict[str, Any]] = []
        self.journal_at_post: list[list[str]] = []
        self.finished = True
        self.last_response: dict[str, Any] = {}
        self.inline: dict[str, Any] | None = None
        self.lose_answer = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.posts.append(json.loads(request.content))
            if self.library is not None:
                self.journal_at_post.append([e.state for e in self.library.journal_entries()])
            if self.lose_answer:
                raise httpx.ReadTimeout("answer lost")
            if self.inline is not None:
                return httpx.Response(self.status, json=self.inline)
            return httpx.Response(self.status, json={
                "background_job_id": f"bg-{len(self.posts)}", "status": "processing",
                "usage": {"type": "usd", "usd": 0.0}})
        job_id = request.url.path.rsplit("/", 1)[-1]
        if not self.finished:
            return httpx.Response(200, json={"id": job_id, "status": "processing",
                                             "last_response": {"progress": 0.3}})
        return httpx.Response(200, json={"id": job_id, "status": "completed",
                                         "usage": {"usd": 0.022, "generations": 1},
                                         "last_response": self.last_response})


async def _no_sleep(_: float) -> None:
    await asyncio.sleep(0)


def client_for(service: Service) -> PixelLabClient:
    return PixelLabClient(token="t", base_url="https://api.test.invalid/v2",
                          transport=httpx.MockTransport(service), sleep=_no_sleep)


def frame() -> Image.Image:
    return Image.new("RGBA", (32, 32), (200, 0, 0, 255))


async def test_animate_v3_journalled_first_and_every_frame_kept(tmp_path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    service = Service(library, status=200)
    service.last_response = {"images": [png_obj((i * 40, 0, 0, 255)) for i in range(5)]}
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0)
        shown: list[tuple[str, int]] = []
        queue.result_stored.connect(
            lambda job, record: shown.append((record.label, len(library.results_for_job(job.id)))))
        job = queue.submit(AnimateWithTextV3Request(first_frame=frame(), action="walk",
                                                    frame_count=4))
        await queue.join()
    assert job.state is JobState.DONE
    assert service.journal_at_post == [["sending"]]  # the row existed before the POST
    assert len(service.posts) == 1 and service.posts[0]["frame_count"] == 4
    records = library.results_for_job(job.id)
    assert [r.label for r in records] == [f"frame {i}" for i in range(5)]  # all 5 kept
    # each was in the library before anyone was told about it
    assert shown == [(f"frame {i}", i + 1) for i in range(5)]
    assert job.cost_usd == 0.022 and library.journal_entry(job.id).state == "done"
    library.close()


async def test_rotations_resume_after_restart_without_a_second_post(tmp_path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    service = Service(library, status=202)
    service.finished = False
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0, wait_timeout=3600)
        job = queue.submit(Generate8RotationsV3Request(first_frame=frame()))
        await until(lambda: job.state is JobState.WAITING)
        assert job.state is JobState.WAITING
        await queue.shutdown()
    library.close()

    library = ResultsLibrary(tmp_path / "lib")
    entry = library.journal_entry(job.id)
    assert entry.endpoint == "generate_8_rotations_v3" and entry.background_job_ids == ["bg-1"]
    service.finished = True
    order = ["S", "SW", "W", "NW", "N", "NE", "E", "SE"]
    service.last_response = {"images": [{**png_obj((i * 30, 0, 0, 255)), "direction": d}
                                        for i, d in enumerate(order)]}
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0)
        [resumed] = queue.resume()
        await queue.join()
    assert resumed.state is JobState.DONE and len(service.posts) == 1
    labels = [r.label for r in library.results_for_job(job.id)]
    assert labels == ["south", "south-west", "west", "north-west", "north", "north-east",
                      "east", "south-east"]
    library.close()


async def test_lost_answer_becomes_outcome_unknown_and_is_not_resent(tmp_path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    service = Service(library)
    service.lose_answer = True
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0)
        job = queue.submit(PixenRequest(description="cat", image_size=(32, 32)))
        await queue.join()
        assert job.state is JobState.OUTCOME_UNKNOWN
        queue2 = JobQueue(client, library, poll_interval=0.0)
        [again] = queue2.resume()
        await queue2.join()
    assert again.state is JobState.OUTCOME_UNKNOWN and len(service.posts) == 1
    library.close()


async def test_synchronous_pixen_answer_is_stored(tmp_path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    service = Service(library)
    service.inline = {"image": png_obj((1, 2, 3, 255)), "usage": {"usd": 0.0072}}
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0)
        job = queue.submit(PixenRequest(description="cat", image_size=(32, 32)))
        await queue.join()
    assert job.state is JobState.DONE and job.cost_usd == 0.0072
    [record] = library.results_for_job(job.id)
    assert library.load_image(record.id).getpixel((0, 0)) == (1, 2, 3, 255)
    library.close()


async def test_expected_and_billed_cost_kept_per_result(tmp_path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    service = Service(library)
    service.last_response = {"images": [png_obj((i, 0, 0, 255)) for i in range(5)]}
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0)
        job = queue.submit(AnimateWithTextV3Request(first_frame=frame(), action="walk",
                                                    frame_count=4))
        assert (job.expected_usd, job.expected_generations) == (0.0221, 1)
        entry = library.journal_entry(job.id)
        assert (entry.expected_usd, entry.expected_generations) == (0.0221, 1)
        await queue.join()
    records = library.results_for_job(job.id)
    assert sum(r.expected_usd for r in records) == pytest.approx(0.0221)
    assert sum(r.cost_usd for r in records) == pytest.approx(0.022)
    library.close()
    # a restart keeps both figures on the journal entry
    again = ResultsLibrary(tmp_path / "lib")
    assert again.journal_entry(job.id).expected_usd == 0.0221
    again.close()


def test_old_library_is_migrated_and_keeps_its_rows(tmp_path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    db = sqlite3.connect(folder / "library.sqlite3")
    db.executescript("""
        CREATE TABLE requests (job_id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, tool TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL, seed INTEGER,
            group_id TEXT, state TEXT NOT NULL, error TEXT, background_job_ids TEXT,
            resource_kind TEXT, resource_id TEXT, cost_usd REAL NOT NULL DEFAULT 0,
            cost_generations REAL NOT NULL DEFAULT 0, created REAL NOT NULL,
            updated REAL NOT NULL);
        CREATE TABLE results (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL,
            endpoint TEXT NOT NULL, tool TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
            params_json TEXT NOT NULL, seed INTEGER, cost_usd REAL NOT NULL DEFAULT 0,
            cost_generations REAL NOT NULL DEFAULT 0, created REAL NOT NULL,
            image_path TEXT NOT NULL, image_sha256 TEXT NOT NULL, width INTEGER NOT NULL,
            height INTEGER NOT NULL, variant_index INTEGER NOT NULL DEFAULT 0, thumb BLOB);
        INSERT INTO requests VALUES ('j1', 'rotate', 'rotate', 'old', '{}', NULL, NULL, 'done',
            NULL, NULL, NULL, NULL, 0.01, 0, 1.0, 1.0);
        INSERT INTO results (job_id, endpoint, tool, params_json, cost_usd, created, image_path,
            image_sha256, width, height) VALUES ('j1', 'rotate', 'rotate', '{}', 0.01, 1.0,
            'images/j1-0.png', 'x', 16, 16);
    """)
    db.commit()
    db.close()
    library = ResultsLibrary(folder)
    [record] = library.search()
    assert record.cost_usd == 0.01 and record.expected_usd is None and record.label == ""
    entry = library.journal_entry("j1")
    assert entry.description == "old" and entry.expected_generations is None
    library.journal_request("j2", "rotate", {"description": "new"}, expected=(0.0106, None))
    assert library.journal_entry("j2").expected_usd == 0.0106
    library.close()


def _every_route() -> list[tuple[str, Any]]:
    from studio.api.models import (
        EditAnimationV2Request,
        EditImageRequest,
        GenerateImageV2Request,
        GenerateWithStyleV2Request,
        InpaintV3Request,
        InterpolationV2Request,
    )

    image = frame()
    return [
        ("animate_with_text_v3", AnimateWithTextV3Request(
            first_frame=image, last_frame=image, action="walk", frame_count=4)),
        ("generate_8_rotations_v3", Generate8RotationsV3Request(first_frame=image)),
        ("inpaint_v3", InpaintV3Request(description="hat", inpainting_image=image,
                                        mask_image=image)),
        ("generate_image_v2", GenerateImageV2Request(
            description="tree", image_size=(32, 32), style_image=image,
            reference_images=[{"image": image, "usage_description": "shape"}])),
        ("generate_with_style_v2", GenerateWithStyleV2Request(style_images=[image],
                                                              description="tree")),
        ("edit_image", EditImageRequest(image=image, image_size=(32, 32), description="red",
                                        width=32, height=32)),
        ("create_image_pixen", PixenRequest(description="cat", image_size=(32, 32))),
        ("interpolation_v2", InterpolationV2Request(start_image=image, end_image=image,
                                                    action="turn", image_size=(32, 32))),
        ("edit_animation_v2", EditAnimationV2Request(description="red", frames=[image, image],
                                                     image_size=(32, 32))),
    ]


@pytest.mark.parametrize("index", range(9))
async def test_every_route_journals_resumes_and_rebuilds(tmp_path, index: int) -> None:
    from studio.core.jobs.results import rebuild_request

    endpoint, request = _every_route()[index]
    library = ResultsLibrary(tmp_path / "lib")
    service = Service(library, status=202 if index % 2 else 200)
    service.finished = False
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0, wait_timeout=3600)
        job = queue.submit(request)
        await until(lambda: job.state is JobState.WAITING)
        assert job.state is JobState.WAITING and job.endpoint == endpoint
        await queue.shutdown()
    assert service.journal_at_post == [["sending"]]  # journalled before the POST
    entry = library.journal_entry(job.id)
    # the journal can rebuild the exact body (for a resend the user asks for)
    assert rebuild_request(library, endpoint, entry.params).to_api_json() == \
        request.to_api_json()
    service.finished = True
    service.last_response = {"image": png_obj((9, 9, 9, 255))}  # `image`, not `images`
    async with client_for(service) as client:
        queue = JobQueue(client, library, poll_interval=0.0)
        [resumed] = queue.resume()
        await queue.join()
    assert resumed.state is JobState.DONE and len(service.posts) == 1
    assert len(library.results_for_job(job.id)) == 1
    library.close()
