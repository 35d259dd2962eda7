"""The journal: one row per paid request, written before it is sent and updated as it goes.

Mixed into :class:`studio.core.jobs.library.ResultsLibrary`, which owns the SQLite connection
(``_db`` under ``_lock``), turns refused writes into sentences (``_writing``) and keeps input
images (``store_input``). Later updates of a row can be written by the journal's own thread
(:mod:`.ordered_writes`); every read here waits for them first.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from studio.core.jobs.library_store import strip_images
from studio.core.jobs.ordered_writes import OrderedWrites

UNFINISHED_STATES = ("queued", "sending", "waiting", "outcome_unknown")


class LibraryError(Exception):
    """A library operation could not be done (unknown id, missing file, bad input)."""


class LibraryWriteError(LibraryError):
    """The disk refused a write; the message is a sentence. Stored data is untouched."""


@dataclass(frozen=True)
class JournalEntry:
    job_id: str
    endpoint: str
    tool: str
    description: str
    params: dict[str, Any]
    seed: int | None
    group_id: str | None
    state: str
    error: str | None
    background_job_ids: list[str] = field(default_factory=list)
    resource_kind: str | None = None
    resource_id: str | None = None
    cost_usd: float = 0.0
    cost_generations: float = 0.0
    created: float = 0.0
    updated: float = 0.0
    expected_usd: float | None = None
    expected_generations: float | None = None


def tool_of(endpoint: str) -> str:
    """The tool name used for filtering: the endpoint without slashes or a version prefix."""
    return endpoint.strip("/").removeprefix("v2/")


class JournalRows:
    """The journal's reads and writes; the library provides the fields below."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _writes: OrderedWrites
    _writing: Callable[[], contextlib.AbstractContextManager[None]]
    store_input: Callable[[bytes], str]

    def journal_request(self, job_id: str, endpoint: str, params: dict[str, Any], *,
                        group_id: str | None = None, state: str = "queued",
                        expected: tuple[float | None, float | None] = (None, None),
                        ) -> JournalEntry:
        """Write a request row (before it is sent). Input images are kept once under inputs/.
        ``expected`` is the (usd, generations) the price rules gave before sending."""
        with self._writing():
            stored = strip_images(params, self.store_input)
        seed = stored.get("seed") if isinstance(stored.get("seed"), int) else None
        now = time.time()
        with self._lock, self._writing():
            self._db.execute(
                "INSERT INTO requests (job_id, endpoint, tool, description, params_json, seed,"
                " group_id, state, created, updated, expected_usd, expected_generations)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (job_id, endpoint, tool_of(endpoint),
                 str(stored.get("description") or stored.get("action") or ""),
                 json.dumps(stored, sort_keys=True), seed, group_id, state, now, now,
                 *expected),
            )
        return self._journal_row(job_id)  # pending updates are of other rows: no waiting

    def update_request(self, job_id: str, *, state: str | None = None, error: str | None = None,
                       background_job_ids: list[str] | None = None,
                       resource_kind: str | None = None, resource_id: str | None = None,
                       cost_usd: float | None = None,
                       cost_generations: float | None = None) -> None:
        values: dict[str, Any] = {"updated": time.time()}
        for name, value in (("state", state), ("error", error), ("resource_kind", resource_kind),
                            ("resource_id", resource_id), ("cost_usd", cost_usd),
                            ("cost_generations", cost_generations)):
            if value is not None:
                values[name] = value
        if background_job_ids is not None:
            values["background_job_ids"] = json.dumps(list(background_job_ids))
        sets = ", ".join(f"{name} = ?" for name in values)
        with self._lock, self._writing():
            cur = self._db.execute(f"UPDATE requests SET {sets} WHERE job_id = ?",
                                   (*values.values(), job_id))
        if cur.rowcount == 0:
            raise LibraryError(f"no journalled request with job id {job_id!r}")

    def update_request_soon(self, job_id: str, **fields: Any) -> Future[None]:
        """:meth:`update_request` in the journal's writer thread, after every update asked for
        before it (see :mod:`.ordered_writes`); its error is in the future."""
        return self._writes.submit(lambda: self.update_request(job_id, **fields))

    def wait_for_journal(self) -> None:
        """Block until the journal updates asked for so far are written."""
        self._writes.wait()

    def journal_entry(self, job_id: str) -> JournalEntry:
        self._writes.wait()
        return self._journal_row(job_id)

    def _journal_row(self, job_id: str) -> JournalEntry:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM requests WHERE job_id = ?", (job_id,)).fetchone()
            names = [d[0] for d in self._db.execute("SELECT * FROM requests LIMIT 0").description]
        if row is None:
            raise LibraryError(f"no journalled request with job id {job_id!r}")
        return entry_from_row(dict(zip(names, row, strict=True)))

    def journal_entries(self, states: tuple[str, ...] = UNFINISHED_STATES) -> list[JournalEntry]:
        marks = ",".join("?" * len(states))
        self._writes.wait()
        with self._lock:
            cur = self._db.execute(
                f"SELECT * FROM requests WHERE state IN ({marks}) ORDER BY created, job_id",
                states)
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return [entry_from_row(dict(zip(names, row, strict=True))) for row in rows]

    def spend_since(self, since: float) -> tuple[float, float]:
        """(usd, generations) recorded for requests created since ``since`` (epoch seconds)."""
        self._writes.wait()
        with self._lock:
            usd, gens = self._db.execute(
                "SELECT COALESCE(SUM(cost_usd),0), COALESCE(SUM(cost_generations),0)"
                " FROM requests WHERE created >= ?", (since,)).fetchone()
        return float(usd), float(gens)


def entry_from_row(row: dict[str, Any]) -> JournalEntry:
    return JournalEntry(
        job_id=row["job_id"], endpoint=row["endpoint"], tool=row["tool"],
        description=row["description"], params=json.loads(row["params_json"]), seed=row["seed"],
        group_id=row["group_id"], state=row["state"], error=row["error"],
        background_job_ids=json.loads(row["background_job_ids"] or "[]"),
        resource_kind=row["resource_kind"], resource_id=row["resource_id"],
        cost_usd=row["cost_usd"], cost_generations=row["cost_generations"],
        created=row["created"], updated=row["updated"],
        expected_usd=row.get("expected_usd"), expected_generations=row.get("expected_generations"),
    )

