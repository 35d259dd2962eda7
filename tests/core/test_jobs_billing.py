"""A paid answer that cannot be used: billed ones are costed and say so (journal, Jobs panel
data, session spend); bodies that cannot be parsed are "outcome unknown". Real client over
httpx.MockTransport, counting POSTs."""

from __future__ import annotations

import base64
import io

import httpx
import pytest
from PIL import Image

from studio.api import PixelLabClient
from studio.api.requests import PixfluxRequest
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue, JobState
from tests.api.conftest import BASE, TOKEN


def png_b64(size: tuple[int, int]) -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (9, 9, 9, 255)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


class Service:
    def __init__(self, answer: httpx.Response) -> None:
        self.answer, self.posts = answer, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.posts += 1
        return self.answer


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


async def run_one(library, answer: httpx.Response):
    service = Service(answer)
    async with PixelLabClient(token=TOKEN, base_url=BASE,
                              transport=httpx.MockTransport(service)) as api:
        queue = JobQueue(api, library)
        job = queue.submit(PixfluxRequest(description="tree", image_size=(32, 32), seed=3))
        await queue.join()
    return queue, job, service


BILLED = {"usage": {"type": "usd", "usd": 0.013}}


@pytest.mark.parametrize("image", [
    {"type": "base64", "base64": "not base64 at all!!"},
    {"type": "base64", "base64": png_b64((64, 32))},
], ids=["bad-base64", "wrong-size"])
async def test_billed_answer_with_an_unusable_image_is_costed_and_says_billed(library, image):
    queue, job, service = await run_one(
        library, httpx.Response(200, json={"image": image, **BILLED}))
    assert service.posts == 1
    assert job.state is JobState.FAILED
    assert job.cost_usd == pytest.approx(0.013)
    assert queue.spent_usd == pytest.approx(0.013)
    assert "billed this request ($0.0130)" in job.error
    entry = library.journal_entry(job.id)
    assert entry.cost_usd == pytest.approx(0.013) and "billed" in entry.error
    assert library.spend_since(0) == pytest.approx((0.013, 0.0))


@pytest.mark.parametrize("body", [b"<html><body>Bad gateway</body></html>",
                                  b'{"image": {"type": "base64", "base64": "iVBO'],
                         ids=["html", "truncated-json"])
async def test_unparseable_200_is_outcome_unknown(library, body):
    queue, job, service = await run_one(
        library, httpx.Response(200, content=body, headers={"content-type": "application/json"}))
    assert service.posts == 1
    assert job.state is JobState.OUTCOME_UNKNOWN
    assert library.journal_entry(job.id).state == "outcome_unknown"
