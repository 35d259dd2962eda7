"""ResultsLibrary: storing, journalling, export, delete; 5000 rows search and paging."""

from __future__ import annotations

import json
import time

import pytest
from PIL import Image

from studio.core.jobs.library import LibraryError, ResultsLibrary
from studio.core.jobs.library_store import png_bytes, sha256_hex, thumbnail_png
from tests.core.jobs_fakes import solid

TOOLS = ("create_image_pixflux", "create_image_bitforge", "inpaint", "rotate")
WORDS = ("knight", "dragon", "potion", "tree", "castle")


@pytest.fixture
def library(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    yield lib
    lib.close()


def test_store_and_reload_result(library, tmp_path):
    library.journal_request("j1", "create_image_pixflux",
                            {"description": "red slime", "seed": 42, "image_size": {"width": 16}})
    record = library.store_result("j1", solid((255, 0, 0, 255)), cost_usd=0.012)
    assert record.description == "red slime" and record.seed == 42
    assert record.tool == "create_image_pixflux" and (record.width, record.height) == (16, 16)
    assert record.cost_usd == pytest.approx(0.012)
    assert library.load_image(record.id).getpixel((3, 3)) == (255, 0, 0, 255)
    thumb = Image.open(__import__("io").BytesIO(library.thumbnail(record.id)))
    assert thumb.size == (16, 16)
    out = library.export_png(record.id, tmp_path / "exported")
    assert out.suffix == ".png" and Image.open(out).getpixel((0, 0)) == (255, 0, 0, 255)
    library.delete(record.id)
    assert not record.image_path.exists()
    with pytest.raises(LibraryError, match="no result"):
        library.get(record.id)


def test_store_result_needs_a_journalled_request(library):
    with pytest.raises(LibraryError, match="no journalled request"):
        library.store_result("nope", solid((0, 0, 0, 255)))
    with pytest.raises(LibraryError):
        library.update_request("nope", state="done")


def test_bad_image_input_is_rejected_and_nothing_is_written(library):
    library.journal_request("j2", "rotate", {"description": ""})
    with pytest.raises(TypeError, match="not an image"):
        library.store_result("j2", "not an image")
    assert library.count() == 0
    assert not (library.folder / "images").exists() or not any(
        (library.folder / "images").iterdir())


def test_input_images_are_stored_once_by_hash(library):
    img = {"type": "base64", "base64": __import__("base64").b64encode(
        png_bytes(solid((9, 9, 9, 255)))).decode()}
    library.journal_request("a", "inpaint", {"description": "x", "inpainting_image": img,
                                             "frames": [img, None]})
    library.journal_request("b", "inpaint", {"description": "y", "inpainting_image": img})
    params = library.journal_entry("a").params
    ref = params["inpainting_image"]["sha256"]
    assert params["frames"][0]["sha256"] == ref and params["frames"][1] is None
    assert len(list((library.folder / "inputs").iterdir())) == 1
    assert "base64" not in json.dumps(params)
    with pytest.raises(LibraryError, match="not an input image reference"):
        library.input_image("../../etc/passwd")


def test_reopening_keeps_everything(tmp_path):
    lib = ResultsLibrary(tmp_path / "lib")
    lib.journal_request("j", "rotate", {"description": "turn"})
    lib.update_request("j", state="waiting", background_job_ids=["bg-1", "bg-2"])
    lib.store_result("j", solid((1, 1, 1, 255)))
    lib.close()
    again = ResultsLibrary(tmp_path / "lib")
    assert again.journal_entry("j").background_job_ids == ["bg-1", "bg-2"]
    assert [e.job_id for e in again.journal_entries()] == ["j"]
    assert again.count() == 1
    mode = again._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    again.close()


def fill(library: ResultsLibrary, n: int) -> None:
    thumb = thumbnail_png(solid((5, 5, 5, 255)))
    base = time.time() - n
    rows = []
    for i in range(n):
        desc = f"{WORDS[i % len(WORDS)]} number {i}"
        rows.append((f"job{i}", TOOLS[i % len(TOOLS)], TOOLS[i % len(TOOLS)], desc,
                     json.dumps({"description": desc, "seed": i}), i, 0.01, 0.0,
                     base + i // 2, f"images/job{i}-0.png", sha256_hex(str(i).encode()), 32, 32,
                     0, thumb))
    library.bulk_insert_for_tests(rows)


def test_5000_rows_search_filter_and_paging(library):
    fill(library, 5000)
    assert library.count() == 5000
    assert library.count(text="dragon") == 1000
    assert library.count(tool="rotate") == 1250
    assert library.count(text="dragon", tool="create_image_bitforge") == 250  # i % 20 == 1
    assert library.count(text="knight", tool="create_image_pixflux") == 250
    assert library.tools() == sorted(TOOLS)
    # offset paging and keyset paging walk the same rows, newest first, without repeats
    by_offset = [r.id for off in range(0, 5000, 500) for r in library.search(limit=500,
                                                                             offset=off)]
    by_key, after = [], None
    while page := library.search(limit=700, after=after):
        by_key += [r.id for r in page]
        after = (page[-1].created, page[-1].id)
    assert by_offset == by_key
    assert len(set(by_key)) == 5000
    created = [library.get(i).created for i in by_key[:20]]
    assert created == sorted(created, reverse=True)
    # search is fast thanks to the indexes
    start = time.perf_counter()
    page = library.search(text="potion", limit=100, offset=400)
    assert time.perf_counter() - start < 0.2
    assert len(page) == 100 and all("potion" in r.description for r in page)
    # LIKE wildcards in user text are literal
    assert library.count(text="%") == 0 and library.count(text="r_t") == 0
    assert library.count(text="e_i") == 2500  # a literal underscore still matches


def test_paging_arguments_are_checked(library):
    with pytest.raises(LibraryError, match="limit"):
        library.search(limit=0)


def test_spend_since(library):
    library.journal_request("x", "rotate", {"description": "a"})
    library.update_request("x", cost_usd=0.5, cost_generations=2)
    assert library.spend_since(0) == (0.5, 2.0)
    assert library.spend_since(time.time() + 10) == (0.0, 0.0)


def test_journal_updates_in_the_writer_thread_keep_their_order_and_reads_wait(library):
    """update_request_soon writes in one background thread, in order; a read of the journal
    (and closing) waits for the updates asked for before it."""
    import threading

    library.journal_request("job", "create-image-pixflux", {"description": "x"})
    gate = threading.Event()
    writers: set[str] = set()
    update = library.update_request

    def slow_update(job_id, **fields):  # the first write waits for the disk (the gate)
        writers.add(threading.current_thread().name)
        if fields.get("state") == "sending":
            gate.wait(5)
        update(job_id, **fields)

    library.update_request = slow_update
    first = library.update_request_soon("job", state="sending")
    last = library.update_request_soon("job", state="done", cost_usd=0.02)
    assert not first.done() and not last.done()  # the caller did not wait for the disk
    threading.Timer(0.05, gate.set).start()
    entry = library.journal_entry("job")  # waits for both, in the order they were asked
    assert first.done() and last.done()
    assert entry.state == "done" and entry.cost_usd == 0.02
    assert writers and threading.current_thread().name not in writers
    assert library.spend_since(0) == (0.02, 0.0)
    refused = library.update_request_soon("no-such-job", state="done")
    library.journal_entries()
    assert isinstance(refused.exception(), LibraryError)  # the error is in the future


def test_a_journal_update_after_closing_is_dropped_with_a_log_line(library, caplog):
    library.journal_request("job", "create-image-pixflux", {"description": "x"})
    library.close()
    done = library.update_request_soon("job", state="done")
    assert done.done() and done.exception() is None  # nothing raised into the studio
    assert "after the library closed" in caplog.text
