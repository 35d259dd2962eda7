"""BatchRunner decisions in-process: what is resumed, what is sent, what is never sent twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

from studio.api.requests import PixfluxRequest
from studio.cli.recipe import BatchItem, expand
from studio.cli.runner import BatchRunner
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from tests.core.jobs_fakes import FakeClient

PREFIX = "batch:test:"


def make_items(out: Path, count: int) -> list[BatchItem]:
    request = PixfluxRequest(description="a red potion", image_size=(32, 32))
    return [item for i in range(count)
            for item in expand("create_image_pixflux", request.model_copy(update={"seed": i}),
                               f"{PREFIX}{i}", out, f"potion{i}")]


async def test_a_request_cut_off_while_sending_is_not_sent_again_unless_asked(
        tmp_path: Path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    items = make_items(tmp_path / "out", 2)
    # a previous run crashed while item 0 was on the wire
    library.journal_request("crashed", "create_image_pixflux",
                            items[0].request.to_api_json(), group_id=items[0].key)
    library.update_request("crashed", state="sending")
    client = FakeClient()
    outcome = await BatchRunner(JobQueue(client, library), items, PREFIX).run()
    assert [item.key for item in outcome.unknown] == [items[0].key]
    assert [r.seed for r in client.sent] == [1]  # only the item never sent before
    assert [item.name for item in outcome.done] == ["potion1"]
    assert (tmp_path / "out" / "potion1.png").is_file()

    resend = await BatchRunner(JobQueue(client, library), items, PREFIX,
                               resend_unknown=True).run()
    assert [r.seed for r in client.sent] == [1, 0] and resend.complete
    assert resend.reused == 1 and resend.sent == 1
    library.close()


async def test_stop_cancels_queued_requests_and_lets_the_one_on_the_wire_finish(
        tmp_path: Path) -> None:
    library = ResultsLibrary(tmp_path / "lib")
    items = make_items(tmp_path / "out", 3)
    client = FakeClient()
    client.gate = asyncio.Event()
    runner = BatchRunner(JobQueue(client, library, concurrency=1), items, PREFIX)
    task = asyncio.ensure_future(runner.run())
    while not client.in_flight:
        await asyncio.sleep(0)
    runner.request_stop()  # like Ctrl+C: nothing new is sent
    client.gate.set()  # the answer to the request on the wire arrives
    outcome = await task
    assert outcome.interrupted and [i.name for i in outcome.done] == ["potion0"]
    assert len(client.sent) == 1 and not outcome.failed

    client.gate = None
    rerun = await BatchRunner(JobQueue(client, library), items, PREFIX).run()
    assert rerun.complete and rerun.reused == 1 and rerun.sent == 2
    assert sorted(r.seed for r in client.sent) == [0, 1, 2]  # each sent exactly once
    library.close()
